/**
 * Cases: the lifecycle actions every other room builds on. changeCase applies one change under
 * a row lock (transition, event, thread note, card refresh in one transaction); reply, resolve
 * and reopen are the buttons that need no money; connector-call reaches the marketplace outside
 * any transaction.
 */
export { changeCase, readCase, stateRefusal, threadView, writeChange } from './change-case.js';
export { destinationFor, queueCaseUpdate } from './case-messages.js';
export { actionContext, callConnector } from './connector-call.js';
export { draftReply, replyToCase } from './reply.js';
export { reopenCase, resolveCase } from './resolve.js';

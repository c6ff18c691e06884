/**
 * Intake: a buyer's message, review, return, dispute or order event becomes a stored inbox row,
 * a case with its clocks and its card, in one statement (fast-path.ts) or one transaction
 * (receive-event.ts); case-input.ts decides what an event asks for; CSV imports feed the same path.
 */
export { receiveEvent, type IntakeResult } from './receive-event.js';
export { importOrdersCsv } from './import-orders.js';

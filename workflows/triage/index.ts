/**
 * Triage, after intake and never inside it: new cases are claimed from a durable queue,
 * classified (AI or rules), acknowledged to the buyer when the team wants it
 * (auto-acknowledge.ts), and escalated when an automatic rule fires (triage.ts).
 */
export { triageBatch, TriageWorker } from './triage.js';

/**
 * Escalation to platform support: a person (the Escalate button, /escalate) or a rule (rules.ts,
 * run by triage; dispute-watch.ts for disputes nobody resolves) escalates; escalate.ts locks the
 * money buttons and queues the evidence pack (evidence-pack.ts) to the team's escalations channel
 * and its extra destinations (destinations.ts: email, signed webhook, sent by src/delivery/destinations);
 * support's answer comes back on the card.
 */
export { escalateCase, supportAnswer, type SupportOutcome } from './escalate.js';
export type { EscalationInput } from './evidence-pack.js';
export { evidencePack } from './evidence-pack.js';
export { allRules, teamEscalationRules, type EscalationRule } from './rules.js';
export { destinationSettingsFor, escalationTargets, queueExtraDestinations, type DestinationDefaults } from './destinations.js';
export { disputeWatchJob, watchDisputes } from './dispute-watch.js';

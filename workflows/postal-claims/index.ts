/**
 * Postal claims: the Postal claim help button's advice (carrier, claim type, window, evidence
 * checklist from src/domain/postal-claims.ts) and the reminders before the window closes (claim-help.ts).
 */
export { markClaimClosed, postalClaimHelp } from './claim-help.js';

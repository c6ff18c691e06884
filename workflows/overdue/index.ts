/**
 * Overdue: orders past their ship-by date and cases past their reply target or maximum, claimed
 * once each by the scan (scan.ts) and posted per channel, grouped into a digest when many (messages.ts).
 */
export { countPending, overdueScanJob, scanOverdue } from './scan.js';

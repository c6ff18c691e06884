/**
 * Standing: each shop's standing against the marketplace's metrics (30-day rates and the
 * standards' patterns); the watch tells the team once when a shop slips a level, with what
 * changed and what to learn (watch.ts). /shop-status shows the same verdict.
 */
export { patternInput, standingWatchJob, watchStandings, STANDING_KIND } from './watch.js';

import { DateTime } from 'luxon';

/** Labels of the time axis, in the shop's zone (luxon), in English like the rest of the bot's text ("Sep", not "Sept"). */

const local = (at: Date, zone: string): DateTime => DateTime.fromJSDate(at, { zone }).setLocale('en-US');

/** "Mon 3 Nov" */
export const dayLabel = (at: Date, zone: string): string => local(at, zone).toFormat('ccc d LLL');

/** "3 Nov" */
export const shortDayLabel = (at: Date, zone: string): string => local(at, zone).toFormat('d LLL');

/** Whether the instant falls on a Monday in the zone (weekly ticks). */
export const isMonday = (at: Date, zone: string): boolean => local(at, zone).weekday === 1;

/** "3 Nov – 2 Dec 2026", the span of a chart, for its subtitle. */
export function spanLabel(from: Date, to: Date, zone: string): string {
  const a = local(from, zone);
  const b = local(to, zone);
  return a.year === b.year
    ? `${a.toFormat('d LLL')} – ${b.toFormat('d LLL yyyy')}`
    : `${a.toFormat('d LLL yyyy')} – ${b.toFormat('d LLL yyyy')}`;
}

/** "Europe/Berlin (UTC+1)": the zone, named and with its offset at the end of the span. */
export function zoneLabel(zone: string, at: Date): string {
  const offset = local(at, zone).toFormat('Z');
  return `${zone} (UTC${offset === '+0' ? '' : offset})`;
}

/** Minutes as words: "45 min", "2 h", "1 h 30 min", "2 d". Tick values of a log axis may be fractional. */
export function durationLabel(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 60) return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1).replace(/\.0$/, '')} min`;
  const hours = minutes / 60;
  if (hours >= 48 && Number.isInteger(hours / 24)) return `${hours / 24} days`;
  const h = Math.floor(hours);
  const m = Math.round(minutes - h * 60);
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A ratio as a percentage with at most one decimal, like `percent` in the text ("92.5%"). */
export const percentLabel = (ratio: number): string => `${Math.round(ratio * 1000) / 10}%`;

/** Rounds for the SVG, so fixed data gives byte-identical output. */
export const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** A shop name cut to `max` characters with "…", so the subtitle keeps room for the figures after it. */
export const shortName = (name: string, max = 40): string => (name.length <= max ? name : `${name.slice(0, max - 1).trimEnd()}…`);

/**
 * A shop's standing against the marketplace's customer-service standards: on-time shipping,
 * responsiveness, overdue items and escalations. Pure: figures in, verdict and reasons out.
 * "under review" mirrors the point where the marketplace would step in; "at risk" is the
 * early warning, so the team can act first (education first, as the standards say).
 */

export type Standing = 'good' | 'at_risk' | 'under_review';

export interface StandingInput {
  shipDue: number;
  shippedOnTime: number;
  /** Cases opened in the window, and those first answered within the maximum. */
  cases: number;
  answeredWithinMax: number;
  answeredWithinTarget: number;
  overdueOpen: number;
  lateUnshipped: number;
  escalations: number;
}

export interface StandingVerdict {
  standing: Standing;
  reasons: string[];
  /** The one thing that would help most. */
  improve?: string;
}

export const STANDING_THRESHOLDS = {
  onTimeAtRisk: 0.9,
  onTimeUnderReview: 0.75,
  withinMaxAtRisk: 0.95,
  withinMaxUnderReview: 0.8,
  overdueUnderReview: 10,
  escalationsAtRisk: 3,
  /** Fewer than this many items are too few to judge a rate. */
  minSample: 5,
};

const pct = (r: number) => `${Math.round(r * 100)}%`;

export function assessStanding(i: StandingInput): StandingVerdict {
  const t = STANDING_THRESHOLDS;
  const reasons: Array<{ level: Standing; text: string; improve: string }> = [];
  if (i.shipDue >= t.minSample) {
    const r = i.shippedOnTime / i.shipDue;
    if (r < t.onTimeUnderReview)
      reasons.push({
        level: 'under_review',
        text: `on-time shipping ${pct(r)} (below ${pct(t.onTimeUnderReview)})`,
        improve: 'Ship within the shipping window, or update handling times so they are realistic.',
      });
    else if (r < t.onTimeAtRisk)
      reasons.push({
        level: 'at_risk',
        text: `on-time shipping ${pct(r)} (below ${pct(t.onTimeAtRisk)})`,
        improve: 'Ship within the shipping window, or update handling times so they are realistic.',
      });
  }
  if (i.cases >= t.minSample) {
    const r = i.answeredWithinMax / i.cases;
    if (r < t.withinMaxUnderReview)
      reasons.push({
        level: 'under_review',
        text: `${pct(r)} of buyers answered within the maximum time`,
        improve: 'Answer every buyer within the maximum response time; check the overdue list daily.',
      });
    else if (r < t.withinMaxAtRisk)
      reasons.push({
        level: 'at_risk',
        text: `${pct(r)} of buyers answered within the maximum time`,
        improve: 'Answer every buyer within the maximum response time; check the overdue list daily.',
      });
  }
  if (i.overdueOpen >= t.overdueUnderReview)
    reasons.push({
      level: 'under_review',
      text: `${i.overdueOpen} buyer cases past their response target`,
      improve: 'Clear the overdue cases: a short acknowledgement stops the clock.',
    });
  else if (i.overdueOpen > 0)
    reasons.push({
      level: 'at_risk',
      text: `${i.overdueOpen} buyer case(s) past their response target`,
      improve: 'Clear the overdue cases: a short acknowledgement stops the clock.',
    });
  if (i.lateUnshipped > 0)
    reasons.push({
      level: 'at_risk',
      text: `${i.lateUnshipped} order(s) not shipped by their ship-by date`,
      improve: 'Ship the late orders and tell those buyers about the delay.',
    });
  if (i.escalations >= t.escalationsAtRisk)
    reasons.push({
      level: 'at_risk',
      text: `${i.escalations} escalations to platform support`,
      improve: 'Look for the pattern behind the escalations and fix it at the source.',
    });
  const standing: Standing = reasons.some((r) => r.level === 'under_review') ? 'under_review' : reasons.length ? 'at_risk' : 'good';
  const first = reasons.find((r) => r.level === standing) ?? reasons[0];
  return { standing, reasons: reasons.map((r) => r.text), ...(first ? { improve: first.improve } : {}) };
}

export const STANDING_LABEL: Record<Standing, string> = { good: 'Good', at_risk: 'At risk', under_review: 'Under review' };

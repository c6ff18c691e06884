import type { DisputeEvidenceResult } from '../connector.js';
import { gidTail, refusal, toGid, type AdminClient, type UserError } from './graphql.js';

/**
 * Dispute evidence through the Admin API (2026-01):
 * - `dispute(id:)` → ShopifyPaymentsDispute { status, evidenceDueBy, disputeEvidence { id } }
 *   (https://shopify.dev/docs/api/admin-graphql/2026-01/queries/dispute; read_shopify_payments_disputes);
 * - `disputeEvidenceUpdate(id: <ShopifyPaymentsDisputeEvidence id>, input: ShopifyPaymentsDisputeEvidenceUpdateInput!)`
 *   (write_shopify_payments_dispute_evidences; the user must have manage_orders_information).
 *   The input takes text fields (customer name and email, shipping address, uncategorizedText,
 *   accessActivityLog, cancellation/refund policy disclosures, cancellationRebuttal,
 *   refundRefusalExplanation), files only as ids of already uploaded files, and
 *   `submitEvidence: Boolean` (default false: saved, and Shopify sends it on the due date).
 *   Its userErrors carry codes such as EVIDENCE_PAST_DUE_DATE and EVIDENCE_ALREADY_ACCEPTED.
 * Only a dispute that needs a response takes new evidence; under review, won, lost or accepted
 * are answered with what Shopify allows instead of a call that would fail.
 */

export interface DisputeEvidence {
  customerEmailAddress?: string;
  customerFirstName?: string;
  customerLastName?: string;
  shippingAddress?: {
    firstName?: string;
    lastName?: string;
    company?: string;
    address1?: string;
    address2?: string;
    city?: string;
    provinceCode?: string;
    countryCode?: string;
    zip?: string;
    phone?: string;
  };
  /** The evidence pack as text: order, fulfilment, tracking, delivery events, buyer messages. */
  uncategorizedText?: string;
  accessActivityLog?: string;
  cancellationPolicyDisclosure?: string;
  cancellationRebuttal?: string;
  refundPolicyDisclosure?: string;
  refundRefusalExplanation?: string;
}

export const DISPUTE_QUERY = `query SellerDeskDispute($id: ID!) {
  dispute(id: $id) {
    id
    status
    type
    evidenceDueBy
    evidenceSentOn
    finalizedOn
    amount { amount currencyCode }
    disputeEvidence { id }
  }
}`;

export const DISPUTE_EVIDENCE_UPDATE = `mutation SellerDeskDisputeEvidenceUpdate($id: ID!, $input: ShopifyPaymentsDisputeEvidenceUpdateInput!) {
  disputeEvidenceUpdate(id: $id, input: $input) {
    disputeEvidence { id }
    userErrors { field message code }
  }
}`;

type Dispute = {
  id: string;
  status: string;
  type: string;
  evidenceDueBy: string | null;
  evidenceSentOn: string | null;
  disputeEvidence: { id: string } | null;
};

const CODE_TEXT: Record<string, string> = {
  EVIDENCE_PAST_DUE_DATE: 'the evidence due date has passed',
  EVIDENCE_ALREADY_ACCEPTED: 'Shopify already accepted evidence for this dispute',
  EVIDENCE_UNDER_REVIEW: 'the card network is already reviewing the evidence',
  DISPUTE_EVIDENCE_NOT_FOUND: 'Shopify has no evidence record for this dispute',
};

const DECIDED: Record<string, string> = {
  WON: 'the dispute was won',
  LOST: 'the dispute was lost',
  ACCEPTED: 'the dispute was accepted',
  CHARGE_REFUNDED: 'the charge was refunded',
  PREVENTED: 'the dispute was prevented',
};

const clean = (evidence: DisputeEvidence): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(evidence)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x)) : v]),
  );

/** Updates (and optionally submits) the evidence of one Shopify Payments dispute. Safe to repeat. */
export async function updateDisputeEvidence(
  admin: AdminClient,
  r: { disputeId: string; evidence: DisputeEvidence; submit: boolean },
): Promise<DisputeEvidenceResult> {
  const id = toGid('ShopifyPaymentsDispute', r.disputeId);
  if (!id)
    return { ok: false, retryable: false, code: 'invalid', error: `dispute ${r.disputeId.slice(0, 40)} is not a Shopify dispute id` };
  const got = await admin.request<{ dispute: Dispute | null }>(DISPUTE_QUERY, { id });
  if (!got.ok) return got;
  const d = got.data.dispute;
  if (!d) return { ok: false, retryable: false, code: 'not_found', error: `Shopify has no dispute ${gidTail(id)}` };
  const evidenceId = d.disputeEvidence?.id;
  if (!evidenceId) return { ok: false, retryable: false, code: 'not_found', error: CODE_TEXT.DISPUTE_EVIDENCE_NOT_FOUND! };
  if (d.status === 'UNDER_REVIEW') {
    // A submit whose answer was lost lands here on retry: the evidence is in.
    if (r.submit && d.evidenceSentOn) return { ok: true, ref: evidenceId, evidenceId, submitted: true };
    return { ok: false, retryable: false, code: 'refused', error: `Shopify takes no more evidence: ${CODE_TEXT.EVIDENCE_UNDER_REVIEW}` };
  }
  if (DECIDED[d.status])
    return { ok: false, retryable: false, code: 'refused', error: `Shopify takes no more evidence: ${DECIDED[d.status]}` };
  const input = { ...clean(r.evidence), submitEvidence: r.submit };
  type Res = { disputeEvidenceUpdate: { disputeEvidence: { id: string } | null; userErrors: UserError[] } | null };
  const res = await admin.request<Res>(DISPUTE_EVIDENCE_UPDATE, { id: evidenceId, input });
  if (!res.ok) return res;
  const p = res.data.disputeEvidenceUpdate;
  if (p?.userErrors.length)
    return refusal(
      'dispute evidence',
      p.userErrors.map((e) => ({ ...e, message: (e.code && CODE_TEXT[e.code]) || e.message })),
    );
  if (!p?.disputeEvidence) return { ok: false, retryable: true, code: 'invalid', error: 'Shopify saved no evidence and gave no reason' };
  return { ok: true, ref: p.disputeEvidence.id, evidenceId: p.disputeEvidence.id, submitted: r.submit };
}

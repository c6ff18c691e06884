/**
 * Approved replies, from the standards' "Handling Common Issues" and "Review Management"
 * (customer-service-best-practices.md): polite, specific, solution first, the buyer's name,
 * no blame, no promises we cannot keep.
 */

export const TEMPLATE_IDS = [
  'late_delivery',
  'wrong_item',
  'defective_item',
  'unhappy_customer',
  'positive_review',
  'negative_review',
  'general',
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface TemplateVars {
  firstName: string;
  orderId?: string | undefined;
  trackingLink?: string | undefined;
  expectedDate?: string | undefined;
  shopName?: string | undefined;
}

const TEMPLATES: Record<TemplateId, { label: string; text: string }> = {
  late_delivery: {
    label: 'Late delivery',
    text: 'Hi {firstName}, I apologize for the delay with order {orderId}. Let me check the tracking{trackingLink} and get back to you within 2 hours.',
  },
  wrong_item: {
    label: 'Wrong item',
    text: "Hi {firstName}, I sincerely apologize for the error with order {orderId}. I'll ship the correct item immediately with a prepaid return label for the wrong one.",
  },
  defective_item: {
    label: 'Defective item',
    text: "Hi {firstName}, I'm sorry you received a defective item in order {orderId}. I'll issue a full refund and you can keep or donate the item.",
  },
  unhappy_customer: {
    label: 'Unhappy customer',
    text: "Hi {firstName}, I understand your frustration. Here's what I can do to make this right: ",
  },
  positive_review: {
    label: 'Thank a positive review',
    text: 'Thank you so much, {firstName}! It means a lot that you took the time to share this. We hope to see you again soon.',
  },
  negative_review: {
    label: 'Answer a negative review',
    text: "Hi {firstName}, thank you for telling us. I'm sorry your order {orderId} didn't meet your expectations. I'd like to make it right: could we continue by message so I can sort this out for you?",
  },
  general: {
    label: 'General reply',
    text: 'Hi {firstName}, thank you for your message about order {orderId}. ',
  },
};

/** The template that fits a case: by kind and, for disputes, by the buyer's reason. */
export function templateFor(kind: string, flags: readonly string[] = []): TemplateId {
  if (kind === 'review') return 'negative_review';
  if (flags.includes('dispute:not_received')) return 'late_delivery';
  if (flags.includes('dispute:wrong_item')) return 'wrong_item';
  if (flags.includes('dispute:damaged') || flags.includes('dispute:not_as_described')) return 'defective_item';
  if (kind === 'return') return 'unhappy_customer';
  if (kind === 'dispute' || kind === 'chargeback') return 'unhappy_customer';
  return 'general';
}

/** Fills placeholders; a missing order id or tracking link drops its phrase rather than leaving a hole. */
export function renderTemplate(id: TemplateId, v: TemplateVars): string {
  return TEMPLATES[id].text
    .replace('{firstName}', v.firstName)
    .replace(' for order {orderId}', v.orderId ? ` for order ${v.orderId}` : '')
    .replace(' with order {orderId}', v.orderId ? ` with order ${v.orderId}` : '')
    .replace(' in order {orderId}', v.orderId ? ` in order ${v.orderId}` : '')
    .replace(' about order {orderId}', v.orderId ? ` about order ${v.orderId}` : '')
    .replace(' order {orderId}', v.orderId ? ` order ${v.orderId}` : '')
    .replace('{trackingLink}', v.trackingLink ? ` (${v.trackingLink})` : '')
    .replace('{expectedDate}', v.expectedDate ?? 'soon');
}

import { SELLERDESK_MAIL_HEADER } from './headers.js';
import type { Automated } from './types.js';

/**
 * Machine-sent mail, recognised from its headers (RFC 3834 and the conventions mail systems
 * actually use), so it creates no case and is never answered: no loops between our
 * acknowledgement and someone's out-of-office reply.
 */

/** Reads one header as a lowercased string ('' when absent); headers come from the parser. */
export type HeaderReader = (name: string) => string;

export function detectAutomated(header: HeaderReader, fromAddress: string | null, contentType: string): Automated | null {
  const own = header(SELLERDESK_MAIL_HEADER.toLowerCase());
  if (own) return { kind: own === 'acknowledgement' ? 'own-acknowledgement' : 'own-mail', sign: `${SELLERDESK_MAIL_HEADER}: ${own}` };

  const auto = header('auto-submitted');
  if (auto && auto !== 'no') {
    return { kind: auto.startsWith('auto-replied') ? 'auto-replied' : 'auto-generated', sign: `auto-submitted: ${auto}` };
  }
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-auto-reply']) {
    const v = header(name);
    if (v && v !== 'no' && v !== 'false') return { kind: 'auto-replied', sign: `${name}: ${v}` };
  }
  if (/^multipart\/report\b/.test(contentType) && /report-type="?(delivery-status|disposition-notification)/.test(contentType)) {
    return { kind: 'bounce', sign: 'content-type: multipart/report' };
  }
  if (fromAddress && /^(mailer-daemon|postmaster)@/.test(fromAddress))
    return { kind: 'bounce', sign: `from: ${fromAddress.split('@')[0]}` };

  const precedence = header('precedence');
  if (/^(bulk|junk|list|auto_reply)\b/.test(precedence)) {
    return { kind: precedence.startsWith('auto_reply') ? 'auto-replied' : 'bulk', sign: `precedence: ${precedence}` };
  }
  if (header('list-id')) return { kind: 'bulk', sign: 'list-id' };
  return null;
}

import type { InboundMail } from '../types.js';

/** The fields a marketplace parser reads: the mail before its own text and marketplace are set. */
export type MailBase = Omit<InboundMail, 'text' | 'automated' | 'marketplace'>;

/** Every https URL in the text, in order (trailing punctuation and brackets removed). */
export function httpsLinks(text: string): string[] {
  return [...text.matchAll(/https:\/\/[^\s<>()[\]"']+/gi)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
}

/** The first https link whose host ends with one of `hosts` and whose URL matches `path` (if given). */
export function linkTo(text: string, hosts: string[], path?: RegExp): string | null {
  for (const link of httpsLinks(text)) {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      continue;
    }
    const host = url.hostname.toLowerCase();
    if (!hosts.some((h) => host === h || host.endsWith(`.${h}`))) continue;
    if (path && !path.test(link)) continue;
    return link;
  }
  return null;
}

/** Lines between the first line matching `start` (exclusive) and the first after it matching `stop`. */
export function between(text: string, start: RegExp, stop: RegExp[]): string | null {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => start.test(l));
  if (from < 0) return null;
  const out: string[] = [];
  for (const line of lines.slice(from + 1)) {
    if (stop.some((s) => s.test(line))) break;
    out.push(line);
  }
  return out.join('\n').trim();
}

/** Trims blank runs and surrounding space; collapses runs of 3+ newlines. */
export function cleanText(text: string): string {
  return text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** True when the address's domain is `domain` or a subdomain of it. */
export function fromDomain(mail: MailBase, ...domains: RegExp[]): boolean {
  const d = mail.from?.domain ?? '';
  return domains.some((re) => re.test(d));
}

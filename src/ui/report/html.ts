import { DateTime } from 'luxon';
import type { CardView, Node } from '../view.js';

/**
 * report.html: one self-contained page. The same cards the bot posts (the figures as text),
 * the charts as PNG data: URIs, optional tables and links to the CSV files beside it. Inline
 * CSS, no script, no remote asset; a Content-Security-Policy that allows images only from
 * data: and nothing from the network, so it opens offline and cannot call home even if some
 * text slipped through. Every text is HTML-escaped.
 */

export interface ReportChart {
  title: string;
  alt: string;
  png: Uint8Array;
  /** Pixel size of the PNG (shown at half: the charts are rendered at 2x). */
  width: number;
  height: number;
}

export interface ReportTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

export interface ReportHtmlInput {
  title: string;
  shop: { id: string; name: string; timeZone: string };
  period: { from: Date; to: Date };
  /** When the report was made (the Clock's now). */
  generatedAt: Date;
  /** The cards as the bot posts them (e.g. /shop-status, the digest's shop card). */
  views: CardView[];
  charts: ReportChart[];
  tables?: ReportTable[];
  /** Files written beside report.html (e.g. cases.csv), linked by relative name. */
  files?: string[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const when = (d: Date, zone: string, format = 'd LLL yyyy'): string => DateTime.fromJSDate(d, { zone }).setLocale('en-US').toFormat(format);

/** A file name that stays a relative link: no scheme, no slash, no "..". */
const safeFile = (name: string): string | undefined => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name) ? name : undefined);

function node(n: Node): string {
  const e = escapeHtml;
  switch (n.type) {
    case 'heading':
      return `<h3>${e(n.text)}</h3>`;
    case 'text':
      return `<p${n.emphasis ? ` class="${n.emphasis}"` : ''}>${e(n.text)}</p>`;
    case 'quote':
      return `<blockquote>${e(n.text)}${n.author ? `<cite>${e(n.author)}</cite>` : ''}</blockquote>`;
    case 'fields':
      return `<dl>${n.fields.map((f) => `<div${f.inline ? '' : ' class="wide"'}><dt>${e(f.label)}</dt><dd>${e(f.value)}</dd></div>`).join('')}</dl>`;
    case 'list':
      return `<ul>${n.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
    case 'links':
      // A report opens offline: the resource names, not remote links.
      return `<ul class="links">${n.links.map((l) => `<li>${e(l.label)}</li>`).join('')}</ul>`;
    case 'mentions':
      return n.text ? `<p>${e(n.text)}</p>` : '';
    case 'context':
      return `<p class="muted small">${e(n.text)}</p>`;
    case 'divider':
      return '<hr>';
    case 'actions':
      return ''; // Buttons act in the chat, not in a file.
  }
}

const card = (v: CardView): string =>
  `<section class="card ${v.accent ?? 'neutral'}"><h2>${escapeHtml(v.title)}</h2>${v.nodes.map(node).join('\n')}</section>`;

const chart = (c: ReportChart): string =>
  `<figure><img src="data:image/png;base64,${Buffer.from(c.png).toString('base64')}" width="${Math.round(c.width / 2)}" height="${Math.round(c.height / 2)}" alt="${escapeHtml(c.alt)}"><figcaption>${escapeHtml(c.alt)}</figcaption></figure>`;

function table(t: ReportTable): string {
  // A column of numbers is right-aligned, its header too.
  const numeric = t.columns.map(
    (_, i) => t.rows.some((r) => r[i] != null) && t.rows.every((r) => r[i] == null || typeof r[i] === 'number'),
  );
  const cls = (i: number) => (numeric[i] ? ' class="num"' : '');
  const head = t.columns.map((c, i) => `<th${cls(i)}>${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((v, i) => `<td${cls(i)}>${escapeHtml(v == null ? '' : String(v))}</td>`).join('')}</tr>`)
    .join('');
  return `<section><h2>${escapeHtml(t.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></section>`;
}

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.5 Inter, "Segoe UI", system-ui, -apple-system, sans-serif; color: #1F2328; background: #F6F8FA; margin: 0; }
main { max-width: 860px; margin: 0 auto; padding: 24px; }
header h1 { font-size: 26px; margin: 0 0 4px; }
header p { margin: 0; color: #57606A; }
.card, figure, section { background: #fff; border: 1px solid #D8DEE4; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
.card { border-left: 6px solid #8C959F; }
.card.success { border-left-color: #009E73; } .card.warning { border-left-color: #E69F00; } .card.danger { border-left-color: #D55E00; } .card.info { border-left-color: #0072B2; }
h2 { font-size: 18px; margin: 0 0 10px; } h3 { font-size: 15px; margin: 14px 0 6px; }
dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 8px 20px; margin: 0; }
dl .wide { grid-column: 1 / -1; } dt { font-size: 13px; color: #57606A; } dd { margin: 0; font-weight: 600; }
blockquote { margin: 8px 0; padding-left: 12px; border-left: 3px solid #D8DEE4; white-space: pre-wrap; } cite { display: block; color: #57606A; font-style: normal; }
.muted { color: #57606A; } .strong { font-weight: 600; } .small { font-size: 13px; }
figure { padding: 12px; } figure img { display: block; width: 100%; height: auto; } figcaption { font-size: 13px; color: #57606A; margin-top: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #D8DEE4; } .num { text-align: right; font-variant-numeric: tabular-nums; }
footer { color: #57606A; font-size: 13px; margin-top: 24px; }
@media print { body { background: #fff; } .card, figure, section { break-inside: avoid; } }
`;

export function reportHtml(r: ReportHtmlInput): string {
  const zone = r.shop.timeZone;
  const e = escapeHtml;
  const files = (r.files ?? []).flatMap((f) => {
    const name = safeFile(f);
    return name ? [`<a href="${e(name)}">${e(name)}</a>`] : [];
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${e(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${e(r.title)}</h1><p>${e(r.shop.name)} (${e(r.shop.id)}) · ${e(when(r.period.from, zone))} – ${e(when(r.period.to, zone))} · times in ${e(zone)}</p></header>
${r.views.map(card).join('\n')}
${r.charts.map(chart).join('\n')}
${(r.tables ?? []).map(table).join('\n')}
<footer>${files.length ? `<p>Data: ${files.join(' · ')}</p>` : ''}<p>Made by SellerDesk on ${e(when(r.generatedAt, zone, "d LLL yyyy', 'HH:mm"))} (${e(zone)}).</p></footer>
</main>
</body>
</html>
`;
}

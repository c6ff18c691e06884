/**
 * One contract for every card renderer (Slack Block Kit, Discord embeds, console text),
 * written once and run against each through a small common interface: what a reader
 * sees, which buttons are clickable, what breaks the platform's limits, and what would
 * become a live mention or link.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRow } from '../../src/db/rows.js';
import { renderCardText } from '../../src/ui/render-text.js';
import { DISCORD_LIMITS, renderCard as renderDiscord } from '../../src/platforms/discord/render.js';
import { renderCard as renderSlack } from '../../src/platforms/slack/render.js';
import { SLACK_LIMITS } from '../../src/platforms/slack/text.js';
import { caseCard } from '../../src/ui/cards/case-card.js';
import { card, type ButtonNode, type CardView } from '../../src/ui/view.js';

interface Rendered {
  /** All the text a reader sees, in the platform's own (escaped) form. */
  raw: string;
  /** Action ids of buttons a person can click. */
  clickable: string[];
  /** Action ids shown but not clickable. */
  disabled: string[];
  /** Limit violations, as readable strings (empty when within the platform's limits). */
  overLimits: string[];
  /** Things in the output that would notify people or hide a link (empty when safe). */
  leaks: string[];
}

interface RendererUnderTest {
  name: string;
  /** 'clickable': buttons carry their action ids; 'labels': a text-only surface that only names them. */
  buttons: 'clickable' | 'labels';
  render(view: CardView): Rendered;
  /** The raw text as a person reads it (escapes undone). */
  read(raw: string): string;
}

const over = (what: string, n: number, max: number): string[] => (n > max ? [`${what}: ${n} > ${max}`] : []);
const patterns = (raw: string, list: [string, RegExp][]): string[] => list.filter(([, re]) => re.test(raw)).map(([name]) => name);

type Block = Record<string, unknown>;
function slackTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) slackTexts(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Block;
    if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') slackTexts(v, out);
  }
  return out;
}

const slack: RendererUnderTest = {
  name: 'slack',
  buttons: 'clickable',
  render(view) {
    const { text, blocks } = renderSlack(view);
    const L = SLACK_LIMITS;
    const overLimits = [...over('blocks', blocks.length, L.blocksPerMessage), ...over('fallback text', text.length, L.fallbackText)];
    const clickable: string[] = [];
    for (const b of blocks) {
      if (b.type === 'header') overLimits.push(...over('header', String((b.text as Block).text).length, L.headerText));
      if (b.type === 'section') {
        if (b.text) overLimits.push(...over('section text', String((b.text as Block).text).length, L.sectionText));
        const fields = (b.fields as Block[] | undefined) ?? [];
        overLimits.push(
          ...over('section fields', fields.length, L.sectionFields),
          ...fields.flatMap((f) => over('field text', String(f.text).length, L.fieldText)),
        );
      }
      if (b.type === 'actions') {
        const els = b.elements as Block[];
        overLimits.push(...over('actions elements', els.length, L.actionsElements));
        for (const el of els) {
          clickable.push(String(el.action_id));
          overLimits.push(
            ...over('action_id', String(el.action_id).length, L.actionId),
            ...over('button text', String((el.text as Block).text).length, L.buttonText),
          );
        }
      }
    }
    const raw = [text, ...slackTexts(blocks)].join('\n');
    // Slack decodes only &, < and >; buyer text must never keep a raw "<" (mentions, <!channel>, <url|label>).
    const leaks = patterns(slackTexts(blocks).join('\n') + text, [
      ['raw < (mention or link syntax)', /</],
      ['bidi override', /[\u202A-\u202E\u2066-\u2069]/],
    ]);
    return { raw, clickable, disabled: [], overLimits, leaks };
  },
  read: (raw) => raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
};

const discord: RendererUnderTest = {
  name: 'discord',
  buttons: 'clickable',
  render(view) {
    const p = renderDiscord(view);
    const L = DISCORD_LIMITS;
    const parts: string[] = [p.content ?? ''];
    // Embed footers are plain text on Discord (no markdown, no mentions): read, but not checked for markup.
    const plainParts: string[] = [];
    const overLimits = [
      ...over('content', (p.content ?? '').length, L.content),
      ...over('embeds', p.embeds.length, L.embeds),
      ...over('rows', p.components.length, L.actionRows),
    ];
    let total = 0;
    for (const e of p.embeds) {
      const fields = e.fields ?? [];
      parts.push(e.title, e.description ?? '', ...fields.flatMap((f) => [f.name, f.value]));
      plainParts.push(e.footer?.text ?? '');
      total +=
        e.title.length +
        (e.description?.length ?? 0) +
        (e.footer?.text.length ?? 0) +
        fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
      overLimits.push(
        ...over('title', e.title.length, L.title),
        ...over('description', e.description?.length ?? 0, L.description),
        ...over('fields', fields.length, L.fields),
        ...over('footer', e.footer?.text.length ?? 0, L.footer),
        ...fields.flatMap((f) => [...over('field name', f.name.length, L.fieldName), ...over('field value', f.value.length, L.fieldValue)]),
      );
    }
    overLimits.push(...over('embed total', total, L.embedTotal));
    const clickable: string[] = [];
    const disabled: string[] = [];
    for (const row of p.components) {
      overLimits.push(...over('buttons in a row', row.components.length, L.buttonsPerRow));
      for (const b of row.components) {
        (b.disabled ? disabled : clickable).push(b.custom_id);
        parts.push(b.label);
        overLimits.push(...over('custom_id', b.custom_id.length, L.customId), ...over('label', b.label.length, L.buttonLabel));
      }
    }
    const raw = [...parts, ...plainParts].join('\n');
    const leaks = patterns(parts.join('\n'), [
      ['unescaped mention', /(?<!\\)<[@#]/],
      ['mass mention', /@(everyone|here)/],
      ['masked link', /(?<!\\)\[[^\]\n]*(?<!\\)\]\(/],
      ['bidi override', /[\u202A-\u202E\u2066-\u2069]/],
    ]);
    leaks.push(
      ...patterns(plainParts.join('\n'), [
        ['mass mention in a footer', /@(everyone|here)/],
        ['bidi override in a footer', /[\u202A-\u202E\u2066-\u2069]/],
      ]),
    );
    if (p.allowed_mentions.parse.length > 0 || p.allowed_mentions.users?.length || p.allowed_mentions.roles?.length)
      leaks.push('allowed_mentions lets the message ping');
    return { raw, clickable, disabled, overLimits, leaks };
  },
  read: (raw) => raw.replace(/\\(.)/g, '$1').replace(/\u200b/g, ''),
};

const console_: RendererUnderTest = {
  name: 'console',
  buttons: 'labels',
  render(view) {
    const raw = renderCardText(view);
    const leaks = patterns(raw, [
      // eslint-disable-next-line no-control-regex -- terminal escapes are what must not get through
      ['terminal control character', /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/],
      ['bidi override', /[\u202A-\u202E\u2066-\u2069]/],
    ]);
    return { raw, clickable: [], disabled: [], overLimits: [], leaks };
  },
  read: (raw) => raw,
};

// ---- the cards ----

const NOW = new Date('2026-11-23T15:00:00Z');
const shop = { id: 'shop-1', name: 'Mugs & Co', timeZone: 'UTC' };
function caseRow(over: Partial<CaseRow>): CaseRow {
  return {
    id: 12,
    shopId: 'shop-1',
    orderId: null,
    orderExternalId: 'A-1001',
    buyerName: 'Dana Smith',
    buyerId: 'b-1',
    kind: 'message',
    clockChannel: 'message',
    status: 'open',
    resolution: null,
    priority: 'normal',
    flags: [],
    subject: 'Where is my order?',
    body: 'Hi, my mug has not arrived yet.',
    rating: null,
    sourceEventId: 'evt-1',
    openedAt: new Date('2026-11-23T14:00:00Z'),
    targetAt: new Date('2026-11-24T14:00:00Z'),
    maxAt: new Date('2026-11-25T14:00:00Z'),
    firstResponseAt: null,
    escalatedAt: null,
    triagedAt: null,
    triage: null,
    targetAlertedAt: null,
    maxAlertedAt: null,
    resolvedAt: null,
    closedAt: null,
    lastActor: null,
    version: 1,
    updatedAt: NOW,
    ...over,
  } as CaseRow;
}

const HOSTILE =
  'Hi <!channel> @everyone @here <@U012ABCDEF> <@&130000000000000001> <#C0123ABCD> <@190000000000000012> [free refund](https://evil.example/x) <https://evil.example|your bank> \u202Eexe.gnp\u202C \u001b[31mred\u001b[0m **bold** ||spoiler|| &amp; done';
const longQuote = Array.from(
  { length: 120 },
  (_, i) => `Line ${i + 1}: the parcel was left at the wrong door and the neighbour says nothing came.`,
).join('\n');
const manyButtons: ButtonNode[] = Array.from({ length: 6 }, (_, i) => ({ actionId: `case.note:${i}`, label: `Note ${i}` }));

interface Example {
  name: string;
  view: CardView;
  /** Text from a buyer that must reach the reader (possibly cut, with a note). */
  buyer: string;
}
const examples: Example[] = [
  { name: 'a case card', view: caseCard({ c: caseRow({}), shop, now: NOW }), buyer: 'Hi, my mug has not arrived yet.' },
  {
    name: 'an escalated case card (disabled buttons)',
    view: caseCard({ c: caseRow({ status: 'escalated' }), shop, now: NOW }),
    buyer: 'Hi, my mug has not arrived yet.',
  },
  { name: 'a long quote', view: caseCard({ c: caseRow({ body: longQuote }), shop, now: NOW }), buyer: longQuote },
  {
    name: 'many fields and buttons',
    view: card({
      title: `Shop status ${'x'.repeat(300)}`,
      summary: 'status',
      nodes: [
        {
          type: 'fields',
          fields: Array.from({ length: 40 }, (_, i) => ({ label: `Metric ${i}`, value: `${i} `.repeat(200), inline: i % 2 === 0 })),
        },
        { type: 'quote', text: 'Buyer said: thanks for the quick help', author: 'Dana' },
        { type: 'actions', buttons: manyButtons },
        { type: 'actions', buttons: manyButtons.map((b, i) => ({ ...b, actionId: `case.more:${i}` })) },
      ],
    }),
    buyer: 'Buyer said: thanks for the quick help',
  },
  {
    name: 'hostile buyer text',
    view: (() => {
      const c = caseCard({
        c: caseRow({ body: HOSTILE, subject: HOSTILE.slice(0, 80), buyerName: '@everyone <@U012ABCDEF>' }),
        shop,
        now: NOW,
      });
      c.nodes.push(
        { type: 'list', items: [HOSTILE] },
        { type: 'fields', fields: [{ label: 'Note', value: HOSTILE }] },
        { type: 'context', text: HOSTILE },
        { type: 'text', text: HOSTILE, emphasis: 'muted' },
      );
      return c;
    })(),
    buyer: HOSTILE,
  },
];

// eslint-disable-next-line no-control-regex -- normalising away what renderers are expected to strip
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const norm = (s: string): string => s.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
const TRUNCATION_NOTE = /full text in the thread|left out|more fields?/i;
const buttonsOf = (view: CardView): ButtonNode[] => view.nodes.flatMap((n) => (n.type === 'actions' ? n.buttons : []));

describe.each([slack, discord, console_])('$name renderer contract', (r) => {
  describe.each(examples)('$name', ({ view, buyer }) => {
    const out = r.render(view);
    const seen = norm(r.read(out.raw));

    it('keeps the title', () => {
      expect(seen).toContain(norm(view.title).slice(0, 60));
    });

    it('keeps every enabled button, and no disabled button is clickable', () => {
      const buttons = buttonsOf(view);
      if (r.buttons === 'labels') {
        for (const b of buttons) expect(seen).toContain(b.label);
        return;
      }
      const enabled = buttons.filter((b) => !b.disabled).map((b) => b.actionId);
      expect(out.clickable).toEqual([...new Set(enabled)]);
      for (const b of buttons.filter((x) => x.disabled)) expect(out.clickable).not.toContain(b.actionId);
    });

    it('stays within the platform limits', () => {
      expect(out.overLimits).toEqual([]);
    });

    it('never turns buyer text into a mention, a link or a control sequence', () => {
      expect(out.leaks).toEqual([]);
    });

    it('includes the buyer text, or its start with a note that the rest is in the thread', () => {
      const lines = buyer.split('\n').map(norm).filter(Boolean);
      expect(seen).toContain(lines[0]!.slice(0, 60));
      if (lines.some((l) => !seen.includes(l))) expect(seen).toMatch(TRUNCATION_NOTE);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, FOOTER_RESERVE, TRUNCATION_NOTE, renderCard } from '../../src/platforms/discord/render.js';
import type { DiscordMessagePayload } from '../../src/platforms/discord/render.js';
import { type DiscordLabel, readModalValues, renderModal } from '../../src/platforms/discord/modal.js';
import { card } from '../../src/ui/view.js';
import type { ButtonNode, ModalView, Node } from '../../src/ui/view.js';
import { validateMessage, validateModal } from '../fakes/discord-wire.js';
import { escapeDiscordText } from '../../src/platforms/discord/text.js';

const HOSTILE = [
  '@everyone refund me now',
  'hey @here look',
  '<@123456789012345678> and <@!123456789012345678>',
  '<@&456789012345678901> role ping',
  '<#789012345678901234> channel',
  '</refund:1234567890123456789> slash mention',
  '<t:1700000000:R> timestamp',
  '[bank.com](https://evil.example) verify your account',
  '@\u200beveryone zero-width split',
  '@\u2060here word joiner split',
  '<\u200b@123456789012345678> split mention',
  '\u202Eenoyreve@\u202C bidi override',
  '\u2066@everyone\u2069 isolate',
  '**bold** __underline__ ~~strike~~ ||spoiler|| `code` > quote',
  '# Heading\n## sub\n-# subtext\n1. list',
  '\\<@123456789012345678> pre-escaped by the buyer',
  '\\\\@everyone double backslash',
  '<:emoji:123456789012345678> custom emoji',
];

/** Text where Discord renders markdown and mentions: content, titles, descriptions, fields. */
function renderedText(p: DiscordMessagePayload): string[] {
  const out: string[] = [];
  if (p.content) out.push(p.content);
  for (const e of p.embeds) {
    out.push(e.title, e.description ?? '');
    for (const f of e.fields ?? []) out.push(f.name, f.value);
  }
  return out;
}

/** Positions where `ch` appears preceded by an even number of backslashes (i.e. active). */
function unescaped(s: string, re: RegExp): string[] {
  const hits: string[] = [];
  for (const m of s.matchAll(new RegExp(re.source, 'g'))) {
    const before = /\\*$/.exec(s.slice(0, m.index))?.[0].length ?? 0;
    if (before % 2 === 0) hits.push(m[0]);
  }
  return hits;
}

function assertInert(s: string): void {
  expect(unescaped(s, /<[@#/:at]/), s).toEqual([]);
  expect(unescaped(s, /[[\]()*_~`|]/), s).toEqual([]);
  expect(s).not.toMatch(/@(everyone|here)/i);
  expect(s).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  // The only zero-width character left is the one we put after a mass-mention `@`.
  expect(s.replace(/@\u200b(everyone|here)/gi, '')).not.toMatch(/[\u200B-\u200D\u2060]/);
}

describe('escapeDiscordText', () => {
  it.each(HOSTILE)('neutralises %j', (input) => {
    assertInert(escapeDiscordText(input));
  });

  it('keeps the words readable', () => {
    expect(escapeDiscordText('@everyone')).toBe('@\u200beveryone');
    expect(escapeDiscordText('@\u200beveryone')).toBe('@\u200beveryone');
    expect(escapeDiscordText('<@123>')).toBe('\\<@123\\>');
    expect(escapeDiscordText('[bank.com](https://evil.example)')).toBe('\\[bank.com\\]\\(https://evil.example\\)');
    expect(escapeDiscordText('# title\n  - item\n3. three')).toBe('\\# title\n  \\- item\n3\\. three');
    expect(escapeDiscordText('a\u202Eb\u2066c')).toBe('abc');
    expect(escapeDiscordText('plain words, 100% fine.')).toBe('plain words, 100% fine.');
  });

  it('keeps emoji joined by zero-width joiners', () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    expect(escapeDiscordText(family)).toBe(family);
  });
});

describe('renderCard with buyer text', () => {
  const hostileCard = card({
    title: '@everyone <@123456789012345678> [Urgent](https://evil.example)',
    summary: 'x',
    nodes: [
      { type: 'heading', text: HOSTILE[0] as string },
      ...HOSTILE.map((text): Node => ({ type: 'text', text })),
      { type: 'quote', text: HOSTILE.join('\n'), author: '<@&456789012345678901>' },
      { type: 'list', items: HOSTILE },
      { type: 'fields', fields: HOSTILE.slice(0, 10).map((h) => ({ label: h, value: h })) },
      { type: 'context', text: HOSTILE.join(' ') },
    ],
  });

  it('never allows a mention and leaves no active markup', () => {
    const p = renderCard(hostileCard);
    expect(p.allowed_mentions).toEqual({ parse: [] });
    expect(p.content).toBeUndefined();
    for (const s of renderedText(p)) {
      if (s === p.embeds[0]?.description) {
        // Our own formatting: bold headings and quote markers; buyer text inside is escaped.
        assertInert(s.replace(/^\*\*|\*\*$/gm, '').replace(/^> /gm, ''));
      } else {
        assertInert(s);
      }
    }
    // Footers are plain text on Discord: no markup parsed, but no mass mention or bidi either.
    const footer = p.embeds[0]?.footer?.text ?? '';
    expect(footer).not.toMatch(/@(everyone|here)/i);
    expect(footer).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(validateMessage(p as unknown as Record<string, unknown>, { requireContent: true })).toBeNull();
  });

  it('renders bot-made mentions in content and allows exactly those', () => {
    const p = renderCard(
      card({
        title: 'Escalation',
        summary: 's',
        nodes: [
          {
            type: 'mentions',
            targets: [
              { kind: 'user', id: '123456789012345678' },
              { kind: 'role', id: '456789012345678901' },
              { kind: 'group', id: '456789012345678902' },
              { kind: 'channel', id: '789012345678901234' },
              { kind: 'user', id: 'U_NOT_A_SNOWFLAKE' },
            ],
            text: 'please look @everyone',
          },
        ],
      }),
    );
    expect(p.content).toBe(
      '<@123456789012345678> <@&456789012345678901> <@&456789012345678902> <#789012345678901234> please look @\u200beveryone',
    );
    expect(p.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'], roles: ['456789012345678901', '456789012345678902'] });
  });

  it('renders links only for http(s) urls, with escaped labels', () => {
    const p = renderCard(
      card({
        title: 'Links',
        summary: 's',
        nodes: [
          {
            type: 'links',
            links: [
              { url: 'https://shop.example/orders/1?a=(b)', label: 'Order [1](https://evil.example)' },
              { url: 'javascript:alert(1)', label: 'bad' },
              { url: 'not a url', label: 'worse' },
            ],
          },
        ],
      }),
    );
    const d = p.embeds[0]?.description ?? '';
    expect(d).toContain('[Order \\[1\\]\\(https://evil.example\\)](https://shop.example/orders/1?a=%28b%29)');
    expect(d).toContain('bad (link removed)');
    expect(d).toContain('worse (link removed)');
    expect(d).not.toContain('javascript:');
  });
});

describe('renderCard limits', () => {
  const long = (n: number, ch = 'a') => ch.repeat(n);

  it('keeps 25 fields and says how many moved to the thread', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: `v${i}`, inline: true }));
    const p = renderCard(card({ title: 't', summary: 's', nodes: [{ type: 'fields', fields }] }));
    expect(p.embeds[0]?.fields).toHaveLength(25);
    expect(p.embeds[0]?.fields?.[0]).toEqual({ name: 'F0', value: 'v0', inline: true });
    expect(p.embeds[0]?.description).toContain(`5 more fields: ${TRUNCATION_NOTE}`);
  });

  it('fits the 6000 total with room for the delivery marker', () => {
    const fields = Array.from({ length: 25 }, (_, i) => ({ label: long(300, 'n') + i, value: long(1100, 'v') }));
    const p = renderCard(
      card({
        title: long(300, 'T'),
        summary: 's',
        nodes: [
          { type: 'text', text: long(10_000) },
          { type: 'fields', fields },
          { type: 'context', text: long(3000, 'c') },
        ],
      }),
    );
    const e = p.embeds[0];
    if (!e) throw new Error('no embed');
    const total =
      e.title.length +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal - FOOTER_RESERVE);
    expect(e.title.length).toBeLessThanOrEqual(256);
    expect(e.footer?.text.length).toBeLessThanOrEqual(2048 - FOOTER_RESERVE);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    expect(validateMessage(p as unknown as Record<string, unknown>, { requireContent: true })).toBeNull();
  });

  it('cuts a long description with a note', () => {
    const p = renderCard(card({ title: 't', summary: 's', nodes: [{ type: 'text', text: long(9000, '*') }] }));
    const d = p.embeds[0]?.description ?? '';
    expect(d.length).toBeLessThanOrEqual(4096);
    expect(d.endsWith(`…\n\n*${TRUNCATION_NOTE}*`)).toBe(true);
    // The cut never leaves half of an escape.
    expect(unescaped(d.slice(0, -TRUNCATION_NOTE.length - 6), /\*/)).toEqual([]);
  });

  it('lays out at most 5 rows of 5 buttons with unique custom ids', () => {
    const buttons = (n: number, prefix: string): ButtonNode[] =>
      Array.from({ length: n }, (_, i) => ({
        actionId: `case.${prefix}:${i}`,
        label: `${prefix} ${i} ${long(100)}`,
        style: i === 0 ? 'danger' : 'primary',
      }));
    const p = renderCard(
      card({
        title: 't',
        summary: 's',
        nodes: [
          {
            type: 'actions',
            buttons: [...buttons(3, 'a'), { actionId: 'case.a:0', label: 'dupe' }, { actionId: 'case.x:1', label: 'Plain' }],
          },
          { type: 'actions', buttons: buttons(30, 'b') },
        ],
      }),
    );
    expect(p.components).toHaveLength(5);
    expect(p.components[0]?.components.map((b) => b.custom_id)).toEqual(['case.a:0', 'case.a:1', 'case.a:2', 'case.x:1']);
    expect(p.components[0]?.components.map((b) => b.style)).toEqual([4, 1, 1, 2]);
    for (const row of p.components) {
      expect(row.type).toBe(1);
      expect(row.components.length).toBeLessThanOrEqual(5);
      for (const b of row.components) expect(b.label.length).toBeLessThanOrEqual(80);
    }
    expect(validateMessage(p as unknown as Record<string, unknown>, { requireContent: true })).toBeNull();
  });
});

describe('renderModal and readModalValues', () => {
  const view: ModalView = {
    kind: 'modal',
    submitActionId: 'case.refund_submit:42',
    title: 'Refund the buyer for order #12345 right now please',
    submitLabel: 'Refund',
    intro: 'Refund **order** <@123456789012345678>',
    inputs: [
      { type: 'number', id: 'amount', label: 'Amount (USD)', min: 0, initial: '12.50' },
      {
        type: 'select',
        id: 'reason',
        label: 'Reason',
        options: [
          { value: 'damaged', label: 'Damaged' },
          { value: 'late', label: 'Late' },
        ],
        initial: 'late',
      },
      { type: 'text', id: 'note', label: 'Note to the buyer', multiline: true, optional: true, maxLength: 1000 },
    ],
  };

  it('renders Label components that Discord accepts', () => {
    const m = renderModal(view);
    expect(m.custom_id).toBe('case.refund_submit:42');
    expect(m.title.length).toBeLessThanOrEqual(45);
    expect(m.components[0]).toEqual({ type: 10, content: 'Refund \\*\\*order\\*\\* \\<@123456789012345678\\>' });
    const [, amount, reason, note] = m.components as DiscordLabel[];
    expect(amount?.component).toMatchObject({ type: 4, custom_id: 'amount', style: 1, required: true, value: '12.50' });
    expect(reason?.component).toMatchObject({ type: 3, custom_id: 'reason', required: true, min_values: 1, max_values: 1 });
    expect(reason?.component.type === 3 && reason.component.options.find((o) => o.default)?.value).toBe('late');
    expect(note?.component).toMatchObject({ type: 4, style: 2, required: false, max_length: 1000 });
    expect(validateModal(m as unknown as Record<string, unknown>)).toBeNull();
  });

  it('round-trips a submission (Label form and legacy action rows)', () => {
    const m = renderModal(view);
    const answers: Record<string, string> = { amount: '10', reason: 'damaged', note: 'Sorry!\nSecond line' };
    const submitted = m.components.map((c) => {
      if (c.type === 10) return { type: 10, id: 1 };
      const inner = c.component;
      const id = inner.custom_id;
      return {
        type: 18,
        id: 2,
        component:
          inner.type === 3
            ? { type: 3, id: 3, custom_id: id, values: [answers[id]] }
            : { type: 4, id: 3, custom_id: id, value: answers[id] },
      };
    });
    expect(readModalValues(submitted)).toEqual(answers);
    expect(readModalValues([{ type: 1, components: [{ type: 4, custom_id: 'note', value: 'x' }] }, { bogus: true }])).toEqual({
      note: 'x',
    });
  });

  it('falls back to a text input for selects with more than 25 options', () => {
    const options = Array.from({ length: 30 }, (_, i) => ({ value: `v${i}`, label: `V${i}` }));
    const m = renderModal({ ...view, intro: undefined, inputs: [{ type: 'select', id: 'pick', label: 'Pick', options }] });
    const label = m.components[0] as DiscordLabel;
    expect(label.component).toMatchObject({ type: 4, custom_id: 'pick', style: 1 });
    expect(label.component.type === 4 && label.component.placeholder?.startsWith('v0, v1, v2')).toBe(true);
    expect(validateModal(m as unknown as Record<string, unknown>)).toBeNull();
  });

  it('refuses more than 5 inputs and drops the intro when it would be a sixth component', () => {
    const text = (id: string) => ({ type: 'text' as const, id, label: id });
    expect(() => renderModal({ ...view, inputs: ['a', 'b', 'c', 'd', 'e', 'f'].map(text) })).toThrow(/1-5 inputs/);
    const five = renderModal({ ...view, inputs: ['a', 'b', 'c', 'd', 'e'].map(text) });
    expect(five.components).toHaveLength(5);
    expect(five.components.every((c) => c.type === 18)).toBe(true);
  });
});

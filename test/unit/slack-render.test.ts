import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { THREAD_NOTE, escapeSlackText, readModalValues, renderCard, renderModal } from '../../src/platforms/slack/render.js';
import { card } from '../../src/ui/view.js';
import type { CardView, ModalView, Node } from '../../src/ui/view.js';
import { validateMessageBlocks, validateModalView } from '../fakes/slack-blocks.js';

const HOSTILE = [
  '<!channel> refund me now',
  '<!here|here> look',
  '<!everyone>',
  'ping <@U123> and <@W999|boss>',
  '<!subteam^S1> on-call',
  'see <#C1> or <#C1|general>',
  'click <https://evil.example|bank.com> to verify',
  '<mailto:a@b.c|support>',
  'already &lt;escaped&gt; &amp; stuff',
  'zero\u200Bwidth\u200D<\u200B!channel\u200B>',
  'bidi \u202Emoc.knab\u202C and \u2066isolate\u2069 \uFEFFbom',
  '> fake quote\n>>> block quote',
  '*bold* _it_ ~strike~ `code` ```fence```',
];

const textOf = (b: unknown): string => (b as { text: { text: string } }).text.text;
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

function hostileCard(s: string): CardView {
  return card({
    title: s,
    summary: s,
    accent: 'danger',
    nodes: [
      { type: 'heading', text: s },
      { type: 'text', text: s },
      { type: 'text', text: s, emphasis: 'strong' },
      { type: 'text', text: s, emphasis: 'muted' },
      { type: 'quote', text: s, author: s },
      { type: 'fields', fields: [{ label: s, value: s }] },
      { type: 'list', items: [s, s] },
      { type: 'context', text: s },
      { type: 'mentions', targets: [], text: s },
      { type: 'actions', buttons: [{ actionId: 'case.ack:1', label: s }] },
    ],
  });
}

describe('escapeSlackText', () => {
  it('escapes the control characters and nothing else', () => {
    expect(escapeSlackText('<!channel>')).toBe('&lt;!channel&gt;');
    expect(escapeSlackText('<https://evil.example|bank.com>')).toBe('&lt;https://evil.example|bank.com&gt;');
    expect(escapeSlackText('&lt;')).toBe('&amp;lt;');
    expect(escapeSlackText('Tom & Jerry\'s "café"')).toBe('Tom &amp; Jerry\'s "café"');
  });

  it('strips zero-width and bidi control characters', () => {
    expect(escapeSlackText('a\u200Bb\u200Dc\u202Ed\u2060e\uFEFFf\u2067g')).toBe('abcdefg');
  });

  it('never leaves a control character or invisible character, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const out = escapeSlackText(s);
        expect(out).not.toMatch(/[<>]/);
        expect(out).not.toMatch(INVISIBLE);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }),
    );
  });
});

describe('renderCard', () => {
  it.each(HOSTILE)('buyer text cannot produce markup: %j', (s) => {
    const { text, blocks } = renderCard(hostileCard(s));
    const json = JSON.stringify({ text, blocks });
    expect(json).not.toContain('<');
    expect(json).not.toMatch(INVISIBLE);
    expect(validateMessageBlocks(blocks)).toEqual([]);
  });

  it('renders the nodes to Block Kit', () => {
    const { text, blocks } = renderCard(
      card({
        title: 'Case #42: late parcel',
        summary: 'Case #42 needs a reply',
        accent: 'warning',
        nodes: [
          { type: 'text', text: 'Buyer asked where the parcel is.' },
          { type: 'fields', fields: [{ label: 'Order', value: '#1001' }] },
          {
            type: 'links',
            links: [
              { url: 'https://shop.example/orders/1001?a=1&b=2', label: 'Order | 1001 >' },
              { url: 'javascript:alert(1)', label: 'bad' },
            ],
          },
          {
            type: 'mentions',
            targets: [
              { kind: 'group', id: 'S0ONCALL' },
              { kind: 'user', id: 'U0ALICE' },
              { kind: 'channel', id: 'C0CASES' },
              { kind: 'user', id: 'U1>' },
              { kind: 'role', id: '123' },
            ],
            text: 'please look',
          },
          { type: 'divider' },
          {
            type: 'actions',
            buttons: [
              { actionId: 'case.ack:42', label: 'Acknowledge', style: 'primary' },
              { actionId: 'case.close:42', label: 'Close', style: 'default' },
              { actionId: 'case.x:42', label: 'Off', disabled: true },
            ],
          },
        ],
      }),
    );
    expect(text).toBe('Case #42 needs a reply');
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':warning: Case #42: late parcel', emoji: true } });
    expect(blocks[1]).toMatchObject({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Buyer asked where the parcel is.', verbatim: true },
    });
    expect(blocks[2]).toMatchObject({ type: 'section', fields: [{ type: 'mrkdwn', text: '*Order*\n#1001' }] });
    expect(textOf(blocks[3])).toBe('<https://shop.example/orders/1001?a=1&amp;b=2|Order 1001> · bad');
    expect(textOf(blocks[4])).toBe('<!subteam^S0ONCALL> <@U0ALICE> <#C0CASES> please look');
    expect(blocks[5]).toEqual({ type: 'divider' });
    expect(blocks[6]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Acknowledge', emoji: true },
          action_id: 'case.ack:42',
          value: 'case.ack:42',
          style: 'primary',
        },
        { type: 'button', text: { type: 'plain_text', text: 'Close', emoji: true }, action_id: 'case.close:42', value: 'case.close:42' },
      ],
    });
    expect(validateMessageBlocks(blocks)).toEqual([]);
  });

  it('cuts a 10,000-character quote under 3000 and says the full text is in the thread', () => {
    const long = 'word & <b> '.repeat(1000);
    const { blocks } = renderCard(card({ title: 'Message', summary: 'm', nodes: [{ type: 'quote', text: long, author: 'Buyer' }] }));
    const quote = textOf(blocks[1]);
    expect(quote.length).toBeLessThanOrEqual(3000);
    expect(quote.endsWith('…')).toBe(true);
    expect(quote).not.toMatch(/&[a-z]{0,3}…$/); // no entity split by the cut
    expect(blocks[2]).toMatchObject({ type: 'context', elements: [{ type: 'mrkdwn', text: THREAD_NOTE }] });
    expect(validateMessageBlocks(blocks)).toEqual([]);
  });

  it('keeps at most 50 blocks, keeping the actions', () => {
    const nodes: Node[] = Array.from({ length: 60 }, (_, i) => ({ type: 'text', text: `line ${i}` }));
    nodes.push({ type: 'actions', buttons: [{ actionId: 'case.ack:1', label: 'Ack' }] });
    const { blocks } = renderCard(card({ title: 'Many', summary: 'many', nodes }));
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocks.at(-1)).toMatchObject({ type: 'actions' });
    expect(blocks.some((b) => JSON.stringify(b).includes('left out'))).toBe(true);
    expect(validateMessageBlocks(blocks)).toEqual([]);
  });

  it('splits more than 10 fields and more than 25 buttons', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: 'x'.repeat(2500) }));
    const buttons = Array.from({ length: 30 }, (_, i) => ({ actionId: `case.b:${i}`, label: 'L'.repeat(100) }));
    const { blocks } = renderCard(
      card({
        title: 'T'.repeat(400),
        summary: 's'.repeat(5000),
        nodes: [
          { type: 'fields', fields },
          { type: 'actions', buttons },
        ],
      }),
    );
    const sections = blocks.filter((b) => b.type === 'section') as unknown as Array<{ fields: unknown[] }>;
    expect(sections.map((s) => s.fields.length)).toEqual([10, 10, 3]);
    const actions = blocks.filter((b) => b.type === 'actions') as unknown as Array<{ elements: unknown[] }>;
    expect(actions.map((a) => a.elements.length)).toEqual([25, 5]);
    expect(validateMessageBlocks(blocks)).toEqual([]);
    expect(renderCard(card({ title: 'x', summary: 's'.repeat(5000), nodes: [] })).text.length).toBeLessThanOrEqual(3000);
  });

  it('renders any text within the limits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 4000 }), fc.string({ maxLength: 300 }), (s, t) => {
        const { text, blocks } = renderCard({ ...hostileCard(s), title: t });
        expect(validateMessageBlocks(blocks)).toEqual([]);
        expect(text.length).toBeLessThanOrEqual(3000);
        expect(JSON.stringify(blocks)).not.toContain('<');
      }),
      { numRuns: 200 },
    );
  });
});

describe('renderModal / readModalValues', () => {
  const modal: ModalView = {
    kind: 'modal',
    submitActionId: 'case.refund:42',
    title: 'Refund the buyer of order #1001',
    submitLabel: 'Refund',
    intro: 'Refund <b>order</b> #1001',
    inputs: [
      { type: 'number', id: 'amount', label: 'Amount', initial: '12.50', min: 0 },
      {
        type: 'select',
        id: 'reason',
        label: 'Reason',
        options: [
          { value: 'late', label: 'Late' },
          { value: 'damaged', label: 'Damaged' },
        ],
        initial: 'late',
      },
      { type: 'text', id: 'note', label: 'Note to buyer', multiline: true, optional: true, maxLength: 500, placeholder: 'Optional' },
    ],
  };

  it('renders a valid views.open view', () => {
    const view = renderModal(modal, '{"caseId":42}') as Record<string, unknown> & {
      blocks: Array<Record<string, unknown>>;
      title: { text: string };
    };
    expect(validateModalView(view)).toEqual([]);
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'case.refund:42',
      private_metadata: '{"caseId":42}',
      submit: { text: 'Refund' },
    });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks[0]).toMatchObject({ type: 'section', text: { text: 'Refund &lt;b&gt;order&lt;/b&gt; #1001' } });
    expect(view.blocks[1]).toMatchObject({
      type: 'input',
      block_id: 'amount',
      optional: false,
      element: { type: 'number_input', action_id: 'amount', is_decimal_allowed: true, initial_value: '12.50', min_value: '0' },
    });
    expect(view.blocks[2]).toMatchObject({ element: { type: 'static_select', initial_option: { value: 'late' } } });
    expect(view.blocks[3]).toMatchObject({ optional: true, element: { type: 'plain_text_input', multiline: true, max_length: 500 } });
  });

  it('round-trips a submission', () => {
    const view = renderModal(modal) as {
      blocks: Array<{ type: string; block_id?: string; element?: { type: string; action_id: string } }>;
    };
    const typed: Record<string, unknown> = {
      amount: { value: '7.25' },
      reason: { selected_option: { text: { type: 'plain_text', text: 'Damaged' }, value: 'damaged' } },
      note: { value: null },
    };
    const values: Record<string, Record<string, unknown>> = {};
    for (const b of view.blocks) {
      if (b.type !== 'input' || !b.block_id || !b.element) continue;
      values[b.block_id] = { [b.element.action_id]: { type: b.element.type, ...(typed[b.element.action_id] as object) } };
    }
    expect(readModalValues(values)).toEqual({ amount: '7.25', reason: 'damaged' });
  });

  it('refuses private metadata over 3000 characters', () => {
    expect(() => renderModal(modal, 'x'.repeat(3001))).toThrow(RangeError);
  });
});

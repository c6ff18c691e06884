/**
 * Block Kit validation for the fake Slack: the documented limits Slack enforces,
 * reported like Slack does (`[ERROR] … [json-pointer:/blocks/3/text/text]`).
 */

type J = Record<string, unknown>;

const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly errors: string[] = [];
  fail(pointer: string, msg: string): void {
    this.errors.push(`[ERROR] ${msg} [json-pointer:${pointer}]`);
  }

  text(v: unknown, at: string, max: number, only?: 'plain_text' | 'mrkdwn'): void {
    if (!isObj(v)) return this.fail(at, 'must provide an object');
    if (v.type !== 'plain_text' && v.type !== 'mrkdwn') return this.fail(`${at}/type`, 'must be a valid enum value');
    if (only && v.type !== only) return this.fail(`${at}/type`, `must be ${only}`);
    if (typeof v.text !== 'string') return this.fail(`${at}/text`, 'must provide a string');
    if (v.text.length < 1) this.fail(`${at}/text`, 'must be more than 0 characters');
    if (v.text.length > max) this.fail(`${at}/text`, `must be less than ${max + 1} characters`);
  }

  str(v: unknown, at: string, max: number, required = false): void {
    if (v === undefined && !required) return;
    if (typeof v !== 'string') return this.fail(at, 'must provide a string');
    if (v.length > max) this.fail(at, `must be less than ${max + 1} characters`);
  }

  button(el: J, at: string): void {
    this.text(el.text, `${at}/text`, 75, 'plain_text');
    this.str(el.action_id, `${at}/action_id`, 255);
    this.str(el.value, `${at}/value`, 2000);
    this.str(el.url, `${at}/url`, 3000);
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') this.fail(`${at}/style`, 'must be a valid enum value');
  }

  option(o: unknown, at: string): void {
    if (!isObj(o)) return this.fail(at, 'must provide an object');
    this.text(o.text, `${at}/text`, 75, 'plain_text');
    this.str(o.value, `${at}/value`, 150, true);
  }

  element(el: unknown, at: string): void {
    if (!isObj(el)) return this.fail(at, 'must provide an object');
    this.str(el.action_id, `${at}/action_id`, 255);
    switch (el.type) {
      case 'button':
        return this.button(el, at);
      case 'plain_text_input':
        this.str(el.initial_value, `${at}/initial_value`, 3000);
        if (el.max_length !== undefined && (typeof el.max_length !== 'number' || el.max_length < 1 || el.max_length > 3000)) {
          this.fail(`${at}/max_length`, 'must be between 1 and 3000');
        }
        if (el.placeholder !== undefined) this.text(el.placeholder, `${at}/placeholder`, 150, 'plain_text');
        return;
      case 'number_input':
        if (typeof el.is_decimal_allowed !== 'boolean') this.fail(`${at}/is_decimal_allowed`, 'must provide a boolean');
        if (el.initial_value !== undefined && (typeof el.initial_value !== 'string' || Number.isNaN(Number(el.initial_value)))) {
          this.fail(`${at}/initial_value`, 'must be a number string');
        }
        return;
      case 'static_select': {
        const options = el.options;
        if (!Array.isArray(options) || options.length < 1 || options.length > 100) {
          return this.fail(`${at}/options`, 'must provide between 1 and 100 items');
        }
        options.forEach((o, i) => this.option(o, `${at}/options/${i}`));
        if (el.initial_option !== undefined) this.option(el.initial_option, `${at}/initial_option`);
        return;
      }
      case 'datepicker':
      case 'timepicker':
      case 'users_select':
      case 'conversations_select':
      case 'channels_select':
      case 'checkboxes':
      case 'radio_buttons':
      case 'overflow':
      case 'image':
        return;
      default:
        return this.fail(`${at}/type`, 'must be a valid enum value');
    }
  }

  block(b: unknown, at: string, surface: 'message' | 'modal', blockIds: Set<string>): void {
    if (!isObj(b)) return this.fail(at, 'must provide an object');
    if (b.block_id !== undefined) {
      this.str(b.block_id, `${at}/block_id`, 255);
      if (typeof b.block_id === 'string') {
        if (blockIds.has(b.block_id)) this.fail(`${at}/block_id`, 'duplicate block_id');
        blockIds.add(b.block_id);
      }
    }
    switch (b.type) {
      case 'section': {
        if (b.text === undefined && b.fields === undefined) return this.fail(at, 'must provide text or fields');
        if (b.text !== undefined) this.text(b.text, `${at}/text`, 3000);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length < 1) return this.fail(`${at}/fields`, 'must provide an array');
          if (b.fields.length > 10) this.fail(`${at}/fields`, 'must be less than 11 items');
          b.fields.forEach((f, i) => this.text(f, `${at}/fields/${i}`, 2000));
        }
        if (b.accessory !== undefined) this.element(b.accessory, `${at}/accessory`);
        return;
      }
      case 'header':
        return this.text(b.text, `${at}/text`, 150, 'plain_text');
      case 'divider':
        return;
      case 'context': {
        if (!Array.isArray(b.elements) || b.elements.length < 1) return this.fail(`${at}/elements`, 'must provide an array');
        if (b.elements.length > 10) this.fail(`${at}/elements`, 'must be less than 11 items');
        b.elements.forEach((e, i) => {
          if (isObj(e) && e.type === 'image') return;
          this.text(e, `${at}/elements/${i}`, 3000);
        });
        return;
      }
      case 'actions': {
        if (!Array.isArray(b.elements) || b.elements.length < 1) return this.fail(`${at}/elements`, 'must provide an array');
        if (b.elements.length > 25) this.fail(`${at}/elements`, 'must be less than 26 items');
        const ids = new Set<string>();
        b.elements.forEach((e, i) => {
          this.element(e, `${at}/elements/${i}`);
          if (isObj(e) && typeof e.action_id === 'string') {
            if (ids.has(e.action_id)) this.fail(`${at}/elements/${i}/action_id`, 'duplicate action_id');
            ids.add(e.action_id);
          }
        });
        return;
      }
      case 'input':
        this.text(b.label, `${at}/label`, 2000, 'plain_text');
        if (b.hint !== undefined) this.text(b.hint, `${at}/hint`, 2000, 'plain_text');
        if (b.element === undefined) return this.fail(`${at}/element`, 'must provide an object');
        if (surface === 'message') this.fail(`${at}/type`, 'input blocks are not allowed in messages');
        return this.element(b.element, `${at}/element`);
      case 'image':
      case 'rich_text':
      case 'markdown':
      case 'video':
      case 'file':
        return;
      default:
        return this.fail(`${at}/type`, 'must be a valid enum value');
    }
  }

  blocks(blocks: unknown, at: string, surface: 'message' | 'modal'): void {
    const max = surface === 'message' ? 50 : 100;
    if (!Array.isArray(blocks)) return this.fail(at, 'must provide an array');
    if (blocks.length > max) return this.fail(at, `must be less than ${max + 1} items`);
    const ids = new Set<string>();
    blocks.forEach((b, i) => this.block(b, `${at}/${i}`, surface, ids));
  }
}

/** Errors for a message's blocks; empty when valid. */
export function validateMessageBlocks(blocks: unknown): string[] {
  const c = new Checker();
  c.blocks(blocks, '/blocks', 'message');
  return c.errors;
}

/** Errors for a modal view object; empty when valid. */
export function validateModalView(view: unknown): string[] {
  const c = new Checker();
  if (!isObj(view)) {
    c.fail('/view', 'must provide an object');
    return c.errors;
  }
  if (view.type !== 'modal') c.fail('/view/type', 'must be modal');
  c.text(view.title, '/view/title', 24, 'plain_text');
  if (view.submit !== undefined) c.text(view.submit, '/view/submit', 24, 'plain_text');
  if (view.close !== undefined) c.text(view.close, '/view/close', 24, 'plain_text');
  c.str(view.callback_id, '/view/callback_id', 255);
  c.str(view.private_metadata, '/view/private_metadata', 3000);
  c.blocks(view.blocks, '/view/blocks', 'modal');
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
  if (hasInput && view.submit === undefined) c.fail('/view/submit', 'must provide submit when the view has input blocks');
  return c.errors;
}

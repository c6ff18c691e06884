/**
 * Wire-format pieces of the fake Discord: snowflakes, message objects and the
 * validation Discord applies to message and modal payloads (50035 Invalid Form Body).
 */

export const DISCORD_EPOCH = 1_420_070_400_000n;

/** Numeric snowflakes whose timestamp part is now; strictly increasing. */
export class Snowflakes {
  private last = 0n;
  next(): string {
    const candidate = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
    this.last = candidate > this.last ? candidate : this.last + 1n;
    return this.last.toString();
  }
}

export interface ApiUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  public_flags?: number;
  flags?: number;
}

export const userObject = (id: string, username: string, bot = false): ApiUser => ({
  id,
  username,
  discriminator: '0',
  global_name: bot ? null : username,
  avatar: null,
  ...(bot ? { bot: true } : {}),
  public_flags: 0,
  flags: 0,
});

export interface ApiMessage {
  id: string;
  type: number;
  channel_id: string;
  author: ApiUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: ApiUser[];
  mention_roles: string[];
  attachments: unknown[];
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
  pinned: boolean;
  flags: number;
  nonce?: string | number;
  webhook_id?: string;
  application_id?: string;
  thread?: Record<string, unknown>;
}

type Body = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Which mentions a message actually makes, applying allowed_mentions the way Discord
 * does: without allowed_mentions everything in `content` is parsed (including @everyone).
 */
export function resolveMentions(content: string, allowed: unknown): { users: string[]; roles: string[]; everyone: boolean } {
  const userIds = [...content.matchAll(/(?<!\\)<@!?(\d{17,20})>/g)].map((m) => m[1] as string);
  const roleIds = [...content.matchAll(/(?<!\\)<@&(\d{17,20})>/g)].map((m) => m[1] as string);
  const everyoneInText = /(?<!\\)@(everyone|here)\b/.test(content);
  if (allowed === undefined || allowed === null) {
    return { users: [...new Set(userIds)], roles: [...new Set(roleIds)], everyone: everyoneInText };
  }
  const a = allowed as { parse?: unknown; users?: unknown; roles?: unknown };
  const parse = asArray(a.parse).map(str);
  const users = parse.includes('users') ? userIds : userIds.filter((id) => asArray(a.users).includes(id));
  const roles = parse.includes('roles') ? roleIds : roleIds.filter((id) => asArray(a.roles).includes(id));
  return { users: [...new Set(users)], roles: [...new Set(roles)], everyone: everyoneInText && parse.includes('everyone') };
}

/** Nested `errors` object of a 50035 answer, keyed by the field path. */
export class FormErrors {
  readonly errors: Body = {};
  count = 0;
  add(path: (string | number)[], code: string, message: string): void {
    let node = this.errors;
    for (const key of path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as Body;
    }
    const list = (node._errors ??= []) as unknown[];
    list.push({ code, message });
    this.count++;
  }
  maxLength(path: (string | number)[], value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }
  body(): Body {
    return { message: 'Invalid Form Body', code: 50035, errors: this.errors };
  }
}

function embedLength(e: Body): number {
  const footer = (e.footer ?? {}) as Body;
  const author = (e.author ?? {}) as Body;
  let n = str(e.title).length + str(e.description).length + str(footer.text).length + str(author.name).length;
  for (const f of asArray(e.fields)) n += str((f as Body).name).length + str((f as Body).value).length;
  return n;
}

function validateButtons(rows: unknown[], errs: FormErrors): void {
  if (rows.length > 5) errs.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const row = r as Body;
    if (row.type !== 1) errs.add(['components', i, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
    const items = asArray(row.components);
    if (items.length === 0 || items.length > 5) {
      errs.add(['components', i, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    }
    items.forEach((c, j) => {
      const b = c as Body;
      const path = ['components', i, 'components', j];
      if (b.type === 2 && b.style !== 5) {
        const id = str(b.custom_id);
        if (!id) errs.add([...path, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        if (seen.has(id)) errs.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
        seen.add(id);
      }
      errs.maxLength([...path, 'custom_id'], b.custom_id, 100);
      errs.maxLength([...path, 'label'], b.label, 80);
      if (![1, 2, 3, 4, 5, 6].includes(Number(b.style)) && b.type === 2) {
        errs.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
      }
    });
  });
}

/** Validates a create/edit message body; returns the 50035 body or null. */
export function validateMessage(body: Body, opts: { requireContent: boolean }): Body | null {
  const errs = new FormErrors();
  errs.maxLength(['content'], body.content, 2000);
  const embeds = asArray(body.embeds);
  if (embeds.length > 10) errs.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((raw, i) => {
    const e = raw as Body;
    total += embedLength(e);
    errs.maxLength(['embeds', i, 'title'], e.title, 256);
    errs.maxLength(['embeds', i, 'description'], e.description, 4096);
    errs.maxLength(['embeds', i, 'footer', 'text'], (e.footer as Body | undefined)?.text, 2048);
    errs.maxLength(['embeds', i, 'author', 'name'], (e.author as Body | undefined)?.name, 256);
    const fields = asArray(e.fields);
    if (fields.length > 25) errs.add(['embeds', i, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((f, j) => {
      const field = f as Body;
      if (!str(field.name)) errs.add(['embeds', i, 'fields', j, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
      if (!str(field.value)) errs.add(['embeds', i, 'fields', j, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
      errs.maxLength(['embeds', i, 'fields', j, 'name'], field.name, 256);
      errs.maxLength(['embeds', i, 'fields', j, 'value'], field.value, 1024);
    });
    if (e.color !== undefined && (typeof e.color !== 'number' || e.color < 0 || e.color > 0xffffff)) {
      errs.add(['embeds', i, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
    }
  });
  if (total > 6000) errs.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  validateButtons(asArray(body.components), errs);
  const nonce = body.nonce;
  if (typeof nonce === 'string' && nonce.length > 25) errs.maxLength(['nonce'], nonce, 25);
  if (errs.count) return errs.body();
  if (opts.requireContent && !str(body.content) && embeds.length === 0 && asArray(body.components).length === 0) {
    return { message: 'Cannot send an empty message', code: 50006 };
  }
  return null;
}

/** Validates modal callback data (interaction response type 9). */
export function validateModal(data: Body): Body | null {
  const errs = new FormErrors();
  const p = ['data'];
  if (!str(data.custom_id)) errs.add([...p, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  errs.maxLength([...p, 'custom_id'], data.custom_id, 100);
  if (!str(data.title)) errs.add([...p, 'title'], 'BASE_TYPE_REQUIRED', 'This field is required');
  errs.maxLength([...p, 'title'], data.title, 45);
  const comps = asArray(data.components);
  if (comps.length < 1 || comps.length > 5) errs.add([...p, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  const ids = new Set<string>();
  comps.forEach((raw, i) => {
    const c = raw as Body;
    const path = [...p, 'components', i];
    const inputs: [Body, (string | number)[]][] = [];
    if (c.type === 18) {
      if (!str(c.label)) errs.add([...path, 'label'], 'BASE_TYPE_REQUIRED', 'This field is required');
      errs.maxLength([...path, 'label'], c.label, 45);
      errs.maxLength([...path, 'description'], c.description, 100);
      inputs.push([(c.component ?? {}) as Body, [...path, 'component']]);
    } else if (c.type === 1) {
      asArray(c.components).forEach((x, j) => inputs.push([x as Body, [...path, 'components', j]]));
    } else if (c.type === 10) {
      errs.maxLength([...path, 'content'], c.content, 4000);
    } else {
      errs.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 10, 18).');
    }
    for (const [input, ip] of inputs) {
      const id = str(input.custom_id);
      if (!id) errs.add([...ip, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
      if (ids.has(id)) errs.add([...ip, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      ids.add(id);
      errs.maxLength([...ip, 'custom_id'], input.custom_id, 100);
      if (input.type === 4) {
        if (c.type === 18 && input.label !== undefined)
          errs.add([...ip, 'label'], 'TEXT_INPUT_LABEL_IN_LABEL', 'label is not allowed inside a Label');
        errs.maxLength([...ip, 'label'], input.label, 45);
        errs.maxLength([...ip, 'placeholder'], input.placeholder, 100);
        errs.maxLength([...ip, 'value'], input.value, 4000);
        if (![1, 2].includes(Number(input.style))) errs.add([...ip, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2}.');
        if (input.max_length !== undefined && (Number(input.max_length) < 1 || Number(input.max_length) > 4000)) {
          errs.add([...ip, 'max_length'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 4000.');
        }
      } else if (input.type === 3) {
        if (c.type !== 18) errs.add([...ip, 'type'], 'COMPONENT_TYPE_INVALID', 'A select in a modal must be inside a Label');
        const opts = asArray(input.options);
        if (opts.length < 1 || opts.length > 25)
          errs.add([...ip, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
        opts.forEach((o, k) => {
          errs.maxLength([...ip, 'options', k, 'label'], (o as Body).label, 100);
          errs.maxLength([...ip, 'options', k, 'value'], (o as Body).value, 100);
        });
        errs.maxLength([...ip, 'placeholder'], input.placeholder, 150);
      } else {
        errs.add([...ip, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (3, 4).');
      }
    }
  });
  return errs.count ? errs.body() : null;
}

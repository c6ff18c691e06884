/**
 * INTERACTION_CREATE -> Dispatcher -> interaction response, inside Discord's 3-second window.
 *
 * Deferral: every interaction runs its command/action at once and races a timer
 * (`deferAfterMs`, 1.5 s by default). A reply that is ready in time is sent directly
 * (type 4 message, 7 update, 9 modal): a modal can only be shown as the first response,
 * so a click that opens a form must be answered this way. When the timer wins, the
 * interaction is deferred ephemerally (type 5, flags 64) and the reply follows through
 * the interaction webhook (edit of the original, follow-up for channel messages).
 *
 * Errors: one handler logs with a reference id (never a token) and answers the user
 * ephemerally; nothing here throws into discord.js.
 */
import { errorCode, failureNotice, newReference } from '../../errors.js';
import { MessageFlags } from 'discord.js';
import type { CommandInteractionOption, Interaction, ModalSubmitInteraction } from 'discord.js';
import type { Dispatcher } from '../../interactions/dispatch.js';
import type { Logger } from '../../ports.js';
import type { Reply } from '../../ui/view.js';
import { actorFor, answer, answerAfterDefer, answerError, type DeskInteraction } from './context.js';

export interface RouterOptions {
  dispatcher: Dispatcher;
  log: Logger;
  /** Defer when the reply is not ready after this long; Discord's deadline is 3 s. */
  deferAfterMs?: number;
  /** Strings to keep out of logs (the bot token). */
  secrets?: string[];
}

export const DEFAULT_DEFER_AFTER_MS = 1500;

const LATE = Symbol('late');

/** Resolves with the value, or LATE when `ms` pass first (the work keeps running). */
function within<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Slash-command options as the dispatcher's record of strings (subcommands flattened). */
export function optionsRecord(options: readonly CommandInteractionOption[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of options) {
    if (o.options?.length) Object.assign(out, optionsRecord(o.options));
    else if (o.value !== undefined && o.value !== null) out[o.name] = String(o.value);
  }
  return out;
}

/** Modal fields (Label or legacy action-row form) as `{ inputId: value }`; selects join with ','. */
export function modalValues(i: ModalSubmitInteraction): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, field] of i.fields.fields) {
    const f = field as { value?: unknown; values?: unknown };
    if (typeof f.value === 'string') out[id] = f.value;
    else if (Array.isArray(f.values)) out[id] = f.values.filter((v): v is string => typeof v === 'string').join(',');
  }
  return out;
}

/** Removes secrets and interaction tokens from an error before it is logged. */
export function safeError(err: unknown, secrets: string[]): Record<string, unknown> {
  const e = (err ?? {}) as { name?: unknown; message?: unknown; code?: unknown; status?: unknown; method?: unknown; stack?: unknown };
  const scrub = (s: string): string => {
    let out = s.replace(/\/(interactions\/\d+|webhooks\/\d+)\/[^/\s?]+/g, '/$1/<token>');
    for (const secret of secrets) if (secret) out = out.split(secret).join('<redacted>');
    return out;
  };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: scrub(typeof e.message === 'string' ? e.message : String(err)),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    ...(typeof e.stack === 'string' ? { stack: scrub(e.stack).split('\n').slice(0, 6).join('\n') } : {}),
  };
}

export function createInteractionRouter(o: RouterOptions): (interaction: Interaction) => Promise<void> {
  const deferAfterMs = o.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
  const secrets = o.secrets ?? [];

  function run(i: DeskInteraction): Promise<Reply> {
    const actor = actorFor(i);
    const origin = { externalTeamId: i.guildId ?? undefined, channel: i.channelId ?? undefined };
    if (i.isChatInputCommand()) return o.dispatcher.command(i.commandName, optionsRecord(i.options.data), actor, origin);
    if (i.isButton()) return o.dispatcher.click(i.customId, actor, origin);
    return o.dispatcher.submit(i.customId, modalValues(i), actor, origin);
  }

  async function failed(i: DeskInteraction, err: unknown): Promise<void> {
    const ref = newReference();
    o.log.error(
      { err: safeError(err, secrets), ref, code: errorCode(err), interaction: i.id, kind: i.type, user: i.user.id, guild: i.guildId },
      'discord interaction failed',
    );
    try {
      await answerError(i, failureNotice(ref));
    } catch (again) {
      // Most often the interaction expired (10062): the user sees "interaction failed".
      o.log.warn({ err: safeError(again, secrets), ref }, 'could not tell the user about the failure');
    }
  }

  return async function route(interaction: Interaction): Promise<void> {
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    const i: DeskInteraction = interaction;
    try {
      const work = run(i);
      // Handled below when awaited; this only keeps a failure after a failed deferral from going unhandled.
      work.catch(() => undefined);
      const first = await within(work, deferAfterMs);
      if (first !== LATE) {
        await answer(i, first);
        return;
      }
      o.log.debug({ interaction: i.id, after: deferAfterMs }, 'deferring a slow interaction');
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await answerAfterDefer(i, await work);
    } catch (err) {
      await failed(i, err);
    }
  };
}

/**
 * Bolt listeners: one per slash command of the registry, one for every button, one for
 * every modal submission. Each acks FIRST (Slack allows 3 s), then asks the dispatcher
 * and delivers its Reply. A failure after the ack is logged with a reference id the
 * user also sees; nothing here throws into Bolt.
 */
import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Dispatcher } from '../../interactions/dispatch.js';
import type { Logger } from '../../ports.js';
import { errorCode, failureNotice, newReference } from '../../errors.js';
import { decodeOrigin, describeSlackError, slackActor, type UsergroupMembers } from './context.js';
import { readModalValues } from './render.js';
import { replyToCommand, replyToInteraction, tellUser, type ReplyTarget } from './reply.js';

export interface RouterOptions {
  dispatcher: Dispatcher;
  /** SellerDesk's own WebClient (no SDK retries, a timeout) for views.open, ephemerals, updates. */
  client: WebClient;
  groups: UsergroupMembers;
  log: Logger;
}

type Kind = 'command' | 'click' | 'submit';

async function guarded(o: RouterOptions, kind: Kind, name: string, target: ReplyTarget, work: () => Promise<void>): Promise<void> {
  const started = performance.now(); // a duration for the log, not a time compared with the Clock
  try {
    await work();
    o.log.debug({ kind, name, user: target.userId, ms: Math.round(performance.now() - started) }, 'slack interaction answered');
  } catch (err) {
    const ref = newReference();
    o.log.error(
      { ref, code: errorCode(err), kind, name, user: target.userId, error: describeSlackError(err) },
      'slack interaction failed after its ack',
    );
    await tellUser(failureNotice(ref), target).catch((e: unknown) =>
      o.log.warn({ ref, error: describeSlackError(e) }, 'could not tell the user about the failure either'),
    );
  }
}

/** The clicked message, from a block_actions body (message, or container for ephemerals). */
function clickedMessage(body: BlockAction): { channel?: string; ts?: string; ephemeral: boolean } {
  const container = body.container as { channel_id?: unknown; message_ts?: unknown; is_ephemeral?: unknown };
  const channel = body.channel?.id ?? (typeof container.channel_id === 'string' ? container.channel_id : undefined);
  const ts = body.message?.ts ?? (typeof container.message_ts === 'string' ? container.message_ts : undefined);
  return { ...(channel ? { channel } : {}), ...(ts ? { ts } : {}), ephemeral: container.is_ephemeral === true };
}

export function registerSlackRoutes(app: App, o: RouterOptions): void {
  for (const cmd of o.dispatcher.commands) {
    app.command(`/${cmd.name}`, async ({ ack, command, respond }) => {
      await ack();
      const target: ReplyTarget = {
        client: o.client,
        userId: command.user_id,
        origin: { channel: command.channel_id },
        triggerId: command.trigger_id,
        respond,
      };
      await guarded(o, 'command', cmd.name, target, async () => {
        const actor = slackActor({ id: command.user_id, username: command.user_name }, o.groups);
        const reply = await o.dispatcher.command(cmd.name, command.text ?? '', actor, {
          externalTeamId: command.team_id,
          channel: command.channel_id,
        });
        await replyToCommand(reply, target);
      });
    });
  }

  app.action<BlockAction>(/.*/, async ({ ack, body, action, respond }) => {
    await ack();
    const msg = clickedMessage(body);
    const target: ReplyTarget = {
      client: o.client,
      userId: body.user.id,
      origin: { channel: msg.channel, ts: msg.ts },
      triggerId: body.trigger_id,
      respond: body.response_url ? respond : undefined,
      ephemeralSource: msg.ephemeral,
    };
    await guarded(o, 'click', action.action_id, target, async () => {
      const actor = slackActor(body.user, o.groups);
      const reply = await o.dispatcher.click(action.action_id, actor, {
        externalTeamId: body.team?.id ?? body.user.team_id,
        channel: msg.channel,
      });
      await replyToInteraction(reply, target);
    });
  });

  app.view<ViewSubmitAction>(/.*/, async ({ ack, body, view }) => {
    // A form that does not parse stays open with the message next to the field (no database
    // involved, well within the 3 s); otherwise the ack closes it and the answer follows.
    const errors = o.dispatcher.validateSubmit(view.callback_id, readModalValues(view.state.values));
    if (errors) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const origin = decodeOrigin(view.private_metadata);
    const target: ReplyTarget = { client: o.client, userId: body.user.id, origin, triggerId: body.trigger_id };
    await guarded(o, 'submit', view.callback_id, target, async () => {
      const actor = slackActor(body.user, o.groups);
      const reply = await o.dispatcher.submit(view.callback_id, readModalValues(view.state.values), actor, {
        externalTeamId: body.team?.id ?? body.user.team_id,
        channel: origin.channel,
      });
      await replyToInteraction(reply, target);
    });
  });
}

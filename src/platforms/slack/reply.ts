/**
 * Delivering a dispatcher Reply back to Slack, after the interaction was acked:
 * slash commands answer through their response_url, buttons and modals with an
 * ephemeral message to the user, a modal (views.open, while the trigger_id is valid)
 * or an in-place update of the clicked card.
 */
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CardView, ModalView, Reply } from '../../ui/view.js';
import { encodeOrigin, type Origin } from './context.js';
import { renderCard, renderModal } from './render.js';

type ModalArg = Parameters<WebClient['views']['open']>[0]['view'];

export interface ReplyTarget {
  client: WebClient;
  /** The user who typed or clicked. */
  userId: string;
  /** The channel (and clicked message) the interaction came from. */
  origin: Origin;
  /** For views.open: valid for 3 s after the interaction. */
  triggerId?: string | undefined;
  /** The interaction's response_url (slash commands, buttons on messages). */
  respond?: RespondFn | undefined;
  /** The clicked message is ephemeral: chat.update cannot reach it, its response_url can. */
  ephemeralSource?: boolean | undefined;
}

const rendered = renderCard;

async function openModal(view: ModalView, t: ReplyTarget): Promise<void> {
  if (!t.triggerId) throw new Error('a modal reply without a trigger_id to open it with');
  await t.client.views.open({ trigger_id: t.triggerId, view: renderModal(view, encodeOrigin(t.origin)) as unknown as ModalArg });
}

/** Shows a card to the user only: chat.postEphemeral in the channel, else through response_url. */
export async function tellUser(view: CardView, t: ReplyTarget): Promise<void> {
  const { text, blocks } = rendered(view);
  if (t.origin.channel) {
    try {
      await t.client.chat.postEphemeral({ channel: t.origin.channel, user: t.userId, text, blocks });
      return;
    } catch (err) {
      // Not in the channel, a DM, an archived channel: the response_url still reaches the user.
      if (!t.respond) throw err;
    }
  }
  if (!t.respond) throw new Error('no channel or response_url to answer the user in');
  await t.respond({ response_type: 'ephemeral', text, blocks });
}

/** A slash command's reply: through its response_url, or a modal. */
export async function replyToCommand(reply: Reply, t: ReplyTarget): Promise<void> {
  switch (reply.type) {
    case 'none':
      return;
    case 'modal':
      return openModal(reply.view, t);
    case 'message':
    case 'update': {
      // A command has no message of its own to update: an update is shown to the user.
      if (!t.respond) throw new Error('a slash command without a response_url');
      const { text, blocks } = rendered(reply.view);
      const inChannel = reply.type === 'message' && reply.visibility === 'channel';
      await t.respond({ response_type: inChannel ? 'in_channel' : 'ephemeral', text, blocks });
      return;
    }
  }
}

/** A button's or a modal submission's reply. */
export async function replyToInteraction(reply: Reply, t: ReplyTarget): Promise<void> {
  switch (reply.type) {
    case 'none':
      return;
    case 'modal':
      return openModal(reply.view, t);
    case 'message': {
      if (reply.visibility === 'channel' && t.origin.channel) {
        const { text, blocks } = rendered(reply.view);
        await t.client.chat.postMessage({ channel: t.origin.channel, text, blocks, unfurl_links: false, unfurl_media: false });
        return;
      }
      return tellUser(reply.view, t);
    }
    case 'update': {
      const { text, blocks } = rendered(reply.view);
      if (t.ephemeralSource && t.respond) {
        await t.respond({ replace_original: true, text, blocks });
      } else if (t.origin.channel && t.origin.ts) {
        await t.client.chat.update({ channel: t.origin.channel, ts: t.origin.ts, text, blocks });
      } else {
        return tellUser(reply.view, t);
      }
      if (reply.notice)
        await tellUser({ kind: 'card', title: '', summary: reply.notice, nodes: [{ type: 'text', text: reply.notice }] }, t);
      return;
    }
  }
}

/**
 * Per-interaction helpers for the Discord adapter: who is acting (Actor), and how a
 * neutral Reply becomes an interaction response, before or after a deferral.
 *
 * Response types used: 4 reply (message), 5 deferred reply (ephemeral), 6 deferred update
 * (a click that changes nothing), 7 update (edit the clicked message), 9 modal.
 */
import { MessageFlags, Routes } from 'discord.js';
import type {
  APIInteractionGuildMember,
  ButtonInteraction,
  ChatInputCommandInteraction,
  GuildMember,
  InteractionReplyOptions,
  ModalSubmitInteraction,
} from 'discord.js';
import { notice, type CardView, type Reply } from '../../ui/view.js';
import { renderCard, type DiscordAllowedMentions } from './render.js';
import { type Actor } from '../../domain/actor.js';
import { renderModal } from './modal.js';

export type DeskInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

type Member = GuildMember | APIInteractionGuildMember | null;

/** True when the member holds the role: raw API members list role ids, cached ones have a role manager. */
export function memberHasRole(member: Member, roleId: string): boolean {
  if (!member) return false;
  const roles = member.roles;
  if (Array.isArray(roles)) return roles.includes(roleId);
  return roles.cache.has(roleId);
}

function displayName(i: DeskInteraction): string {
  const m = i.member as Member;
  if (m && 'displayName' in m && typeof m.displayName === 'string') return m.displayName;
  if (m && 'nick' in m && m.nick) return m.nick;
  return i.user.globalName ?? i.user.username;
}

export function actorFor(i: DeskInteraction): Actor {
  const member = i.member as Member;
  return {
    platform: 'discord',
    userId: i.user.id,
    name: displayName(i),
    // Permissions name Discord user ids or role ids; either one admits the member.
    memberOf: async (ids) => ids.includes(i.user.id) || ids.some((id) => memberHasRole(member, id)),
  };
}

type CardMessage = Pick<InteractionReplyOptions, 'embeds' | 'components' | 'allowedMentions'> & { content: string };

/**
 * A card as discord.js message options (for replies, edits and updates alike). Ephemeral
 * messages never ping: one person sees them, so a role or user mention there can only be
 * a label (the dispatcher's refusal names the roles that may act, for instance).
 */
export function cardMessage(view: CardView, ephemeral: boolean): CardMessage {
  const p = renderCard(view);
  const allowed: DiscordAllowedMentions = ephemeral ? { parse: [] } : p.allowed_mentions;
  return {
    content: p.content ?? '',
    embeds: p.embeds,
    components: p.components as NonNullable<InteractionReplyOptions['components']>,
    allowedMentions: allowed,
  };
}

/** A first reply or a follow-up: ephemeral ones carry the Ephemeral flag. */
export const replyOptions = (view: CardView, ephemeral: boolean): InteractionReplyOptions => ({
  ...cardMessage(view, ephemeral),
  ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
});

const noticeReply = (title: string, text: string, accent: 'info' | 'success' | 'warning' = 'info') =>
  replyOptions(notice(title, text, accent), true);
const noticeEdit = (title: string, text: string, accent: 'info' | 'success' | 'warning' = 'info') =>
  cardMessage(notice(title, text, accent), true);

const isComponent = (i: DeskInteraction): i is ButtonInteraction => i.isButton();

/** The message a button (or a modal opened from a button) sits on, if any. */
function sourceMessage(i: DeskInteraction): { channelId: string; id: string } | undefined {
  if (i.isButton()) return { channelId: i.message.channelId, id: i.message.id };
  if (i.isModalSubmit() && i.message) return { channelId: i.message.channelId, id: i.message.id };
  return undefined;
}

/** Answers within the deadline with the reply itself (nothing was deferred). */
export async function answer(i: DeskInteraction, reply: Reply): Promise<void> {
  switch (reply.type) {
    case 'message':
      await i.reply(replyOptions(reply.view, reply.visibility === 'ephemeral'));
      return;
    case 'modal':
      if (i.isModalSubmit()) {
        // A form cannot open another form.
        await i.reply(noticeReply('One more step', 'Use the button on the card again to continue.'));
        return;
      }
      await i.showModal(renderModal(reply.view) as Parameters<typeof i.showModal>[0]);
      return;
    case 'update':
      if (isComponent(i) || (i.isModalSubmit() && i.isFromMessage())) {
        await i.update(cardMessage(reply.view, false));
        if (reply.notice) await i.followUp(noticeReply('Done', reply.notice, 'success'));
        return;
      }
      await i.reply(replyOptions(reply.view, true));
      return;
    case 'none':
      if (isComponent(i) || (i.isModalSubmit() && i.isFromMessage())) await i.deferUpdate();
      else await i.reply(noticeReply('Done', 'Nothing else to show.', 'success'));
      return;
  }
}

/**
 * Delivers the reply after an ephemeral deferral (the "thinking…" message only the
 * user sees). The first message after a deferral keeps the deferral's visibility, so a
 * channel message goes out as a separate follow-up once the deferred one is settled.
 */
export async function answerAfterDefer(i: DeskInteraction, reply: Reply): Promise<void> {
  switch (reply.type) {
    case 'message':
      if (reply.visibility === 'ephemeral') {
        await i.editReply(cardMessage(reply.view, true));
        return;
      }
      await i.editReply(noticeEdit('Posted', 'The answer is in the channel.', 'success'));
      await i.followUp(replyOptions(reply.view, false));
      return;
    case 'modal':
      await i.editReply(
        noticeEdit('Please try again', 'The form took too long to open. Use the button again; it should open at once now.', 'warning'),
      );
      return;
    case 'update': {
      const source = sourceMessage(i);
      if (source) {
        const p = cardMessage(reply.view, false);
        await i.client.rest.patch(Routes.channelMessage(source.channelId, source.id), {
          body: { content: p.content, embeds: p.embeds, components: p.components, allowed_mentions: p.allowedMentions },
        });
        await i.editReply(noticeEdit('Done', reply.notice ?? 'The card was updated.', 'success'));
      } else {
        await i.editReply(cardMessage(reply.view, true));
      }
      return;
    }
    case 'none':
      await i.editReply(noticeEdit('Done', 'Nothing else to show.', 'success'));
      return;
  }
}

/** An ephemeral error answer, whatever state the interaction is in. */
export async function answerError(i: DeskInteraction, view: CardView): Promise<void> {
  if (i.deferred) await i.editReply(cardMessage(view, true));
  else if (i.replied) await i.followUp(replyOptions(view, true));
  else await i.reply(replyOptions(view, true));
}

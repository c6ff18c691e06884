/**
 * The neutral view model. Commands and workflows describe what to show with these
 * nodes; each platform renderer (Slack Block Kit, Discord embeds, console text)
 * turns them into its own format with a `switch` over node types.
 *
 * All text is plain text: renderers escape it, so buyer text can never become a
 * mention or a link. Formatting is expressed by node type, never by markup.
 */

export type Accent = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export interface Field {
  label: string;
  value: string;
  /** Short fields may be laid out side by side. */
  inline?: boolean;
}

export interface ButtonNode {
  /** Encoded with the action-id codec (src/ui/action-id.ts). */
  actionId: string;
  label: string;
  style?: 'primary' | 'danger' | 'default';
  disabled?: boolean;
}

export interface LinkTarget {
  url: string;
  label: string;
}

/** A mention the bot makes on purpose (on-call group, a role). Never built from buyer text. */
export interface MentionTarget {
  kind: 'user' | 'group' | 'role' | 'channel';
  id: string;
}

export type Node =
  | { type: 'heading'; text: string }
  | { type: 'text'; text: string; emphasis?: 'strong' | 'muted' }
  | { type: 'quote'; text: string; author?: string }
  | { type: 'fields'; fields: Field[] }
  | { type: 'list'; items: string[] }
  | { type: 'links'; links: LinkTarget[] }
  | { type: 'mentions'; targets: MentionTarget[]; text?: string }
  | { type: 'context'; text: string }
  | { type: 'divider' }
  | { type: 'actions'; buttons: ButtonNode[] };

export interface CardView {
  kind: 'card';
  /** Plain-text summary for notifications and platforms without rich cards. */
  summary: string;
  title: string;
  accent?: Accent;
  nodes: Node[];
}

export type InputNode =
  | {
      type: 'text';
      id: string;
      label: string;
      multiline?: boolean;
      initial?: string;
      placeholder?: string;
      optional?: boolean;
      maxLength?: number;
    }
  | { type: 'number'; id: string; label: string; initial?: string; optional?: boolean; min?: number }
  | { type: 'select'; id: string; label: string; options: { value: string; label: string }[]; initial?: string; optional?: boolean };

export interface ModalView {
  kind: 'modal';
  /** Encoded action id that the submission is routed to. */
  submitActionId: string;
  title: string;
  submitLabel: string;
  intro?: string;
  inputs: InputNode[];
}

/** What an interaction answers with. */
export type Reply =
  | { type: 'message'; view: CardView; visibility: 'ephemeral' | 'channel' }
  | { type: 'modal'; view: ModalView }
  | { type: 'update'; view: CardView; notice?: string }
  | { type: 'none' };

export const card = (c: Omit<CardView, 'kind'>): CardView => ({ kind: 'card', ...c });

/** A short one-paragraph card, for notices and refusals. */
export function notice(title: string, text: string, accent: Accent = 'info'): CardView {
  return card({ title, summary: `${title}: ${text}`, accent, nodes: [{ type: 'text', text }] });
}

export const ephemeral = (view: CardView): Reply => ({ type: 'message', view, visibility: 'ephemeral' });

import { z } from 'zod';

/**
 * Button and modal ids: `<action>:<arg>`, e.g. `case.refund:42`.
 * A button carries only what to do and on which case; handlers re-read state.
 * The limit is Discord's custom_id (100), the tighter of the two platforms
 * (Slack's action_id allows 255).
 */
export const ACTION_ID_MAX = 100;

const actionName = z.string().regex(/^[a-z][a-z0-9_.-]{0,48}$/, 'action name: lowercase letters, digits, . _ -');
const actionArg = z.string().regex(/^[A-Za-z0-9_.:-]{0,48}$/, 'action argument: letters, digits, . _ : -');

export interface ActionRef {
  action: string;
  arg: string;
}

export class ActionIdError extends Error {
  readonly code = 'bad_action_id';
}

export function encodeActionId(action: string, arg: string | number = ''): string {
  const a = actionName.safeParse(action);
  const b = actionArg.safeParse(String(arg));
  if (!a.success || !b.success) throw new ActionIdError(`cannot encode action id ${action}:${arg}`);
  const id = `${a.data}:${b.data}`;
  if (id.length > ACTION_ID_MAX) throw new ActionIdError(`action id longer than ${ACTION_ID_MAX}: ${id}`);
  return id;
}

export function decodeActionId(id: string): ActionRef {
  if (id.length > ACTION_ID_MAX) throw new ActionIdError('action id too long');
  const at = id.indexOf(':');
  if (at < 0) throw new ActionIdError(`not an action id: ${id.slice(0, 40)}`);
  const a = actionName.safeParse(id.slice(0, at));
  const b = actionArg.safeParse(id.slice(at + 1));
  if (!a.success || !b.success) throw new ActionIdError(`not an action id: ${id.slice(0, 40)}`);
  return { action: a.data, arg: b.data };
}

import type { Platform } from './types.js';

/** Who clicked or typed: resolved by the platform adapter, checked by the dispatcher. */
export interface Actor {
  platform: Platform;
  userId: string;
  name: string;
  /** True when the user is one of `ids` or belongs to one of them (Slack user group, Discord role). */
  memberOf(ids: string[]): Promise<boolean>;
}

/** Who acted, as recorded in the case event log. */
export interface ActorRef {
  name: string;
  userId: string;
  platform: Platform | 'system';
}

import type { Platform, RouteKind } from './types.js';

export type Routes = Partial<Record<RouteKind, string>>;

export interface Destination {
  platform: Platform;
  channel: string;
}

export interface RoutingDefaults {
  /** Platforms running in this process. */
  enabled: Platform[];
  /** The channel used when nothing more specific is configured, per platform. */
  defaultChannel: Partial<Record<Platform, string>>;
}

/**
 * Where a message of `kind` goes: the shop's route for that kind, then the shop's
 * case route, then the team's, then the platform's default channel. A team on a
 * platform this process does not run falls back to the console, so nothing is lost.
 */
export function routeFor(
  kind: RouteKind,
  shopRoutes: Routes | undefined,
  team: { platform: Platform; routes?: Routes | undefined },
  defaults: RoutingDefaults,
): Destination {
  const { platform } = team;
  if (!defaults.enabled.includes(platform) || platform === 'console') return { platform: 'console', channel: 'console' };
  const channel = shopRoutes?.[kind] ?? team.routes?.[kind] ?? shopRoutes?.cases ?? team.routes?.cases ?? defaults.defaultChannel[platform];
  if (!channel) return { platform: 'console', channel: 'console' };
  return { platform, channel };
}

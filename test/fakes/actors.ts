import type { Actor } from '../../commands/define.js';

export function fakeActor(userId: string, groups: string[] = [], name = userId): Actor {
  return { platform: 'console', userId, name, memberOf: async (ids) => ids.includes(userId) || ids.some((g) => groups.includes(g)) };
}

import { type Actor } from '../../src/domain/actor.js';

export function fakeActor(userId: string, groups: string[] = [], name = userId): Actor {
  return { platform: 'console', userId, name, memberOf: async (ids) => ids.includes(userId) || ids.some((g) => groups.includes(g)) };
}

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getShop } from '../src/db/repos/shops.js';
import { shops, teams } from '../src/db/schema.js';
import { parseTeamSettings } from '../src/domain/team-settings.js';
import { ROUTE_KINDS } from '../src/domain/types.js';
import { card, ephemeral } from '../src/ui/view.js';
import { defineCommand } from './define.js';
import { done } from './actions/shared.js';
import { UserError } from '../src/errors.js';

const HELP = [
  '/sellerdesk route <cases|overdue|escalations|reminders> [shop]: send that kind of message to this channel (for one shop, or the whole team)',
  '/sellerdesk routes: show where messages go',
  '/shop-status [shop], /cases [open|overdue|mine], /case <id>, /escalate <case> <reason> [note]',
];

export const sellerdeskCommand = defineCommand({
  name: 'sellerdesk',
  description: 'SellerDesk settings: route messages to this channel, show routes, help',
  options: [
    { name: 'action', description: 'route, routes or help', choices: ['route', 'routes', 'help'] },
    { name: 'kind', description: ROUTE_KINDS.join(', '), choices: [...ROUTE_KINDS] },
    { name: 'shop', description: 'Shop id (optional)' },
  ],
  usage: '/sellerdesk route <cases|overdue|escalations|reminders> [shop] | routes | help',
  permission: 'admin',
  input: z.object({
    action: z.enum(['route', 'routes', 'help'], { message: 'route, routes or help' }).default('help'),
    kind: z.enum(ROUTE_KINDS, { message: ROUTE_KINDS.join(', ') }).optional(),
    shop: z.string().optional(),
  }),
  async run(ctx, v) {
    const { db } = ctx.deps;
    if (v.action === 'help')
      return ephemeral(card({ title: 'SellerDesk commands', summary: 'SellerDesk commands', nodes: [{ type: 'list', items: HELP }] }));
    const [team] = await db.select().from(teams).where(eq(teams.id, ctx.teamId)).limit(1);
    const settings = parseTeamSettings(team?.settings);
    if (v.action === 'routes') {
      const teamShops = await db.select().from(shops).where(eq(shops.teamId, ctx.teamId));
      const items = [
        `team: ${ROUTE_KINDS.map((k) => `${k} → ${settings.routes?.[k] ?? '(default channel)'}`).join(', ')}`,
        ...teamShops
          .filter((s) => Object.keys(s.routes).length)
          .map(
            (s) =>
              `${s.id}: ${Object.entries(s.routes)
                .map(([k, ch]) => `${k} → ${ch}`)
                .join(', ')}`,
          ),
      ];
      return ephemeral(card({ title: 'Routes', summary: 'Routes', nodes: [{ type: 'list', items }] }));
    }
    if (!v.kind)
      throw new UserError('input.route_kind', `Say which kind: ${ROUTE_KINDS.join(', ')}. Usage: /sellerdesk route <kind> [shop]`);
    if (!ctx.channel) throw new UserError('input.no_channel', 'Run this in the channel that should receive the messages.');
    if (!team) throw new UserError('team.unknown', 'This workspace has no team yet; send an event first or add it to the config file.');
    if (v.shop) {
      const shop = await getShop(db, v.shop);
      if (!shop || shop.teamId !== ctx.teamId) throw new UserError('shop.unknown', `No shop "${v.shop}" on this team.`, 'Unknown shop');
      await db
        .update(shops)
        .set({ routes: { ...shop.routes, [v.kind]: ctx.channel } })
        .where(eq(shops.id, shop.id));
      ctx.deps.cache.invalidate();
      return done('Route set', `${v.kind} of ${shop.id} now go to this channel.`);
    }
    const next = { ...settings, routes: { ...settings.routes, [v.kind]: ctx.channel } };
    await db.update(teams).set({ settings: next }).where(eq(teams.id, team.id));
    ctx.deps.cache.invalidate();
    return done('Route set', `${v.kind} for this team now go to this channel.`);
  },
});

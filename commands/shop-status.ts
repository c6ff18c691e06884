import { channelLabel, percent, utcMinute } from '../src/ui/format.js';
import { z } from 'zod';
import { getShop, listShops } from '../src/db/repos/shops.js';
import { assessStanding, STANDING_LABEL } from '../src/domain/standing.js';
import { detectPatterns, withPatterns } from '../src/domain/standing-patterns.js';
import { standingInputOf } from '../src/domain/shop-stats.js';
import { patternInput } from '../workflows/standing/index.js';
import { card, ephemeral, notice, type Field } from '../src/ui/view.js';
import { shopStats } from '../src/db/repos/shop-stats.js';
import { defineCommand } from './define.js';
import { UserError } from '../src/errors.js';

const DAY = 86_400_000;

export const shopStatus = defineCommand({
  name: 'shop-status',
  description: 'On-time shipping, response times, open and overdue cases, and standing of a shop',
  options: [{ name: 'shop', description: 'Shop id (optional when the team has one shop)' }],
  usage: '/shop-status [shop]',
  input: z.object({
    shop: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a shop id')
      .optional(),
  }),
  async run(ctx, input) {
    const { deps } = ctx;
    let shopId = input.shop;
    if (!shopId) {
      const shops = await listShops(deps.db, ctx.teamId);
      if (shops.length === 0)
        return ephemeral(notice('No shops yet', 'No shop has sent an event yet. Send one (see docs/events.md) and try again.'));
      if (shops.length > 1)
        throw new UserError(
          'shop.ambiguous',
          `This team has ${shops.length} shops: ${shops.map((s) => s.id).join(', ')}. Usage: /shop-status <shop>`,
          'Which shop?',
        );
      shopId = shops[0]!.id;
    }
    const shop = await getShop(deps.db, shopId);
    if (!shop || (shop.teamId !== ctx.teamId && ctx.teamId !== 'default'))
      throw new UserError('shop.unknown', `No shop "${shopId}" on this team. Usage: /shop-status [shop]`, 'Unknown shop');
    const now = deps.clock.now();
    const s = await shopStats(deps.db, shop.id, new Date(now.getTime() - 30 * DAY), now, now);
    // The same verdict as the standing watch and the monthly digest: rates of the last 30 days
    // and the patterns the standards name (surges, late-shipping streaks, unanswered messages).
    const verdict = withPatterns(assessStanding(standingInputOf(s)), detectPatterns(await patternInput(deps.db, shop.id, now)));
    const fields: Field[] = [
      { label: 'Standing', value: STANDING_LABEL[verdict.standing], inline: true },
      { label: 'On-time shipping (30 d)', value: `${percent(s.shippedOnTime, s.shipDue)} of ${s.shipDue}`, inline: true },
      { label: 'Open cases', value: String(s.open), inline: true },
      { label: 'Overdue cases', value: String(s.overdue), inline: true },
      { label: 'Late, unshipped orders', value: String(s.lateUnshipped), inline: true },
      ...s.channels.map((c) => ({
        label: `${channelLabel(c.channel)} first replies`,
        value: `${percent(c.withinTarget, c.cases)} within target, ${percent(c.withinMax, c.cases)} within maximum (${c.cases})`,
      })),
    ];
    return {
      type: 'message',
      visibility: 'channel',
      view: card({
        title: `${shop.name} · shop status`,
        summary: `${shop.name}: ${STANDING_LABEL[verdict.standing]}`,
        accent: verdict.standing === 'good' ? 'success' : verdict.standing === 'at_risk' ? 'warning' : 'danger',
        nodes: [
          { type: 'fields', fields },
          ...(verdict.reasons.length ? [{ type: 'list' as const, items: verdict.reasons }] : []),
          ...(verdict.improve ? [{ type: 'text' as const, text: `One thing to improve: ${verdict.improve}` }] : []),
          { type: 'context', text: `Last 30 days to ${utcMinute(now)}` },
        ],
      }),
    };
  },
});

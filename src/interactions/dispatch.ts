import { and, eq, isNotNull } from 'drizzle-orm';
import type { z } from 'zod';
import { cases, shops, teams } from '../db/schema.js';
import { parseTeamSettings, type PermissionAction } from '../domain/team-settings.js';
import { decodeActionId, ActionIdError } from '../ui/action-id.js';
import { card, ephemeral, notice, type MentionTarget, type Reply } from '../ui/view.js';
import type { ActionDef, CommandDef, InteractionContext } from '../../commands/define.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { CaseStateError, errorCode, failureNotice, newReference, UserError } from '../errors.js';
import { type Actor } from '../domain/actor.js';

/** Where an interaction came from, as the platform tells it. */
export interface InteractionOrigin {
  /** The Slack workspace or Discord server (guild) id. */
  externalTeamId?: string | undefined;
  /** The channel it was typed or clicked in. */
  channel?: string | undefined;
}

/**
 * The one entry point for interactions from every platform: resolves the team, checks
 * permission, parses input with zod, runs the command or action, and turns errors into
 * a message that says what to do (with a reference id for unexpected ones).
 */
export class Dispatcher {
  private readonly commandsByName: Map<string, CommandDef>;
  private readonly actionsByName: Map<string, ActionDef>;

  constructor(
    private readonly deps: WorkflowDeps,
    commands: CommandDef[],
    actions: ActionDef[],
  ) {
    this.commandsByName = new Map(commands.map((c) => [c.name, c]));
    this.actionsByName = new Map(actions.map((a) => [a.name, a]));
  }

  get commands(): CommandDef[] {
    return [...this.commandsByName.values()];
  }

  /** `args`: Slack's command text, or Discord's named options. */
  async command(name: string, args: string | Record<string, string>, actor: Actor, origin: InteractionOrigin = {}): Promise<Reply> {
    const cmd = this.commandsByName.get(name);
    if (!cmd) return ephemeral(notice('Unknown command', `SellerDesk has no /${name} command.`, 'warning'));
    return this.guarded(actor, async () => {
      const ctx = await this.context(actor, origin);
      const denied = await this.checkPermission(ctx, cmd.permission);
      if (denied) return denied;
      const record =
        typeof args === 'string'
          ? textToOptions(
              args,
              cmd.options.map((o) => o.name),
            )
          : args;
      const parsed = cmd.input.safeParse(record);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        return ephemeral(notice(`Usage: ${cmd.usage}`, `${where}${issue?.message ?? 'invalid arguments'}`, 'warning'));
      }
      return cmd.run(ctx, parsed.data);
    });
  }

  async click(actionId: string, actor: Actor, origin: InteractionOrigin = {}): Promise<Reply> {
    return this.guarded(actor, async () => {
      const { def, arg } = this.action(actionId);
      const ctx = await this.context(actor, origin);
      await this.checkCaseTeam(ctx, def.name, arg);
      return (await this.checkPermission(ctx, def.permission)) ?? def.click(ctx, arg);
    });
  }

  async submit(actionId: string, values: Record<string, string>, actor: Actor, origin: InteractionOrigin = {}): Promise<Reply> {
    return this.guarded(actor, async () => {
      const { def, arg } = this.action(actionId);
      if (!def.submit) throw new UserError('action.no_form', 'This form has nothing to submit.');
      const ctx = await this.context(actor, origin);
      await this.checkCaseTeam(ctx, def.name, arg);
      const denied = await this.checkPermission(ctx, def.permission);
      if (denied) return denied;
      const parsed = (def.submit.input as z.ZodType).safeParse(values);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new UserError('input.invalid', `${issue?.path.join('.') || 'form'}: ${issue?.message ?? 'invalid'}`, 'Check the form');
      }
      return def.submit.run(ctx, arg, parsed.data);
    });
  }

  /**
   * Checks a form's values against the action's schema without touching the database, so a
   * platform that can keep the form open (Slack's response_action: errors) shows the problem
   * next to the field. Returns field → message, or undefined when the values parse.
   */
  validateSubmit(actionId: string, values: Record<string, string>): Record<string, string> | undefined {
    let def: ActionDef | undefined;
    try {
      def = this.action(actionId).def;
    } catch {
      return undefined; // the submit itself reports unknown actions
    }
    const parsed = def.submit ? (def.submit.input as z.ZodType).safeParse(values) : undefined;
    if (!parsed || parsed.success) return undefined;
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field && !errors[field]) errors[field] = issue.message;
    }
    return Object.keys(errors).length ? errors : undefined;
  }

  private action(actionId: string): { def: ActionDef; arg: string } {
    let ref;
    try {
      ref = decodeActionId(actionId);
    } catch (e) {
      if (e instanceof ActionIdError)
        throw new UserError('action.unknown', 'This button is not one SellerDesk understands; it may be from an older version.');
      throw e;
    }
    const def = this.actionsByName.get(ref.action);
    if (!def) throw new UserError('action.unsupported', 'This button is no longer supported; use /case to get a fresh card.');
    return { def, arg: ref.arg };
  }

  /**
   * The team an interaction acts for: the one whose externalId is the Slack workspace or
   * Discord server. A single-team setup without externalIds uses the default team; once
   * teams name their workspaces, an unknown workspace or server is refused, so a bot that
   * sits in several servers never lets one act on another's cases.
   */
  private async context(actor: Actor, { externalTeamId, channel }: InteractionOrigin): Promise<InteractionContext> {
    let teamId = 'default';
    if (externalTeamId) {
      const known = await this.deps.db
        .select({ id: teams.id, externalId: teams.externalId })
        .from(teams)
        .where(and(eq(teams.platform, actor.platform), isNotNull(teams.externalId)));
      const match = known.find((t) => t.externalId === externalTeamId);
      if (match) teamId = match.id;
      else if (known.length > 0)
        throw new UserError(
          'team.not_connected',
          `This ${actor.platform === 'discord' ? 'server' : 'workspace'} (${externalTeamId}) is not connected to a SellerDesk team. Ask your admin to set it as a team's externalId in the config file.`,
          'Not connected',
        );
    }
    return { deps: this.deps, actor, teamId, channel };
  }

  /** Actions named case.*, claim.* and support.* carry a case id: the case must belong to the acting team. */
  private async checkCaseTeam(ctx: InteractionContext, action: string, arg: string): Promise<void> {
    if (ctx.teamId === 'default' || !/^(case|claim|support)\./.test(action)) return;
    const id = Number(arg);
    if (!Number.isInteger(id)) return;
    const [row] = await this.deps.db
      .select({ teamId: shops.teamId })
      .from(cases)
      .innerJoin(shops, eq(shops.id, cases.shopId))
      .where(eq(cases.id, id))
      .limit(1);
    if (row && row.teamId !== ctx.teamId) throw new UserError('case.other_team', `Case #${id} belongs to another team.`, 'Not your case');
  }

  private async checkPermission(ctx: InteractionContext, permission: PermissionAction | undefined): Promise<Reply | undefined> {
    if (!permission) return undefined;
    const [t] = await this.deps.db.select({ settings: teams.settings }).from(teams).where(eq(teams.id, ctx.teamId)).limit(1);
    const allowed = parseTeamSettings(t?.settings).permissions?.[permission];
    if (!allowed || allowed.length === 0 || (await ctx.actor.memberOf(allowed))) return undefined;
    const targets: MentionTarget[] = allowed.map((id) => ({ kind: mentionKind(ctx.actor.platform, id), id }));
    return ephemeral(
      card({
        title: `You can't ${permission} here`,
        summary: `Only some people can ${permission} on this team's cases.`,
        accent: 'warning',
        nodes: [
          { type: 'text', text: `Only these people can ${permission} on this team's cases; ask one of them:` },
          { type: 'mentions', targets },
        ],
      }),
    );
  }

  private async guarded(actor: Actor, fn: () => Promise<Reply>): Promise<Reply> {
    try {
      return await fn();
    } catch (e) {
      const who = { code: errorCode(e), user: actor.userId, platform: actor.platform };
      if (e instanceof UserError) {
        this.deps.log.debug(who, 'interaction refused');
        return ephemeral(notice(e.title, e.message, 'warning'));
      }
      if (e instanceof CaseStateError) {
        this.deps.log.debug({ ...who, caseId: e.caseId }, 'interaction refused');
        return ephemeral(notice('Nothing was done', e.message, 'warning'));
      }
      const ref = newReference();
      this.deps.log.error({ err: e, ref, ...who }, 'interaction failed');
      return ephemeral(failureNotice(ref));
    }
  }
}

function mentionKind(platform: string, id: string): MentionTarget['kind'] {
  if (platform === 'discord') return 'role';
  return id.startsWith('S') ? 'group' : 'user';
}

/** Maps the words of a Slack command's text onto option names; the last option takes the rest. */
export function textToOptions(text: string, names: string[]): Record<string, string> {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const out: Record<string, string> = {};
  names.forEach((n, i) => {
    const value = i === names.length - 1 ? words.slice(i).join(' ') : words[i];
    if (value) out[n] = value;
  });
  return out;
}

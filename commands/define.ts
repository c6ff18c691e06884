import type { z } from 'zod';
import type { PermissionAction } from '../src/domain/team-settings.js';
import type { Actor } from '../src/domain/actor.js';
import type { Reply } from '../src/ui/view.js';
import type { WorkflowDeps } from '../workflows/deps.js';

export interface InteractionContext {
  deps: WorkflowDeps;
  actor: Actor;
  /** The team the interaction came from (Slack workspace / Discord guild), or the default team. */
  teamId: string;
  channel?: string | undefined;
}

export interface CommandOption {
  name: string;
  description: string;
  required?: boolean;
  choices?: string[];
}

/** A slash command, defined once and registered on every platform. */
export interface CommandDef<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  /** In order: Slack maps words of the command text onto them; Discord gets them as options. */
  options: CommandOption[];
  /** Shown when the arguments do not parse. */
  usage: string;
  input: S;
  permission?: PermissionAction;
  run(ctx: InteractionContext, input: z.infer<S>): Promise<Reply>;
}

/** A button (and the modal it may open). `arg` is the case id or similar; handlers re-read state. */
export interface ActionDef<S extends z.ZodType = z.ZodType> {
  name: string;
  permission?: PermissionAction;
  click(ctx: InteractionContext, arg: string): Promise<Reply>;
  /** Modal submission for this action, when the click opened one. */
  submit?: { input: S; run(ctx: InteractionContext, arg: string, values: z.infer<S>): Promise<Reply> };
}

export const defineCommand = <S extends z.ZodType>(c: CommandDef<S>): CommandDef<S> => c;
export const defineAction = <S extends z.ZodType>(a: ActionDef<S>): ActionDef<S> => a;

import type { Tx } from '../context.js';
import type { Result } from '../errors.js';
import { type Args, type Param, usageOf } from './params.js';
import type { InboundEvent } from '../ports.js';
import type { Reply } from '../messages.js';
import type { Channel, Member, Workspace } from '../types.js';

export type CommandEvent = Extract<InboundEvent, { kind: 'command' }>;

/** Everything a subcommand may use; built once per invocation by the dispatcher. */
export interface CommandCtx {
  ctx: Tx;
  event: CommandEvent;
  ws: Workspace;
  member: Member;
  /** The practice channel the command was run in, if it is one. */
  channel: Channel | undefined;
  isAdmin: boolean;
  now: number;
}

/**
 * One `/dojo` subcommand: who may run it, its typed parameters (the text grammar, the usage
 * line and the Discord options all come from them), and what it does inside the delivery's
 * transaction. `check` turns the parameters into what `run` takes, refusing combinations that
 * the parameters alone cannot rule out.
 */
export interface Command<A = Args> {
  name: string;
  /** Other names members type for it. */
  aliases?: string[];
  summary: string;
  admin: boolean;
  params: readonly Param[];
  /** Derived from `params` by `defineCommand`. */
  usage: string;
  check?(args: Args): Result<A>;
  run(c: CommandCtx, args: A): Promise<Reply>;
}

/** Declares a command; its usage line is derived from its parameters, so the two cannot drift. */
export const defineCommand = <A = Args>(spec: Omit<Command<A>, 'usage'>): Command<A> => ({
  ...spec,
  usage: usageOf(spec.name, spec.params),
});

import type { Tx } from '../context.js';
import type { Result } from '../errors.js';
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

interface CommandInfo<A> {
  name: string;
  /** Other names members type for it. */
  aliases?: string[];
  usage: string;
  summary: string;
  admin: boolean;
  parse(args: string[]): Result<A>;
}

/** One `/dojo` subcommand: its grammar, who may run it, and what it does (inside the delivery's transaction). */
export interface Command<A = unknown> extends CommandInfo<A> {
  run(c: CommandCtx, args: A): Promise<Reply>;
}

/** Helps TypeScript keep each command's parse and run types together. */
export const defineCommand = <A>(command: Command<A>): Command<A> => command;

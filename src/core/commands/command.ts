import type { Ctx } from '../context.js';
import type { Result } from '../errors.js';
import type { InboundEvent } from '../ports.js';
import type { Reply } from '../messages.js';
import type { Channel, Member, Workspace } from '../types.js';

export type CommandEvent = Extract<InboundEvent, { kind: 'command' }>;

/** Everything a subcommand may use; built once per invocation by the dispatcher. */
export interface CommandCtx {
  ctx: Ctx;
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

/**
 * One `/dojo` subcommand: its grammar, who may run it, and what it does. Most commands are
 * database work and answer at once, so the core runs them in the transaction that records
 * the delivery. Those that post to chat (`posts: true`) await the platform: their delivery
 * is recorded first and marked done when they finish. Those that only read (`reads: true`)
 * record no delivery at all: answering a repeated delivery again changes nothing.
 */
export type Command<A = unknown> = CommandInfo<A> &
  (
    | { posts?: false; reads?: boolean; run(c: CommandCtx, args: A): Reply }
    | { posts: true; reads?: false; run(c: CommandCtx, args: A): Promise<Reply> }
  );

/** How the core runs a command's delivery (see Command). */
export type CommandMode = 'reads' | 'writes' | 'posts';

export const modeOf = (cmd: Command<any> | undefined): CommandMode => (cmd?.posts ? 'posts' : cmd?.reads ? 'reads' : 'writes');

/** Helps TypeScript keep each command's parse and run types together. */
export const defineCommand = <A>(command: Command<A>): Command<A> => command;

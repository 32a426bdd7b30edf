import { isAdmin } from './access.js';
import type { CommandCtx, CommandEvent } from './commands/command.js';
import { parseParams } from './commands/params.js';
import { findCommand } from './commands/registry.js';
import { tokenize } from './commands/tokenize.js';
import { nowMs, type Tx } from './context.js';
import { DojoUserError } from './errors.js';
import type { Reply } from './messages.js';
import type { Member, Workspace } from './types.js';
import { clip } from './text.js';

/** Longest command text the parser looks at; slash commands are short, anything longer is noise. */
const MAX_COMMAND_CHARS = 4000;

/** Parses `/dojo …` text once for every platform, checks admin rights, runs the subcommand. */
export async function runCommand(ctx: Tx, event: CommandEvent, ws: Workspace, member: Member): Promise<Reply> {
  const words = tokenize(event.text.slice(0, MAX_COMMAND_CHARS));
  const name = words[0] ?? 'help';
  const cmd = findCommand(name);
  if (!cmd) throw new DojoUserError('unknown-command', `I don't know "${clip(name, 40)}". Try \`/dojo help\`.`);
  const admin = isAdmin(ctx, ws, event.actor);
  if (cmd.admin && !admin) throw new DojoUserError('not-admin', `Only admins can use /dojo ${cmd.name}.`);
  const read = parseParams(cmd.params, words.slice(1));
  const parsed = read.ok && cmd.check ? cmd.check(read.value) : read;
  if (!parsed.ok) throw new DojoUserError(parsed.code, `${parsed.message}\nUsage: \`${cmd.usage}\``);
  const c: CommandCtx = {
    ctx,
    event,
    ws,
    member,
    channel: event.channel ? await ctx.db.channels.findByRef(ws.id, event.channel) : undefined,
    isAdmin: admin,
    now: nowMs(ctx),
  };
  return cmd.run(c, parsed.value);
}

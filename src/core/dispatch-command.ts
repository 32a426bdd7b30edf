import { isAdmin } from './access.js';
import { modeOf, type CommandCtx, type CommandEvent, type CommandMode } from './commands/command.js';
import { findCommand } from './commands/registry.js';
import { tokenize } from './commands/tokenize.js';
import { nowMs, type Ctx } from './context.js';
import { DojoUserError } from './errors.js';
import type { Reply } from './messages.js';
import type { Channel, Member, Workspace } from './types.js';
import { clip } from './text.js';

/** Longest command text the parser looks at; slash commands are short, anything longer is noise. */
const MAX_COMMAND_CHARS = 4000;

const wordsOf = (text: string) => tokenize(text.slice(0, MAX_COMMAND_CHARS));

let lastText: string | undefined;
let lastMode: CommandMode = 'writes';

/** How the command a `/dojo …` text names is run; unknown commands are refused as database work. */
export function commandMode(text: string): CommandMode {
  // One delivery asks several times (which path, whether to record it); tokenizing once is enough.
  if (text !== lastText) {
    lastMode = modeOf(findCommand(wordsOf(text)[0] ?? 'help'));
    lastText = text;
  }
  return lastMode;
}

/**
 * Parses `/dojo …` text once for every platform, checks admin rights, runs the subcommand.
 * The reply is immediate unless the command posts to chat.
 */
export function runCommand(ctx: Ctx, event: CommandEvent, ws: Workspace, member: Member): Reply | Promise<Reply> {
  const words = wordsOf(event.text);
  const name = words[0] ?? 'help';
  const cmd = findCommand(name);
  if (!cmd) throw new DojoUserError('unknown-command', `I don't know "${clip(name, 40)}". Try \`/dojo help\`.`);
  const admin = isAdmin(ctx, ws, event.actor);
  if (cmd.admin && !admin) throw new DojoUserError('not-admin', `Only admins can use /dojo ${cmd.name}.`);
  const parsed = cmd.parse(words.slice(1));
  if (!parsed.ok) throw new DojoUserError(parsed.code, `${parsed.message}\nUsage: \`${cmd.usage}\``);
  let channel: { value: Channel | undefined } | undefined;
  const c: CommandCtx = {
    ctx,
    event,
    ws,
    member,
    // Looked up on first use: most commands that do not need it are the busiest (top, help).
    get channel() {
      channel ??= { value: event.channel ? ctx.store.channels.findByRef(ws.id, event.channel) : undefined };
      return channel.value;
    },
    isAdmin: admin,
    now: nowMs(ctx),
  };
  return cmd.run(c, parsed.value);
}

/** One parsed playground line. */
export type ShellLine =
  | { kind: 'empty' }
  | { kind: 'command'; user: string; text: string }
  | { kind: 'reply'; user: string; text: string }
  | { kind: 'vote' | 'unvote' | 'review'; user: string; author: string }
  | { kind: 'press'; user: string; label: string }
  | { kind: 'submit'; user: string; text: string }
  | { kind: 'home'; user: string }
  | { kind: 'edit'; user: string; text: string }
  | { kind: 'delete'; user: string }
  | { kind: 'clock'; to: { relativeMs: number } | { absolute: string } }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'error'; message: string };

export const DEFAULT_USER = 'you';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const GRAMMAR_HELP = [
  'as <user> /dojo <args>     run a command as <user> (default user: you)',
  'as <user> reply <text>     answer / reply in the current round thread',
  'as <user> edit <text>      edit your answer     as <user> delete   delete it',
  "as <user> vote <author>    vote for <author>'s answer     unvote <author> retracts",
  "as <user> review <author>  review <author>'s answer against the key points (then: submit 1,3,4 | comment)",
  'as <user> press <label>    press a button on the last message shown to <user>',
  'as <user> submit <text>    submit the form open for <user>',
  "as <user> home             show <user>'s home view",
  'clock +<n>s|m|h|d  /  clock <ISO datetime>   move simulated time forward',
  'help                       this list          quit / exit   leave (state is kept for the next run)',
].join('\n');

/** Parses one playground line; never throws (bad input becomes an `error` line). */
export function parseShellLine(raw: string): ShellLine {
  const line = raw.replace(/[\r\n]+$/, '').trim();
  if (!line || line.startsWith('#')) return { kind: 'empty' };
  if (line === 'help' || line === '?') return { kind: 'help' };
  if (/^(quit|exit)$/i.test(line)) return { kind: 'quit' };
  const clock = /^clock\s+(.+)$/i.exec(line);
  if (clock) {
    const arg = clock[1]!.trim();
    const rel = /^\+(\d{1,6})([smhd])$/i.exec(arg);
    if (rel) return { kind: 'clock', to: { relativeMs: Number(rel[1]) * UNITS[rel[2]!.toLowerCase()]! } };
    if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(arg))
      return { kind: 'clock', to: { absolute: arg.replace(' ', 'T') } };
    return { kind: 'error', message: 'clock takes +<n>s|m|h|d or an ISO date-time, e.g. clock +2h or clock 2026-12-01T09:00' };
  }
  let user = DEFAULT_USER;
  let rest = line;
  const as = /^as\s+(\S+)\s*(.*)$/i.exec(line);
  if (as) {
    user = as[1]!.replace(/^@/, '');
    rest = as[2]!.trim();
    if (!/^[\w.-]{1,32}$/.test(user)) return { kind: 'error', message: 'user names are letters, digits, dots and dashes (up to 32)' };
    if (!rest)
      return {
        kind: 'error',
        message: `as <user> needs something to do, e.g. as ${user} reply <text>, as ${user} vote <author> or as ${user} /dojo help`,
      };
  }
  const slash = /^\/dojo(?:\s+(.*))?$/i.exec(rest);
  if (slash) return { kind: 'command', user, text: (slash[1] ?? '').trim() };
  const [verb = '', ...words] = rest.split(/\s+/);
  const arg = rest.slice(verb.length).trim();
  switch (verb.toLowerCase()) {
    case 'reply':
    case 'edit':
    case 'submit':
      if (!arg) return { kind: 'error', message: `${verb} needs some text` };
      return { kind: verb.toLowerCase() as 'reply' | 'edit' | 'submit', user, text: arg };
    case 'vote':
    case 'unvote':
    case 'review':
      if (words.length !== 1) return { kind: 'error', message: `${verb} takes one author name, e.g. ${verb} alice` };
      return { kind: verb.toLowerCase() as 'vote' | 'unvote' | 'review', user, author: words[0]!.replace(/^@/, '') };
    case 'press':
      if (!arg) return { kind: 'error', message: 'press needs a button label, e.g. press Answer' };
      return { kind: 'press', user, label: arg.replace(/^\[|\]$/g, '') };
    case 'home':
      return { kind: 'home', user };
    case 'delete':
      return { kind: 'delete', user };
    default:
      return { kind: 'error', message: `I don't understand "${verb.slice(0, 30)}". Type help for the playground grammar.` };
  }
}

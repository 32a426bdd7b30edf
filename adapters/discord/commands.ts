import { ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandOptionChoice,
  APIApplicationCommandSubcommandOption,
  RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { CATEGORIES, clip, commandList } from '../../src/core/index.js';

/** Member subcommands live under /dojo. */
export const MEMBER_COMMAND = 'dojo';
/**
 * Admin subcommands live under /dojo-admin: Discord applies default_member_permissions to a
 * whole command, never to one subcommand, so Manage Server can only gate a separate command.
 */
export const ADMIN_COMMAND = 'dojo-admin';

/**
 * A message menu command (right-click a message → Apps): members' own thread replies carry no
 * bot buttons, so this is how a thread-reply answer gets a Review.
 */
export const REVIEW_MENU = 'Review answer';

type Param = ReturnType<typeof commandList>[number]['params'][number];

const categoryChoices = Object.entries(CATEGORIES).map(([value, c]) => ({ name: clip(c.label, 100), value }));
const choicesOf = (values: readonly string[]) => values.map((value) => ({ name: value, value }));

// Discord option names allow letters, digits, "-" and "_" only (points.answer → points-answer).
const optionName = (p: Param) =>
  p.name
    .replace(/[^\w-]/g, '-')
    .toLowerCase()
    .slice(0, 32);

/** The Discord option of one core parameter; the core's list is the only grammar there is. */
function option(p: Param): APIApplicationCommandBasicOption {
  const base = { name: optionName(p), description: clip(p.description, 100), required: Boolean(p.required) };
  switch (p.kind) {
    case 'member':
      return { ...base, type: ApplicationCommandOptionType.User };
    case 'integer':
      return { ...base, type: ApplicationCommandOptionType.Integer, min_value: p.min, max_value: p.max };
    case 'category':
      return { ...base, type: ApplicationCommandOptionType.String, choices: categoryChoices };
    case 'choice':
    case 'switch':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: choicesOf(p.values) as APIApplicationCommandOptionChoice<string>[],
      };
    case 'setting':
      if (p.integer) return { ...base, type: ApplicationCommandOptionType.Integer, min_value: p.integer.min, max_value: p.integer.max };
      if (p.values)
        return {
          ...base,
          type: ApplicationCommandOptionType.String,
          choices: choicesOf(p.values) as APIApplicationCommandOptionChoice<string>[],
        };
      return { ...base, type: ApplicationCommandOptionType.String, ...(p.autocomplete ? { autocomplete: true } : {}) };
    case 'word':
      return { ...base, type: ApplicationCommandOptionType.String, ...(p.autocomplete ? { autocomplete: true } : {}) };
    case 'text':
      return { ...base, type: ApplicationCommandOptionType.String, ...(p.maxLength ? { max_length: p.maxLength } : {}) };
  }
}

const paramsOf = (sub: string): readonly Param[] => commandList().find((c) => c.name === sub)?.params ?? [];

function subcommand(cmd: { name: string; summary: string; params: readonly Param[] }): APIApplicationCommandSubcommandOption {
  // Discord requires required options before optional ones.
  const params = [...cmd.params].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: cmd.name,
    description: clip(cmd.summary, 100),
    options: params.map(option),
  };
}

/** The body of the bulk overwrite that registers both commands; the same every start. */
export function slashCommands(): RESTPutAPIApplicationCommandsJSONBody {
  const all = commandList();
  return [
    {
      name: MEMBER_COMMAND,
      description: 'Interview practice: daily questions, quizzes, challenges and the leaderboard',
      contexts: [InteractionContextType.Guild],
      options: all.filter((c) => !c.admin).map(subcommand),
    },
    {
      name: ADMIN_COMMAND,
      description: 'Set up and run Interview Dojo in this server (needs Manage Server)',
      contexts: [InteractionContextType.Guild],
      default_member_permissions: String(PermissionFlagsBits.ManageGuild),
      options: all.filter((c) => c.admin).map(subcommand),
    },
    { name: REVIEW_MENU, type: ApplicationCommandType.Message, contexts: [InteractionContextType.Guild] },
  ];
}

const quoted = (value: string) => (/\s/.test(value) ? `"${value.replace(/"/g, '')}"` : value);

/**
 * Rebuilds the raw text after `/dojo` that the core parses, e.g. `top week security`, from a
 * subcommand and its option values, in the form each core parameter reads. Parsing and
 * validation stay in the core.
 */
export function commandText(sub: string, given: readonly { name: string; value?: string | number | boolean | null }[]): string {
  const values = new Map(given.map((o) => [o.name, o.value]));
  const words: string[] = [];
  let prefix = '';
  let rest = '';
  for (const p of paramsOf(sub)) {
    const raw = values.get(optionName(p));
    if (raw === undefined || raw === null || String(raw).trim() === '') continue;
    const value = String(raw).trim();
    if (p.kind === 'member') words.push(`<@${value}>`);
    else if (p.kind === 'switch') words.push(`${p.name} ${value}`);
    else if (p.kind === 'setting') words.push(`${p.name}=${value.replace(/\s+/g, '')}`);
    else if (p.kind === 'category' && p.prefixed) prefix = `${value}:`;
    else if (p.kind === 'text') rest = value;
    else words.push(quoted(value));
  }
  return [sub, prefix, ...words, rest].filter(Boolean).join(' ');
}

let adminPattern: RegExp | undefined;

/** Points `/dojo setup` and the other admin commands in core text at /dojo-admin. */
export function rewriteAdminCommands(text: string): string {
  adminPattern ??= new RegExp(
    `/dojo (${commandList()
      .filter((c) => c.admin)
      .flatMap((c) => [c.name, ...(c.aliases ?? [])])
      .map((n) => n.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
      .join('|')})\\b`,
    'g',
  );
  return text.replace(adminPattern, `/${ADMIN_COMMAND} $1`);
}

/** Up to 25 autocomplete choices for an option that asks for them. */
export function autocompleteChoices(
  sub: string,
  focused: { name: string; value: string },
  packIds: () => string[],
): { name: string; value: string }[] {
  const param = paramsOf(sub).find((p) => optionName(p) === focused.name);
  const asks = param && 'autocomplete' in param ? param.autocomplete : undefined;
  const typed = focused.value.toLowerCase();
  const pool = asks === 'timezone' ? Intl.supportedValuesOf('timeZone') : asks === 'pack' ? packIds() : [];
  return pool
    .filter((v) => v.toLowerCase().includes(typed))
    .slice(0, 25)
    .map((v) => ({ name: clip(v, 100), value: v.slice(0, 100) }));
}

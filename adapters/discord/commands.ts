import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandOptionChoice,
  APIApplicationCommandSubcommandOption,
  RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { CATEGORIES, PERIODS, clip, commandList } from '../../src/core/index.js';

/** Member subcommands live under /dojo. */
export const MEMBER_COMMAND = 'dojo';
/**
 * Admin subcommands live under /dojo-admin: Discord applies default_member_permissions to a
 * whole command, never to one subcommand, so Manage Server can only gate a separate command.
 */
export const ADMIN_COMMAND = 'dojo-admin';

/** How an option's value goes back into the core's command text. */
type Placement = 'word' | 'pair' | 'mention' | 'keyword' | 'prefix' | 'rest';

interface OptionSpec {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'user';
  placement: Placement;
  choices?: { name: string; value: string }[];
  required?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  autocomplete?: 'pack' | 'timezone';
}

const choices = (...values: string[]) => values.map((value) => ({ name: value, value }));
const categoryChoices = Object.entries(CATEGORIES).map(([value, c]) => ({ name: clip(c.label, 100), value }));
const category = (description: string, placement: Placement = 'word'): OptionSpec => ({
  name: 'category',
  description,
  type: 'string',
  placement,
  choices: categoryChoices,
});
const setting = (name: string, description: string, extra: Partial<OptionSpec> = {}): OptionSpec => ({
  name,
  description,
  type: 'string',
  placement: 'pair',
  ...extra,
});

/** Options per subcommand; a core command missing here gets one free-text `args` option. */
const OPTIONS: Record<string, OptionSpec[]> = {
  help: [],
  export: [],
  'forget-me': [],
  pause: [],
  resume: [],
  ask: [
    {
      name: 'question',
      description: 'A question id, e.g. pitch-hr-final-round (default: the next in line)',
      type: 'string',
      placement: 'word',
    },
  ],
  close: [],
  skip: [],
  void: [
    { name: 'member', description: 'Whose answer to void', type: 'user', placement: 'mention', required: true },
    { name: 'reason', description: 'Told to the author', type: 'string', placement: 'rest', maxLength: 300 },
  ],
  quiz: [
    category('Only questions from this category'),
    {
      name: 'difficulty',
      description: 'Only this difficulty',
      type: 'string',
      placement: 'word',
      choices: choices('easy', 'medium', 'hard'),
    },
  ],
  review: [
    {
      name: 'nudge',
      description: 'A daily reminder when reviews are due',
      type: 'string',
      placement: 'keyword',
      choices: choices('on', 'off'),
    },
  ],
  challenge: [
    category('The question’s category'),
    { name: 'seconds', description: 'Time on the clock', type: 'integer', placement: 'word', min: 15, max: 600 },
  ],
  top: [
    { name: 'period', description: 'Which board (default: this week)', type: 'string', placement: 'word', choices: choices(...PERIODS) },
    category('Only points from this category'),
  ],
  stats: [{ name: 'member', description: 'Whose stats (default: yours)', type: 'user', placement: 'mention' }],
  suggest: [
    {
      name: 'question',
      description: 'The interview question you propose',
      type: 'string',
      placement: 'rest',
      required: true,
      maxLength: 1000,
    },
    category('Where it belongs (default: general)', 'prefix'),
  ],
  setup: [
    setting('days', 'Days to post, e.g. mon-fri'),
    setting('time', 'Local posting time, e.g. 09:00'),
    setting('tz', 'IANA time zone, e.g. Europe/Berlin', { autocomplete: 'timezone' }),
    setting('categories', 'Comma-separated categories, e.g. security,nodejs'),
    setting('mode', 'Open answers, or blind (revealed together)', { choices: choices('open', 'blind') }),
    setting('emoji', 'The vote reaction, e.g. +1'),
    setting('close', 'When rounds close: auto, or a duration such as 8h'),
    setting('cap', 'Votes per member per round (0 = no cap)', { type: 'integer', min: 0, max: 99 }),
    setting('digest', 'A weekly top-five post', { choices: choices('on', 'off') }),
  ],
  packs: [
    { name: 'action', description: 'Switch a pack on or off', type: 'string', placement: 'word', choices: choices('enable', 'disable') },
    { name: 'pack', description: 'The pack id', type: 'string', placement: 'word', autocomplete: 'pack' },
  ],
  suggestions: [
    { name: 'action', description: 'Decide on one suggestion', type: 'string', placement: 'word', choices: choices('approve', 'reject') },
    { name: 'id', description: 'The suggestion number', type: 'integer', placement: 'word', min: 1 },
  ],
  config: [
    {
      name: 'settings',
      description: 'e.g. admins add @user · points.answer=10 · tz=Europe/Berlin · season new · rebuild',
      type: 'string',
      placement: 'rest',
    },
  ],
};

const FREE_TEXT: OptionSpec[] = [{ name: 'args', description: 'Arguments, as shown by /dojo help', type: 'string', placement: 'rest' }];

const optionsFor = (name: string): OptionSpec[] => OPTIONS[name] ?? FREE_TEXT;

function option(spec: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: spec.name, description: clip(spec.description, 100), required: Boolean(spec.required) };
  if (spec.type === 'user') return { ...base, type: ApplicationCommandOptionType.User };
  if (spec.type === 'integer') {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(spec.min !== undefined ? { min_value: spec.min } : {}),
      ...(spec.max !== undefined ? { max_value: spec.max } : {}),
    };
  }
  if (spec.autocomplete) return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(spec.choices ? { choices: spec.choices as APIApplicationCommandOptionChoice<string>[] } : {}),
    ...(spec.maxLength ? { max_length: spec.maxLength } : {}),
  };
}

function subcommand(cmd: { name: string; summary: string }): APIApplicationCommandSubcommandOption {
  // Discord requires required options before optional ones.
  const specs = [...optionsFor(cmd.name)].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  return { type: ApplicationCommandOptionType.Subcommand, name: cmd.name, description: clip(cmd.summary, 100), options: specs.map(option) };
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
  ];
}

/**
 * Rebuilds the raw text after `/dojo` that the core parses, e.g. `top week security`, from a
 * subcommand and its option values. Parsing and validation stay in the core.
 */
export function commandText(sub: string, given: readonly { name: string; value?: string | number | boolean | null }[]): string {
  const values = new Map(given.map((o) => [o.name, o.value]));
  const words: string[] = [];
  let prefix = '';
  let rest = '';
  for (const spec of optionsFor(sub)) {
    const raw = values.get(spec.name);
    if (raw === undefined || raw === null || String(raw).trim() === '') continue;
    const value = String(raw).trim();
    switch (spec.placement) {
      case 'word':
        words.push(/\s/.test(value) ? `"${value.replace(/"/g, '')}"` : value);
        break;
      case 'pair':
        words.push(`${spec.name}=${value.replace(/\s+/g, '')}`);
        break;
      case 'mention':
        words.push(`<@${value}>`);
        break;
      case 'keyword':
        words.push(`${spec.name} ${value}`);
        break;
      case 'prefix':
        prefix = `${value}:`;
        break;
      case 'rest':
        rest = value;
        break;
    }
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
  const spec = optionsFor(sub).find((o) => o.name === focused.name);
  const typed = focused.value.toLowerCase();
  const pool = spec?.autocomplete === 'timezone' ? Intl.supportedValuesOf('timeZone') : spec?.autocomplete === 'pack' ? packIds() : [];
  return pool
    .filter((v) => v.toLowerCase().includes(typed))
    .slice(0, 25)
    .map((v) => ({ name: clip(v, 100), value: v.slice(0, 100) }));
}

import { categoryNames, resolveCategory } from '../categories.js';
import { fail, ok, type Result } from '../errors.js';
import { clip, safeUserText } from '../text.js';
import { parseUserArg } from './tokenize.js';

interface ParamBase {
  name: string;
  /** One line for help and for Discord's option description (at most 100 characters there). */
  description: string;
  required?: boolean;
}

/**
 * One typed parameter of a `/dojo` subcommand. The same list is the text grammar (`parseParams`),
 * the usage line in help (`usageOf`), and, through the Discord adapter, the slash-command options:
 * a parameter exists everywhere or nowhere.
 */
export type Param =
  /** One word from a fixed set, anywhere in the text (`week`, `hard`). */
  | (ParamBase & { kind: 'choice'; values: readonly string[]; aliases?: Record<string, string> })
  /** A category by id or alias, one or more words (`system design`); `prefixed`: written `security:` before free text. */
  | (ParamBase & { kind: 'category'; prefixed?: boolean })
  /** A whole number in a range, optionally with a unit suffix (`90s`). */
  | (ParamBase & { kind: 'integer'; min: number; max: number; suffix?: string })
  /** A member: a platform mention, @name or name. */
  | (ParamBase & { kind: 'member' })
  /** A keyword followed by one of `values` (`nudge on`). */
  | (ParamBase & { kind: 'switch'; values: readonly string[] })
  /** A `name=value` setting; `values` or `integer` restrict it, `autocomplete` helps platforms that can. */
  | (ParamBase & { kind: 'setting'; values?: readonly string[]; integer?: { min: number; max: number }; autocomplete?: 'timezone' })
  /** The next word that no other parameter took, in order (`enable <pack>`). */
  | (ParamBase & { kind: 'word'; autocomplete?: 'pack' })
  /** Everything left, as one text. */
  | (ParamBase & { kind: 'text'; maxLength?: number });

/** What `parseParams` read: values by parameter name; settings as typed (`tz=Europe/Berlin` → `tz`). */
export interface Args {
  get(name: string): string | undefined;
  num(name: string): number | undefined;
  /** The settings given, in order, keys lower-cased. */
  settings: Map<string, string>;
  has(name: string): boolean;
}

const argsOf = (values: Map<string, string>, settings: Map<string, string>): Args => ({
  get: (name) => values.get(name),
  num: (name) => (values.has(name) ? Number(values.get(name)) : undefined),
  settings,
  has: (name) => values.has(name) || settings.has(name),
});

/** The usage line of a command from its parameters, e.g. `/dojo top [week|month|season|all] [category]`. */
export function usageOf(name: string, params: readonly Param[]): string {
  const parts = params.map((p) => {
    const shown =
      p.kind === 'choice'
        ? p.values.join('|')
        : p.kind === 'switch'
          ? `${p.name} ${p.values.join('|')}`
          : p.kind === 'setting'
            ? `${p.name}=…`
            : p.kind === 'category' && p.prefixed
              ? 'category:'
              : p.kind === 'integer' && p.suffix
                ? `${p.name}`
                : p.kind === 'member'
                  ? `@${p.name}`
                  : p.name;
    return p.required ? `<${shown}>` : `[${shown}]`;
  });
  return [`/dojo ${name}`, ...parts].join(' ');
}

/** Longest run of words from `at` that names a category ("system design"), with how many words it took. */
function categoryAt(words: readonly string[], at: number): { id: string; taken: number } | undefined {
  for (let n = Math.min(3, words.length - at); n >= 1; n--) {
    const joined = words.slice(at, at + n);
    const id = resolveCategory(joined.join('-')) ?? resolveCategory(joined.join(''));
    if (id) return { id, taken: n };
  }
  return undefined;
}

/**
 * Reads command words against a command's parameters, in any order except `word` (positional)
 * and `text` (the rest). A word nothing accepts, a parameter given twice, a number out of range
 * or a missing required parameter is a refusal naming what was expected.
 */
export function parseParams(params: readonly Param[], words: readonly string[]): Result<Args> {
  const values = new Map<string, string>();
  const settings = new Map<string, string>();
  const positional = params.filter((p) => p.kind === 'word');
  const text = params.find((p) => p.kind === 'text');
  const setOnce = (name: string, value: string): Result<true> => {
    if (values.has(name)) return fail('repeated', `You gave ${name} twice ("${values.get(name)}" and "${safeUserText(clip(value, 40))}").`);
    values.set(name, value);
    return ok(true);
  };
  let i = 0;
  const prefixed = params.find((p) => p.kind === 'category' && p.prefixed);
  if (prefixed && words[0]) {
    const head = /^([\w.-]+):$/.exec(words[0]);
    const id = head ? resolveCategory(head[1]!) : undefined;
    if (id) {
      values.set(prefixed.name, id);
      i = 1;
    }
  }
  const rest: string[] = [];
  for (; i < words.length; i++) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    if (text && rest.length) {
      rest.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    if (eq > 0) {
      const key = word.slice(0, eq).toLowerCase();
      const spec = params.find((p): p is Extract<Param, { kind: 'setting' }> => p.kind === 'setting' && p.name === key);
      if (spec) {
        if (settings.has(key)) return fail('repeated', `You gave ${key}= twice.`);
        const value = word.slice(eq + 1);
        const bad = checkSetting(spec, value);
        if (bad) return bad;
        settings.set(key, value);
        continue;
      }
      if (params.some((p) => p.kind === 'setting')) {
        const known = params.filter((p) => p.kind === 'setting').map((p) => `${p.name}=`);
        return fail('bad-key', `Unknown setting ${safeUserText(clip(key, 40))}=. Settings: ${known.join(' ')}`);
      }
    }
    const matched = matchWord(params, words, i, lower);
    if (matched) {
      const once = setOnce(matched.name, matched.value);
      if (!once.ok) return once;
      i += matched.taken - 1;
      continue;
    }
    const next = positional.find((p) => !values.has(p.name));
    if (next) {
      values.set(next.name, word);
      continue;
    }
    if (text) {
      rest.push(word);
      continue;
    }
    const sw = params.find((p): p is Extract<Param, { kind: 'switch' }> => p.kind === 'switch' && p.name === lower);
    if (sw) {
      const got = words[i + 1] ? ` (got "${safeUserText(clip(words[i + 1]!, 40))}")` : '';
      return fail('bad-value', `${sw.name} takes ${sw.values.join(' or ')}${got}.`);
    }
    return fail('usage', unknownWord(params, word));
  }
  if (text && rest.length) {
    const joined = rest.join(' ').trim();
    if (text.kind === 'text' && text.maxLength && joined.length > text.maxLength)
      return fail('too-long', `Keep ${text.name} under ${text.maxLength} characters.`);
    values.set(text.name, joined);
  }
  const missing = params.find((p) => p.required && !values.has(p.name) && !settings.has(p.name));
  if (missing) return fail('missing', `Say which ${missing.name}.`);
  return checkRanges(params, argsOf(values, settings));
}

function matchWord(
  params: readonly Param[],
  words: readonly string[],
  at: number,
  lower: string,
): { name: string; value: string; taken: number } | undefined {
  for (const p of params) {
    if (p.kind === 'choice') {
      const value = p.values.includes(lower) ? lower : p.aliases?.[lower];
      if (value) return { name: p.name, value, taken: 1 };
    } else if (p.kind === 'switch' && lower === p.name) {
      const value = words[at + 1]?.toLowerCase();
      if (value && p.values.includes(value)) return { name: p.name, value, taken: 2 };
    } else if (p.kind === 'integer') {
      const m = new RegExp(`^(\\d+)${p.suffix ? `${p.suffix}?` : ''}$`, 'i').exec(lower);
      if (m) return { name: p.name, value: m[1]!, taken: 1 };
    } else if (p.kind === 'category' && !p.prefixed) {
      const found = categoryAt(words, at);
      if (found) return { name: p.name, value: found.id, taken: found.taken };
    } else if (p.kind === 'member' && (/^<@/.test(lower) || lower.startsWith('@'))) {
      const who = parseUserArg(words[at]!);
      return { name: p.name, value: who.rawId ?? who.name ?? '', taken: 1 };
    }
  }
  // A bare name for a member parameter, when nothing else took the word.
  const member = params.find((p) => p.kind === 'member');
  if (member && !params.some((p) => p.kind === 'word' || p.kind === 'text')) return { name: member.name, value: words[at]!, taken: 1 };
  return undefined;
}

/** Integers are read loosely (any digits) so that a value out of range is refused with the range. */
function checkRanges(params: readonly Param[], args: Args): Result<Args> {
  for (const p of params) {
    if (p.kind !== 'integer' || !args.has(p.name)) continue;
    const n = args.num(p.name)!;
    if (n < p.min || n > p.max) return fail(`bad-${p.name}`, `Pick ${p.name} between ${p.min} and ${p.max}.`);
  }
  return ok(args);
}

function checkSetting(spec: Extract<Param, { kind: 'setting' }>, value: string): Result<Args> | undefined {
  if (spec.values && !spec.values.includes(value.toLowerCase()))
    return fail('bad-value', `${spec.name}= takes ${spec.values.join(' or ')} (got "${safeUserText(clip(value, 40))}").`);
  if (spec.integer) {
    const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= spec.integer.min && n <= spec.integer.max))
      return fail('bad-value', `${spec.name}= takes a whole number from ${spec.integer.min} to ${spec.integer.max}.`);
  }
  return undefined;
}

function unknownWord(params: readonly Param[], word: string): string {
  const shown = `"${safeUserText(clip(word, 40))}"`;
  const wantsCategory = params.some((p) => p.kind === 'category');
  const choices = params.flatMap((p) => (p.kind === 'choice' ? p.values : []));
  const hints = [
    ...(choices.length ? [`options: ${choices.join(', ')}`] : []),
    ...(wantsCategory ? [`categories: ${categoryNames()}`] : []),
  ];
  return `I don't know ${shown}${hints.length ? ` (${hints.join('; ')})` : ''}.`;
}

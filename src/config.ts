import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { decodeSecretKey, SECRET_KEY_MIN_BYTES } from './secret-key.js';

const optional = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

const zone = z
  .string()
  .default('UTC')
  .refine((v) => DateTime.local().setZone(v).isValid, 'an IANA time zone such as UTC or Europe/Berlin');

/** A postgres:// connection string; it is never echoed (it may hold a password). */
const databaseUrl = optional.refine((v) => {
  if (v === undefined) return true;
  if (!/^postgres(ql)?:\/\/\S+$/.test(v)) return false;
  try {
    return Boolean(new URL(v).hostname);
  } catch {
    return false;
  }
}, 'a PostgreSQL URL such as postgres://user:password@host:5432/dojo (unset: the SQLite file at DOJO_DB_PATH)');

const url = (what: string) => optional.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), `an http(s) URL (${what})`);

/** A whole number from `min` to `max`, or undefined when unset or blank (never a coerced 0). */
const wholeNumber = (min: number, max: number, what: string) =>
  optional
    .refine((v) => v === undefined || (/^\d{1,9}$/.test(v) && Number(v) >= min && Number(v) <= max), `${what} from ${min} to ${max}`)
    .transform((v) => (v === undefined ? undefined : Number(v)));

/** Every environment variable the bot reads, validated once at startup. */
const envSchema = z
  .object({
    DOJO_DB_PATH: z.string().min(1).default('./data/dojo.sqlite'),
    DATABASE_URL: databaseUrl,
    DOJO_TIMEZONE: zone,
    DOJO_ADMINS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    DOJO_CONTENT_DIR: optional,
    DOJO_WEB_PORT: wholeNumber(0, 65535, 'a port number'),
    DOJO_WEB_HOST: optional.transform((v) => v ?? '127.0.0.1'),
    DOJO_SHUTDOWN_DELAY_MS: wholeNumber(0, 60_000, 'milliseconds').transform((v) => v ?? 1_500),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SLACK_BOT_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xoxb-'), 'a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xapp-'), 'an app-level token starting with xapp-'),
    // Blank is unset (the default), never Number('') = 0, which would listen on a random port.
    PORT: optional
      .refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), {
        message: 'a port number from 0 to 65535 (unset or blank: 3000)',
        abort: true,
      })
      .transform((v) => (v === undefined ? 3000 : Number(v))),
    SLACK_API_URL: url('the Web API base, ending in /api/'),
    SLACK_CLIENT_ID: optional,
    SLACK_CLIENT_SECRET: optional,
    SLACK_STATE_SECRET: optional,
    DOJO_SECRET_KEY: optional,
    DISCORD_TOKEN: optional,
    DISCORD_APPLICATION_ID: optional.refine((v) => v === undefined || /^\d{5,25}$/.test(v), 'a numeric application id'),
    DISCORD_GUILD_ID: optional.refine((v) => v === undefined || /^\d{5,25}$/.test(v), 'a numeric guild id'),
    DISCORD_API_URL: url('the REST base without version, e.g. http://127.0.0.1:4001/api'),
    DISCORD_SHARD_COUNT: optional
      .refine((v) => v === undefined || /^[1-9]\d{0,4}$/.test(v), 'a whole number of shards, 1 or more')
      .transform((v) => (v === undefined ? undefined : Number(v))),
    DISCORD_SHARDS: optional
      .refine((v) => v === undefined || /^\d{1,5}(\s*,\s*\d{1,5})*$/.test(v), 'a list of shard ids separated by commas, e.g. 0,1')
      .transform((v) => (v === undefined ? undefined : [...new Set(v.split(',').map((x) => Number(x.trim())))])),
    DOJO_PUBLIC_URL: url('the base of the dashboard links the bot hands out, e.g. https://dojo.example.com'),
    DISCORD_MESSAGE_CONTENT: optional
      .refine((v) => v === undefined || v === 'true' || v === 'false', 'a boolean (true or false)')
      .transform((v) => v === 'true'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    const oauth = isSlackOAuth(env);
    if ((env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) && !env.SLACK_BOT_TOKEN && !oauth) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'required when other Slack variables are set (or set SLACK_CLIENT_ID for the "Add to Slack" install)',
      });
    }
    if (oauth) for (const [path, message] of slackOAuthProblems(env)) ctx.addIssue({ code: 'custom', path: [path], message });
    if (env.DOJO_SECRET_KEY !== undefined) {
      const bytes = decodeSecretKey(env.DOJO_SECRET_KEY)?.length ?? 0;
      if (bytes < SECRET_KEY_MIN_BYTES)
        ctx.addIssue({
          code: 'custom',
          path: ['DOJO_SECRET_KEY'],
          message: `needs ${SECRET_KEY_MIN_BYTES} or more random bytes written in base64 or hex (this one has ${bytes}); make one with: openssl rand -base64 32`,
        });
    }
    if (env.DISCORD_SHARDS && env.DISCORD_SHARD_COUNT === undefined) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARDS'], message: 'needs DISCORD_SHARD_COUNT (the total over all instances)' });
    }
    const count = env.DISCORD_SHARD_COUNT;
    // A malformed DISCORD_SHARDS reaches here untransformed, already reported above.
    if (Array.isArray(env.DISCORD_SHARDS) && count !== undefined && env.DISCORD_SHARDS.some((id) => id >= count)) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARDS'], message: `each shard id must be below DISCORD_SHARD_COUNT (${count})` });
    }
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'required with DISCORD_TOKEN' });
    }
  });

export type AppConfig = z.infer<typeof envSchema>;

type SlackOAuthEnv = Pick<
  AppConfig,
  | 'SLACK_BOT_TOKEN'
  | 'SLACK_CLIENT_ID'
  | 'SLACK_CLIENT_SECRET'
  | 'SLACK_STATE_SECRET'
  | 'SLACK_SIGNING_SECRET'
  | 'SLACK_APP_TOKEN'
  | 'DOJO_SECRET_KEY'
>;

/** "Add to Slack" mode: the app is installed by many workspaces (SLACK_CLIENT_ID set, no SLACK_BOT_TOKEN). */
export const isSlackOAuth = (
  c: Pick<SlackOAuthEnv, 'SLACK_BOT_TOKEN' | 'SLACK_CLIENT_ID' | 'SLACK_CLIENT_SECRET' | 'SLACK_STATE_SECRET'>,
) => !c.SLACK_BOT_TOKEN && Boolean(c.SLACK_CLIENT_ID || c.SLACK_CLIENT_SECRET || c.SLACK_STATE_SECRET);

function slackOAuthProblems(env: SlackOAuthEnv): [string, string][] {
  const problems: [string, string][] = [];
  const need = 'required for the "Add to Slack" install (with SLACK_CLIENT_ID and no SLACK_BOT_TOKEN)';
  for (const name of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET'] as const)
    if (!env[name]) problems.push([name, need]);
  if (!env.DOJO_SECRET_KEY)
    problems.push(['DOJO_SECRET_KEY', `${need}: it encrypts the stored tokens; make one with: openssl rand -base64 32`]);
  if (env.SLACK_APP_TOKEN)
    problems.push([
      'SLACK_APP_TOKEN',
      'the "Add to Slack" install runs in HTTP mode: unset SLACK_APP_TOKEN, or set SLACK_BOT_TOKEN for one workspace',
    ]);
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Parses the environment; throws ConfigError with one line per bad variable (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      const expected =
        i.code === 'custom' && !i.message.startsWith('a')
          ? i.message
          : i.message.startsWith('Invalid')
            ? i.message
            : `expected ${i.message}`;
      return `config error: ${name}: ${expected}`;
    }),
  );
}

export const hasSlack = (c: AppConfig) => Boolean(c.SLACK_BOT_TOKEN) || isSlackOAuth(c);
export const hasDiscord = (c: AppConfig) => Boolean(c.DISCORD_TOKEN);

/**
 * Reads `.env` from the working folder into `env` when the file exists; a variable already set in
 * the real environment (even to an empty string) wins over the file. Returns whether a file was read.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, file = '.env'): boolean {
  if (!existsSync(file)) return false;
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (!(key in env)) env[key] = value;
  }
  return true;
}

/** One start-up line: which mode runs and why, so a "configured" install never silently opens the playground. */
export function describeMode(c: AppConfig, dotEnvRead: boolean): string {
  const source = dotEnvRead ? 'settings from .env and the environment' : 'no .env file, settings from the environment';
  if (!hasSlack(c) && !hasDiscord(c)) return `mode: playground (no SLACK_BOT_TOKEN or DISCORD_TOKEN; ${source})`;
  const parts: string[] = [];
  if (isSlackOAuth(c))
    parts.push(`Slack "Add to Slack" for many workspaces, HTTP mode on port ${c.PORT} (SLACK_CLIENT_ID set, no SLACK_BOT_TOKEN)`);
  else if (hasSlack(c))
    parts.push(
      c.SLACK_APP_TOKEN ? 'Slack in Socket Mode (SLACK_APP_TOKEN set)' : `Slack in HTTP mode on port ${c.PORT} (no SLACK_APP_TOKEN)`,
    );
  if (hasDiscord(c)) parts.push('Discord (DISCORD_TOKEN set)');
  return `mode: ${parts.join(' + ')} (${source})`;
}

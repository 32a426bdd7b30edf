import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { DateTime } from 'luxon';
import { z } from 'zod';

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
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SLACK_BOT_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xoxb-'), 'a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xapp-'), 'an app-level token starting with xapp-'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    SLACK_API_URL: url('the Web API base, ending in /api/'),
    DISCORD_TOKEN: optional,
    DISCORD_APPLICATION_ID: optional.refine((v) => v === undefined || /^\d{5,25}$/.test(v), 'a numeric application id'),
    DISCORD_GUILD_ID: optional.refine((v) => v === undefined || /^\d{5,25}$/.test(v), 'a numeric guild id'),
    DISCORD_API_URL: url('the REST base without version, e.g. http://127.0.0.1:4001/api'),
    DISCORD_SHARD_COUNT: optional
      .refine((v) => v === undefined || /^[1-9]\d{0,4}$/.test(v), 'a whole number of shards, 1 or more')
      .transform((v) => (v === undefined ? undefined : Number(v))),
    DISCORD_SHARDS: optional
      .refine((v) => v === undefined || /^\d{1,5}(\s*,\s*\d{1,5})*$/.test(v), 'shard ids separated by commas, e.g. 0,1')
      .transform((v) => (v === undefined ? undefined : [...new Set(v.split(',').map((x) => Number(x.trim())))])),
    DOJO_SECRET_KEY: optional.refine(
      (v) => v === undefined || secretKeyBytes(v) !== undefined,
      'at least 32 random bytes, base64 or hex (e.g. openssl rand -base64 32)',
    ),
    DOJO_WEB_PORT: optional
      .refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), 'a port number (0 lets the system choose)')
      .transform((v) => (v === undefined ? undefined : Number(v))),
    DOJO_WEB_HOST: optional.transform((v) => v ?? '127.0.0.1'),
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
    if ((env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'required when other Slack variables are set' });
    }
    if (env.DISCORD_SHARDS && env.DISCORD_SHARD_COUNT === undefined) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARDS'], message: 'needs DISCORD_SHARD_COUNT (the total over all instances)' });
    }
    const count = env.DISCORD_SHARD_COUNT;
    if (env.DISCORD_SHARDS && count !== undefined && env.DISCORD_SHARDS.some((id) => id >= count)) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARDS'], message: `each shard id must be below DISCORD_SHARD_COUNT (${count})` });
    }
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'required with DISCORD_TOKEN' });
    }
  });

export type AppConfig = z.infer<typeof envSchema>;

/** The bytes of a DOJO_SECRET_KEY written as hex or base64; undefined when shorter than 32 bytes or neither. */
export function secretKeyBytes(value: string): Buffer | undefined {
  const v = value.trim();
  const bytes =
    /^[0-9a-f]+$/i.test(v) && v.length % 2 === 0
      ? Buffer.from(v, 'hex')
      : /^[A-Za-z0-9+/_-]+={0,2}$/.test(v)
        ? Buffer.from(v, 'base64')
        : undefined;
  return bytes && bytes.length >= 32 ? bytes : undefined;
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

export const hasSlack = (c: AppConfig) => Boolean(c.SLACK_BOT_TOKEN);
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
  if (hasSlack(c))
    parts.push(
      c.SLACK_APP_TOKEN ? 'Slack in Socket Mode (SLACK_APP_TOKEN set)' : `Slack in HTTP mode on port ${c.PORT} (no SLACK_APP_TOKEN)`,
    );
  if (hasDiscord(c)) parts.push('Discord (DISCORD_TOKEN set)');
  return `mode: ${parts.join(' + ')} (${source})`;
}

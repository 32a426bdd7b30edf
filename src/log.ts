import { pino, type Logger as Pino } from 'pino';

/** Paths pino blanks wherever they appear, so tokens and secrets never reach a log line. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'config.SLACK_BOT_TOKEN',
  'config.SLACK_APP_TOKEN',
  'config.SLACK_SIGNING_SECRET',
  'config.DISCORD_TOKEN',
  'config.SLACK_CLIENT_SECRET',
  'config.SLACK_STATE_SECRET',
  'config.DOJO_SECRET_KEY',
  'clientSecret',
  '*.clientSecret',
  'stateSecret',
  '*.stateSecret',
  'text',
  '*.text',
];

/** JSON logs to stderr, so the playground's stdout stays clean for scripts. */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Pino {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'interview-dojo' } }, destination as never);
}

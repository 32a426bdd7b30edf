import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import { ConfigError, describeMode, hasDiscord, hasSlack, loadConfig, loadDotEnv, type AppConfig } from './config.js';
import { createDojo, type Clock, type Dojo, type Store } from './core/index.js';
import type { ShellState } from '../adapters/shell/port.js';
import { createLogger } from './log.js';
import { loadContent } from './load-content.js';
import { mathRandom, seededRandom } from './random.js';
import { openDb } from './storage/db.js';
import { createSqliteStore } from './storage/sqlite-store.js';

interface Running {
  stop(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };
// SIGTERM to exit: container platforms kill after 10 s.
const SHUTDOWN_BUDGET_MS = 8_000;

/**
 * The playground's own key/value state (clock, refs shown): read once, kept in memory, and
 * written through to the database in order. Each write waits for the one before: PostgreSQL runs
 * transactions side by side, so a later clock could otherwise be overwritten by an earlier one.
 */
async function playgroundState(store: Store, log: ReturnType<typeof createLogger>): Promise<ShellState & { flushed(): Promise<void> }> {
  const values = new Map(await store.tx((db) => db.meta.entries('shell.')));
  let tail: Promise<void> = Promise.resolve();
  return {
    get: (key) => values.get(key),
    set(key, value) {
      values.set(key, value);
      tail = tail
        .then(() => store.tx((db) => db.meta.set(key, value, Date.now())))
        .catch((err: unknown) => log.warn({ err: String(err) }, 'playground state not saved'));
    },
    flushed: () => tail,
  };
}

/** The playground: simulated clock persisted in the database, seeded choices, terminal I/O. */
async function runPlayground(config: AppConfig, store: Store, log: ReturnType<typeof createLogger>, mode: string): Promise<void> {
  const { SimClock } = await import('../adapters/shell/sim-clock.js');
  const { createShellAdapter } = await import('../adapters/shell/app.js');
  const state = await playgroundState(store, log);
  const saved = Number(state.get('shell.clock'));
  const clock = new SimClock(Number.isFinite(saved) && saved > 0 ? saved : Math.floor(Date.now() / 60_000) * 60_000);
  const runs = Number(state.get('shell.runs') ?? '0') + 1;
  state.set('shell.runs', String(runs));
  const { startWeb } = await import('./web/start.js');
  const web = await startWeb({ settings: config, store, clock, log, playground: true, shareSlackPort: false });
  const dojo = createDojo({
    dashboard: web?.links,
    store,
    clock,
    random: seededRandom(runs),
    log,
    config: { timezone: config.DOJO_TIMEZONE, admins: config.DOJO_ADMINS },
  });
  await loadContent(store, log, clock.now().getTime(), config.DOJO_CONTENT_DIR);
  const shell = createShellAdapter({
    dojo,
    clock,
    state,
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    dbPath: config.DOJO_DB_PATH,
    mode,
  });
  log.info({ adapter: 'shell' }, 'shell ready');
  await dojo.tick();
  try {
    await shell.start();
  } finally {
    await web?.stop();
  }
  await state.flushed();
}

/** Real platforms: wall clock, a node-cron ticker, one or more adapters, graceful shutdown. */
async function runPlatforms(config: AppConfig, store: Store, log: ReturnType<typeof createLogger>): Promise<void> {
  const { startWeb } = await import('./web/start.js');
  const slackHttp = hasSlack(config) && !config.SLACK_APP_TOKEN;
  const web = await startWeb({ settings: config, store, clock: systemClock, log, playground: false, shareSlackPort: slackHttp });
  const dojo: Dojo = createDojo({
    dashboard: web?.links,
    store,
    clock: systemClock,
    random: mathRandom,
    log,
    instanceId: randomUUID(),
    config: { timezone: config.DOJO_TIMEZONE, admins: config.DOJO_ADMINS },
  });
  await loadContent(store, log, Date.now(), config.DOJO_CONTENT_DIR);
  const running: Running[] = [];
  // Imported lazily so a Discord-only bot never loads Bolt and vice versa.
  if (hasSlack(config)) {
    const { createSlackAdapter } = await import('../adapters/slack/index.js');
    const slack = await createSlackAdapter({ dojo, config, log, customRoutes: web?.mount?.routes }).start();
    if (slack.port !== undefined) web?.mount?.mountedOn(slack.port);
    running.push(slack);
  }
  if (web) running.push(web);
  if (hasDiscord(config)) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.js');
    running.push(await createDiscordAdapter({ dojo, config, log }).start());
  }
  const tick = () => dojo.tick().catch((err: unknown) => log.error({ err: String(err) }, 'tick failed'));
  await tick();
  // node-cron only ticks; which slots are due is decided from the database, so missed ticks are harmless.
  const task = cron.schedule('* * * * *', tick, { name: 'dojo-tick', noOverlap: true });
  // Challenges run for seconds, so their ends cannot wait for the next minute's tick.
  const challengeTimer = setInterval(() => {
    dojo.hasDueChallenge().then(
      (due) => due && void tick(),
      (err: unknown) => log.error({ err: String(err) }, 'challenge check failed'),
    );
  }, 1000);
  await new Promise<void>((resolve) => {
    // Stop taking deliveries first; what was taken is committed before its ack, so the rest is
    // sending what the outbox holds (what is left is sent by the next instance to start).
    const shutdown = async (signal: string) => {
      log.info({ signal }, 'shutting down');
      await task.stop();
      clearInterval(challengeTimer);
      const stopped = Promise.all(
        running.map((r) => r.stop().catch((err: unknown) => log.warn({ err: String(err) }, 'adapter stop failed'))),
      );
      await Promise.race([stopped.then(() => dojo.drain()), new Promise((r) => setTimeout(r, SHUTDOWN_BUDGET_MS).unref())]);
      resolve();
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });
}

/**
 * PostgreSQL when DATABASE_URL is set (several instances may share it), else the SQLite file; a
 * server that cannot be reached gives one line to print instead of a store.
 */
async function openStore(config: AppConfig): Promise<Store | string> {
  if (!config.DATABASE_URL) return createSqliteStore(openDb({ path: config.DOJO_DB_PATH }));
  // Imported lazily so a bot on SQLite never loads the PostgreSQL driver.
  const { DatabaseUnreachableError, openPostgres } = await import('./storage/postgres/db.js');
  const { createPostgresStore } = await import('./storage/postgres/postgres-store.js');
  try {
    return createPostgresStore(await openPostgres(config.DATABASE_URL));
  } catch (err) {
    if (err instanceof DatabaseUnreachableError) return err.message;
    throw err;
  }
}

async function main(): Promise<number> {
  let config: AppConfig;
  let dotEnvRead = false;
  try {
    dotEnvRead = loadDotEnv();
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const line of err.problems) process.stderr.write(`${line}\n`);
      if (dotEnvRead) process.stderr.write('(settings read from .env and the environment; the environment wins)\n');
      return 1;
    }
    throw err;
  }
  const playground = !hasSlack(config) && !hasDiscord(config);
  // The playground shares the terminal with its logs, so it only shows warnings unless asked.
  const log = createLogger(playground && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL);
  const mode = describeMode(config, dotEnvRead);
  // The playground prints it in its banner on stdout; a platform bot logs it first.
  if (!playground) log.info({ mode }, mode);
  const opened = await openStore(config);
  if (typeof opened === 'string') {
    process.stderr.write(`${opened}\n`);
    return 1;
  }
  const store = opened;
  try {
    if (playground) await runPlayground(config, store, log, mode);
    else await runPlatforms(config, store, log);
  } finally {
    await store.close();
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`fatal: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

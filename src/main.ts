import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import { ConfigError, describeMode, hasDiscord, hasSlack, loadConfig, loadDotEnv, type AppConfig } from './config.js';
import { createDojo, type Clock, type Dojo, type Store } from './core/index.js';
import type { ShellState } from '../adapters/shell/port.js';
import { createLogger } from './log.js';
import { loadContent } from './load-content.js';
import { mathRandom, seededRandom } from './random.js';
import type { Metrics } from './ops/metrics.js';
import type { Readiness } from './ops/readiness.js';
import { startIdleCollector } from './ops/idle-collector.js';
import type { WebServer } from './web/server.js';
import { DatabaseFileError, openDb } from './storage/db.js';
import { createSqliteStore } from './storage/sqlite-store.js';

interface Running {
  /** Stops taking deliveries but can still send (what the outbox holds goes out after it). */
  pause?(): Promise<void>;
  /** Stops taking deliveries and releases everything. */
  stop(): Promise<void>;
}

/**
 * What a platform bot serves operators: metrics, readiness, and the web server whose route table
 * holds /healthz, /readyz and /metrics (and the dashboard's pages once the database is open).
 * `port` is set when that server listens on its own port rather than sharing Slack's.
 */
interface Ops {
  metrics: Metrics;
  readiness: Readiness;
  server: { web: WebServer; port?: number; close?(): Promise<void> };
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
async function runPlatforms(config: AppConfig, store: Store, log: ReturnType<typeof createLogger>, ops: Ops): Promise<void> {
  const { readiness } = ops;
  const observer = ops.metrics.observer;
  const { startWeb } = await import('./web/start.js');
  const slackHttp = hasSlack(config) && !config.SLACK_APP_TOKEN;
  const web = await startWeb({
    settings: config,
    store,
    clock: systemClock,
    log,
    playground: false,
    shareSlackPort: slackHttp,
    server: ops.server,
  });
  const dojo: Dojo = createDojo({
    dashboard: web?.links,
    store,
    clock: systemClock,
    random: mathRandom,
    log,
    instanceId: randomUUID(),
    config: { timezone: config.DOJO_TIMEZONE, admins: config.DOJO_ADMINS },
    observer,
  });
  await loadContent(store, log, Date.now(), config.DOJO_CONTENT_DIR);
  const running: Running[] = [];
  // Imported lazily so a Discord-only bot never loads Bolt and vice versa.
  if (hasSlack(config)) {
    readiness.require('slack', () => 'starting');
    const { createSlackAdapter } = await import('../adapters/slack/index.js');
    // The web routes (health, readiness, metrics, the dashboard when on) share Slack's HTTP port.
    const routes = slackHttp ? ops.server.web.mounted() : undefined;
    const slack = await createSlackAdapter({ dojo, config, log, observer, ...(routes ? { routes } : {}) }).start();
    readiness.require('slack', () => slack.notReady());
    if (slack.port !== undefined) web?.mount?.mountedOn(slack.port);
    running.push(slack);
  }
  if (web) running.push(web);
  if (hasDiscord(config)) {
    readiness.require('discord', () => 'starting');
    const { createDiscordAdapter } = await import('../adapters/discord/index.js');
    const discord = await createDiscordAdapter({ dojo, config, log, observer }).start();
    readiness.require('discord', () => discord.notReady());
    running.push(discord);
  }
  const stopCollector = startIdleCollector({
    onCollect: (freed) => log.debug({ freedMb: Math.round(freed / 2 ** 20) }, 'garbage collected while idle'),
  });
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
      // Not ready first, still accepting for a moment: a load balancer stops sending before the listeners close.
      readiness.shutdown();
      log.info({ signal, delayMs: config.DOJO_SHUTDOWN_DELAY_MS }, 'shutting down');
      await new Promise((r) => setTimeout(r, config.DOJO_SHUTDOWN_DELAY_MS));
      await task.stop();
      clearInterval(challengeTimer);
      stopCollector();
      const failed = (err: unknown) => log.warn({ err: String(err) }, 'adapter stop failed');
      const paused = Promise.all(running.map((r) => (r.pause ? r.pause() : r.stop()).catch(failed)));
      await Promise.race([paused.then(() => dojo.drain()), new Promise((r) => setTimeout(r, SHUTDOWN_BUDGET_MS).unref())]);
      await Promise.all(running.map((r) => r.pause && r.stop().catch(failed)));
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
async function openStore(config: AppConfig, metrics?: Metrics): Promise<Store | string> {
  if (!config.DATABASE_URL) {
    let store: Store;
    try {
      store = createSqliteStore(openDb({ path: config.DOJO_DB_PATH }));
    } catch (err) {
      if (err instanceof DatabaseFileError) return err.message;
      throw err;
    }
    return metrics ? metrics.timed(store, 'sqlite') : store;
  }
  // Imported lazily so a bot on SQLite never loads the PostgreSQL driver.
  const { DatabaseUnreachableError, openPostgres } = await import('./storage/postgres/db.js');
  const { createPostgresStore } = await import('./storage/postgres/postgres-store.js');
  try {
    const store = createPostgresStore(await openPostgres(config.DATABASE_URL));
    return metrics ? metrics.timed(store, 'postgres') : store;
  } catch (err) {
    if (err instanceof DatabaseUnreachableError) return err.message;
    throw err;
  }
}

/**
 * Metrics, readiness and the web server that serves them; loaded only by a platform bot (the
 * playground serves none of this). Off Slack's HTTP port, the server listens before the database
 * opens, so /healthz answers while migrations run: on DOJO_WEB_PORT, or on the dashboard's default
 * port when the dashboard is on (DOJO_SECRET_KEY).
 */
async function opsFor(config: AppConfig, log: ReturnType<typeof createLogger>): Promise<Ops> {
  const [{ createMetrics }, { Readiness }, { opsRoutes }, { WebServer }, { webPort }] = await Promise.all([
    import('./ops/metrics.js'),
    import('./ops/readiness.js'),
    import('./ops/routes.js'),
    import('./web/server.js'),
    import('./web/start.js'),
  ]);
  const metrics = createMetrics();
  const readiness = new Readiness();
  const web = new WebServer(opsRoutes(readiness, metrics), log);
  const slackHttp = hasSlack(config) && !config.SLACK_APP_TOKEN;
  if (slackHttp || (config.DOJO_WEB_PORT === undefined && !config.DOJO_SECRET_KEY)) return { metrics, readiness, server: { web } };
  const listening = await web.listen(webPort(config, false), config.DOJO_WEB_HOST);
  log.info({ port: listening.port, host: config.DOJO_WEB_HOST }, 'web endpoints listening (/healthz, /readyz, /metrics)');
  return { metrics, readiness, server: { web, port: listening.port, close: listening.close } };
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
  const ops = playground ? undefined : await opsFor(config, log);
  try {
    const opened = await openStore(config, ops?.metrics);
    if (typeof opened === 'string') {
      process.stderr.write(`${opened}\n`);
      return 1;
    }
    const store = opened;
    try {
      if (playground || !ops) await runPlayground(config, store, log, mode);
      else {
        ops.readiness.storeReady(store);
        await runPlatforms(config, store, log, ops);
      }
    } catch (err) {
      if (!isEngineError(err)) throw err;
      process.stderr.write(`database error: ${whereData(config)}: ${err.message.split('\n')[0]}\n`);
      return 1;
    } finally {
      await store.close().catch(() => undefined);
    }
  } finally {
    await ops?.server.close?.();
  }
  return 0;
}

/** An error raised by SQLite or PostgreSQL themselves (not by the bot's own code). */
function isEngineError(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  const { code, severity } = err as { code?: unknown; severity?: unknown };
  return (typeof code === 'string' && code.startsWith('SQLITE_')) || typeof severity === 'string';
}

/** The database an error concerns, without a password (the URL was validated by the config). */
function whereData(config: AppConfig): string {
  if (!config.DATABASE_URL) return `DOJO_DB_PATH: ${config.DOJO_DB_PATH}`;
  const u = new URL(config.DATABASE_URL);
  return `DATABASE_URL: PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
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

import { randomBytes } from 'node:crypto';
import { secretKeyBytes } from '../secret-key.js';
import type { Clock, DashboardLinks, Logger, Store } from '../core/index.js';
import { type MountedRoute, WebServer } from './server.js';

export interface WebSettings {
  DOJO_SECRET_KEY?: string;
  DOJO_WEB_PORT?: number;
  DOJO_WEB_HOST: string;
  DOJO_PUBLIC_URL?: string;
  PORT: number;
}

/** A dashboard ready to serve: its link signer and either a listening server or routes for Slack's. */
export interface RunningWeb {
  links: DashboardLinks;
  /** Set when the routes are to be mounted on the Slack HTTP server (call `mountedOn` with its port). */
  mount?: { routes: MountedRoute[]; mountedOn(port: number): void };
  /** The bound port of the dashboard's own server. */
  port?: number;
  stop(): Promise<void>;
}

const STORED_KEY = 'web.secret';
// The playground's own server picks a free port unless DOJO_WEB_PORT says; a platform bot's uses 3001.
const PLATFORM_WEB_PORT = 3001;

/**
 * The signing key: DOJO_SECRET_KEY, or for the playground a random key kept in its database (so
 * `npm start` needs no setting and its links survive a restart). A platform bot without the
 * setting serves no dashboard.
 */
async function signingKey(settings: WebSettings, store: Store, playground: boolean): Promise<Buffer | undefined> {
  if (settings.DOJO_SECRET_KEY) return secretKeyBytes(settings.DOJO_SECRET_KEY);
  if (!playground) return undefined;
  const stored = await store.tx((db) => db.meta.get(STORED_KEY));
  if (stored) return Buffer.from(stored, 'hex');
  const fresh = randomBytes(32).toString('hex');
  await store.tx((db) => db.meta.set(STORED_KEY, fresh, Date.now()));
  return Buffer.from((await store.tx((db) => db.meta.get(STORED_KEY))) ?? fresh, 'hex');
}

/**
 * Starts the web dashboard in the bot's process: mounted on the Slack HTTP server when there is
 * one (`shareSlackPort`), otherwise on its own server at DOJO_WEB_HOST:DOJO_WEB_PORT. Undefined
 * when it is switched off (a platform bot without DOJO_SECRET_KEY).
 */
export async function startWeb(opts: {
  settings: WebSettings;
  store: Store;
  clock: Clock;
  log: Logger;
  playground: boolean;
  shareSlackPort: boolean;
  /** A server the process already runs (health and metrics), with its port when it listens on its own. */
  server?: { web: WebServer; port?: number };
}): Promise<RunningWeb | undefined> {
  const { settings, log } = opts;
  const secret = await signingKey(settings, opts.store, opts.playground);
  if (!secret) {
    log.info({ web: 'off' }, 'web dashboard off: set DOJO_SECRET_KEY to serve it');
    return undefined;
  }
  let base = settings.DOJO_PUBLIC_URL;
  // Loaded only when the dashboard is on: its pages and chart libraries are no cost to a bot without it.
  const { createDashboard } = await import('./dashboard.js');
  const dashboard = createDashboard({ store: opts.store, clock: opts.clock, log, secret, publicUrl: () => base ?? 'http://127.0.0.1' });
  const server = opts.server?.web ?? new WebServer([], log);
  for (const route of dashboard.routes) server.add(route);
  if (opts.shareSlackPort) {
    return {
      links: dashboard.links,
      mount: {
        routes: server.mounted(),
        mountedOn(port) {
          base ??= `http://127.0.0.1:${port}`;
          log.info({ web: 'slack', port }, 'web dashboard ready on the Slack HTTP port (/dashboard)');
        },
      },
      stop: async () => undefined,
    };
  }
  const listening =
    opts.server?.port !== undefined
      ? { port: opts.server.port, close: async () => undefined }
      : await server.listen(webPort(settings, opts.playground), settings.DOJO_WEB_HOST);
  const host = ['0.0.0.0', '::'].includes(settings.DOJO_WEB_HOST) ? '127.0.0.1' : settings.DOJO_WEB_HOST;
  base ??= `http://${host.includes(':') ? `[${host}]` : host}:${listening.port}`;
  log.info({ web: 'own', host: settings.DOJO_WEB_HOST, port: listening.port }, 'web dashboard ready (/dashboard)');
  return { links: dashboard.links, port: listening.port, stop: () => listening.close() };
}

/** The port of the bot's own web server: DOJO_WEB_PORT, else any free one (playground) or 3001. */
export const webPort = (settings: Pick<WebSettings, 'DOJO_WEB_PORT'>, playground: boolean): number =>
  settings.DOJO_WEB_PORT ?? (playground ? 0 : PLATFORM_WEB_PORT);

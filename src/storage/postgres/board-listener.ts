import pg from 'pg';
import { type BoardCache, WATCH_MS, watchKey } from './board-cache.js';

/** The channel every transaction that changes totals or member names notifies, with its workspace id. */
export const BOARDS_CHANNEL = 'dojo_boards';

/** The listening connection's application_name, for operators reading pg_stat_activity. */
export const LISTENER_NAME = 'dojo board listener';

const RETRY_MS = 1_000;

// Until when, on the server's clock: instances may disagree on the time, never on this.
const WATCH = `
  INSERT INTO meta (key, value, updated_at)
  VALUES ($1, ((extract(epoch FROM clock_timestamp()) * 1000)::bigint + ${WATCH_MS})::text, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
  ON CONFLICT (key) DO UPDATE SET value = greatest(meta.value::bigint, excluded.value::bigint)::text, updated_at = excluded.updated_at`;

/**
 * Keeps one connection LISTENing on BOARDS_CHANNEL and tells `cache` of each change; the same
 * connection writes the cache's watches (each commits at once, before the board it covers is read).
 * The cache is served from only while the connection is up: when it drops, notifications may be
 * missed, so the cache is emptied and left unused until LISTEN succeeds again (retried every second).
 */
export function listenForBoardChanges(config: pg.ClientConfig, cache: BoardCache): { stop(): Promise<void> } {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const down = (c: pg.Client) => {
    if (client !== c) return;
    client = undefined;
    cache.setLive(false);
    c.end().catch(() => undefined);
    if (!stopped) retry = setTimeout(connect, RETRY_MS).unref();
  };

  async function connect(): Promise<void> {
    retry = undefined;
    // Keepalive: a peer gone without closing the connection is noticed in seconds, not hours.
    const c = new pg.Client({ ...config, keepAlive: true, keepAliveInitialDelayMillis: 5_000, application_name: LISTENER_NAME });
    client = c;
    c.on('error', () => down(c));
    c.on('end', () => down(c));
    c.on('notification', (n) => {
      const id = Number(n.payload);
      if (Number.isInteger(id)) cache.changed(id);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${BOARDS_CHANNEL}`);
      if (client === c && !stopped) cache.setLive(true, (ws) => c.query(WATCH, [watchKey(ws)]));
    } catch {
      down(c);
    }
  }

  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      cache.setLive(false);
      await c?.end().catch(() => undefined);
    },
  };
}

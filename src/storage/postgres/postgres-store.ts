import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { CommitWith, Repos, Store } from '../../core/store.js';
import { DeferredWrites } from '../deferred-writes.js';
import type { PgDb } from './db.js';
import { channelRepo } from './repos/channels.js';
import { contentRepo, QuestionCache } from './repos/content.js';
import { installationRepo } from './repos/installations.js';
import { dashboardRepo } from './repos/dashboard.js';
import { deliveryRepo, metaRepo, suggestionRepo } from './repos/misc.js';
import { outboxRepo } from './repos/outbox.js';
import { BoardCache, BoardTx, watchKey } from './board-cache.js';
import { BOARDS_CHANNEL, listenForBoardChanges } from './board-listener.js';
import { preparedClient } from './prepared-client.js';
import { raw } from './raw.js';
import { peerReviewRepo } from './repos/peer-reviews.js';
import { quizRepo } from './repos/quiz.js';
import { answerRepo, roundRepo, voteRepo } from './repos/rounds.js';
import { scoreRepo } from './repos/scores.js';
import { memberRepo, workspaceRepo } from './repos/workspaces.js';

// Only while some instance watches the workspace's boards (see BoardCache).
const NOTIFY_BOARDS = `
  SELECT pg_notify('${BOARDS_CHANNEL}', $1) FROM meta
   WHERE key = $2 AND value::bigint > (extract(epoch FROM clock_timestamp()) * 1000)::bigint`;

/**
 * Every method of every repository refuses once its transaction has settled. Repositories are
 * wrapped as the transaction first touches them: a vote touches a handful of the sixteen.
 */
function guarded(repos: Repos, isOpen: () => boolean): Repos {
  const wrapped = new Map<string, unknown>();
  const wrap = (name: string) => {
    const repo = repos[name as keyof Repos] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const methods: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(repo)) {
      methods[method] = (...args: unknown[]) =>
        isOpen() ? fn(...args) : Promise.reject(new Error(`${name}.${method} used after its transaction ended`));
    }
    return methods;
  };
  return new Proxy(repos, {
    get(target, name) {
      if (typeof name !== 'string' || !(name in target)) return undefined;
      let repo = wrapped.get(name);
      if (!repo) wrapped.set(name, (repo = wrap(name)));
      return repo;
    },
  });
}

/** The socket under a client (node-postgres keeps it on its connection). */
const socketOf = (client: pg.PoolClient) => (client as unknown as { connection: { stream: import('node:net').Socket } }).connection.stream;

/**
 * Runs the deferred writes and sends COMMIT behind them: the writes and the COMMIT leave in one
 * write, and nothing waits between them, so one round trip ends the transaction. Statements built
 * by drizzle go out a few microtasks after their call, hence the wait for the next turn of the
 * event loop before the COMMIT. A write that failed before then means no COMMIT at all; one whose
 * statement fails later aborts the transaction, and the server answers the COMMIT with a rollback.
 */
async function commitAfter(client: pg.PoolClient, writes: DeferredWrites, closing: () => void): Promise<pg.QueryResult> {
  if (writes.size === 0) {
    closing();
    return client.query('COMMIT');
  }
  const stream = socketOf(client);
  stream.cork();
  let commit: Promise<pg.QueryResult> | undefined;
  let ran: Promise<unknown> = Promise.resolve();
  try {
    ran = writes.run();
    await new Promise((resolve) => setImmediate(resolve));
    closing();
    if (!writes.failed) commit = client.query('COMMIT');
  } finally {
    stream.uncork();
  }
  await ran;
  if (!commit) throw writes.failed!.reason;
  return commit;
}

/** A pooled connection's repositories, built once: the connection runs one transaction at a time. */
interface Connection {
  repos: Repos;
  boards: BoardTx;
  /** Set when the running transaction wrote questions (see the ROLLBACK below). */
  contentWritten: boolean;
}

function connectionRepos(client: pg.PoolClient, questionCache: QuestionCache, boardCache: BoardCache): Connection {
  const db = drizzle({ client: preparedClient(client) }) as PgDb;
  const boards = new BoardTx(boardCache, (ws) => raw(db, NOTIFY_BOARDS, [String(ws), watchKey(ws)]));
  const conn: Connection = { repos: undefined as unknown as Repos, boards, contentWritten: false };
  conn.repos = {
    workspaces: workspaceRepo(db),
    installations: installationRepo(db),
    members: memberRepo(db, boards),
    channels: channelRepo(db),
    content: contentRepo(db, questionCache, () => {
      conn.contentWritten = true;
    }),
    rounds: roundRepo(db),
    answers: answerRepo(db),
    votes: voteRepo(db),
    peerReviews: peerReviewRepo(db),
    scores: scoreRepo(db, boards),
    deliveries: deliveryRepo(db),
    outbox: outboxRepo(db),
    suggestions: suggestionRepo(db),
    meta: metaRepo(db),
    quiz: quizRepo(db),
    dashboard: dashboardRepo(db),
  };
  return conn;
}

/**
 * The core's Store on PostgreSQL: each transaction runs on a client of its own from `pool`
 * (BEGIN … COMMIT, or ROLLBACK when `fn` rejects), so transactions of this and other instances
 * run side by side; unique keys, ON CONFLICT and row locks keep them apart. Nothing is cached
 * that another instance could change, except parsed questions (see QuestionCache).
 */
export function createPostgresStore(pool: pg.Pool): Store {
  const questionCache = new QuestionCache();
  const running = new Set<Promise<unknown>>();
  const connections = new WeakMap<pg.PoolClient, Connection>();
  const boardCache = new BoardCache();
  const listener = listenForBoardChanges(pool.options, boardCache);
  let closed = false;

  async function run<T>(fn: (db: Repos, commitWith: CommitWith) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let open = true;
    let broken: Error | undefined;
    let conn = connections.get(client);
    if (!conn) connections.set(client, (conn = connectionRepos(client, questionCache, boardCache)));
    conn.contentWritten = false;
    conn.boards.reset();
    const repos = guarded(conn.repos, () => open);
    // Not awaited: in pipeline mode the transaction's first statements follow BEGIN in the same
    // round trip. A BEGIN that fails has a broken connection, which fails those statements too.
    // The stream is corked while `fn` issues them, so they leave in one write instead of one each.
    const stream = socketOf(client);
    stream.cork();
    const begun = client.query('BEGIN');
    begun.catch(() => undefined);
    const writes = new DeferredWrites();
    try {
      let pending: Promise<T>;
      try {
        pending = fn(repos, writes.commitWith);
      } finally {
        stream.uncork();
      }
      const out = await pending;
      await begun;
      const commit = await commitAfter(client, writes, () => {
        open = false;
      });
      if (commit.command === 'COMMIT') conn.boards.committed();
      if (writes.failed) throw writes.failed.reason;
      return out;
    } catch (err) {
      open = false;
      // Questions read inside the failed transaction may show writes that were taken back.
      if (conn.contentWritten) questionCache.clear();
      await client.query('ROLLBACK').catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
      throw err;
    } finally {
      // A client whose ROLLBACK failed is in an unknown state: the pool destroys it.
      client.release(broken);
    }
  }

  return {
    tx<T>(fn: (db: Repos, commitWith: CommitWith) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('the database is closed'));
      const p = run(fn);
      running.add(p);
      const done = () => running.delete(p);
      p.then(done, done);
      return p;
    },
    async close() {
      closed = true;
      await Promise.allSettled([...running]);
      await listener.stop();
      await pool.end();
    },
  };
}

import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Repos, Store } from '../../core/store.js';
import type { PgDb } from './db.js';
import { channelRepo } from './repos/channels.js';
import { contentRepo, QuestionCache } from './repos/content.js';
import { installationRepo } from './repos/installations.js';
import { dashboardRepo } from './repos/dashboard.js';
import { deliveryRepo, metaRepo, suggestionRepo } from './repos/misc.js';
import { outboxRepo } from './repos/outbox.js';
import { peerReviewRepo } from './repos/peer-reviews.js';
import { quizRepo } from './repos/quiz.js';
import { answerRepo, roundRepo, voteRepo } from './repos/rounds.js';
import { scoreRepo } from './repos/scores.js';
import { memberRepo, workspaceRepo } from './repos/workspaces.js';

/** Every method of every repository refuses once its transaction has settled. */
function guarded(repos: Repos, isOpen: () => boolean): Repos {
  const out: Record<string, unknown> = {};
  for (const [name, repo] of Object.entries(repos) as [string, Record<string, (...a: unknown[]) => Promise<unknown>>][]) {
    const methods: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(repo)) {
      methods[method] = (...args: unknown[]) =>
        isOpen() ? fn(...args) : Promise.reject(new Error(`${name}.${method} used after its transaction ended`));
    }
    out[name] = methods;
  }
  return out as unknown as Repos;
}

/**
 * The client with its queries run one after another. A transaction's repositories may be called
 * side by side (`Promise.all` of reads); node-postgres queues overlapping queries on a client but
 * deprecates doing so (pg 9 will refuse), so they are chained here instead.
 */
function serialClient(client: pg.PoolClient): pg.PoolClient {
  let tail: Promise<unknown> = Promise.resolve();
  const query = (...args: unknown[]) => {
    const next = tail.then(() => (client.query as (...a: unknown[]) => Promise<unknown>).apply(client, args));
    tail = next.catch(() => undefined);
    return next;
  };
  return new Proxy(client, { get: (target, key) => (key === 'query' ? query : Reflect.get(target, key, target)) });
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
  let closed = false;

  async function run<T>(fn: (db: Repos) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let open = true;
    let contentWritten = false;
    let broken: Error | undefined;
    const db = drizzle({ client: serialClient(client) }) as PgDb;
    const repos = guarded(
      {
        workspaces: workspaceRepo(db),
        installations: installationRepo(db),
        members: memberRepo(db),
        channels: channelRepo(db),
        content: contentRepo(db, questionCache, () => {
          contentWritten = true;
        }),
        rounds: roundRepo(db),
        answers: answerRepo(db),
        votes: voteRepo(db),
        peerReviews: peerReviewRepo(db),
        scores: scoreRepo(db),
        deliveries: deliveryRepo(db),
        outbox: outboxRepo(db),
        suggestions: suggestionRepo(db),
        meta: metaRepo(db),
        quiz: quizRepo(db),
        dashboard: dashboardRepo(db),
      },
      () => open,
    );
    try {
      await client.query('BEGIN');
      const out = await fn(repos);
      open = false;
      await client.query('COMMIT');
      return out;
    } catch (err) {
      open = false;
      // Questions read inside the failed transaction may show writes that were taken back.
      if (contentWritten) questionCache.clear();
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
    tx<T>(fn: (db: Repos) => Promise<T>): Promise<T> {
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
      await pool.end();
    },
  };
}

import type { Repos, Store } from '../core/store.js';
import { BoardCache } from './board-cache.js';
import { ChangeCache } from './change-cache.js';
import type { Db } from './db.js';
import { channelRepo } from './repos/channels.js';
import { contentRepo } from './repos/content.js';
import { installationRepo } from './repos/installations.js';
import { dashboardRepo } from './repos/dashboard.js';
import { deliveryRepo, metaRepo, suggestionRepo } from './repos/misc.js';
import { outboxRepo } from './repos/outbox.js';
import { peerReviewRepo } from './repos/peer-reviews.js';
import { quizRepo } from './repos/quiz.js';
import { answerRepo, roundRepo, voteRepo } from './repos/rounds.js';
import { scoreRepo } from './repos/scores.js';
import { memberRepo, workspaceRepo } from './repos/workspaces.js';
import { DeferredWrites } from './deferred-writes.js';
import { asyncRepo } from './sync-repos.js';
import { TxQueue } from './tx-queue.js';

/**
 * The core's Store on SQLite: one connection, transactions run one after another through a
 * queue that lets those arriving together share one commit (see TxQueue).
 */
export function createSqliteStore(db: Db): Store {
  const client = db.$client;
  const dashboards = new ChangeCache(client);
  const boards = new BoardCache<ReturnType<ReturnType<typeof scoreRepo>['top']>>(client);
  const guard = () => {
    if (!client.inTransaction) throw new Error('a repository was used outside store.tx');
  };
  const workspaces = workspaceRepo(db);
  const answers = answerRepo(db);
  const sync = {
    workspaces,
    installations: installationRepo(db),
    members: memberRepo(db, boards),
    channels: channelRepo(db),
    content: contentRepo(db),
    rounds: roundRepo(db),
    answers,
    votes: voteRepo(db),
    peerReviews: peerReviewRepo(db),
    scores: scoreRepo(db, boards),
    deliveries: deliveryRepo(db, { workspaces, answers }),
    outbox: outboxRepo(db),
    suggestions: suggestionRepo(db),
    meta: metaRepo(db),
    quiz: quizRepo(db),
    dashboard: dashboardRepo(db, dashboards),
  };
  const repos = Object.fromEntries(Object.entries(sync).map(([k, r]) => [k, asyncRepo(r as never, guard)])) as unknown as Repos;
  // Reads cached inside a transaction that then rolled back may show writes that were taken back.
  const queue = new TxQueue(client, () => {
    boards.invalidate();
    dashboards.invalidate();
  });
  return {
    tx: (fn) =>
      queue.run(async () => {
        const writes = new DeferredWrites();
        const out = await fn(repos, writes.commitWith);
        const failed = await writes.run();
        if (failed) throw failed.reason;
        return out;
      }),
    close: async () => {
      await queue.close();
      client.close();
    },
  };
}

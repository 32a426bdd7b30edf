import { StoreBusyError, type Store } from '../core/store.js';
import { BoardCache } from './board-cache.js';
import type { Db } from './db.js';
import { channelRepo } from './repos/channels.js';
import { contentRepo } from './repos/content.js';
import { eventRepo, metaRepo, suggestionRepo } from './repos/misc.js';
import { quizRepo } from './repos/quiz.js';
import { answerRepo, roundRepo, voteRepo } from './repos/rounds.js';
import { scoreRepo } from './repos/scores.js';
import { memberRepo, workspaceRepo } from './repos/workspaces.js';

/** The core's Store on SQLite. Writes that span rows go through `tx` (an immediate transaction). */
export function createSqliteStore(db: Db): Store {
  const client = db.$client;
  // One wrapper, made once: better-sqlite3 builds five functions per transaction() call.
  const run = client.transaction((fn: () => unknown) => fn());
  const boards = new BoardCache<ReturnType<Store['scores']['top']>>(client);
  const busyTimeout = client.pragma('busy_timeout', { simple: true }) as number;
  // SQLite applies `PRAGMA busy_timeout = n` when the statement is prepared, so these cannot be
  // prepared once and re-run: each call prepares its pragma anew.
  const setBusyTimeout = (ms: number) => client.pragma(`busy_timeout = ${ms}`);
  return {
    // Nested calls become savepoints, so a refusal thrown inside rolls back only its own writes.
    tx<T>(fn: () => T, opts?: { wait?: boolean; savepoint?: boolean }): T {
      try {
        if (client.inTransaction) return opts?.savepoint === false ? fn() : (run(fn) as T);
        if (opts?.wait !== false) return run.immediate(fn) as T;
        setBusyTimeout(0);
        try {
          return run.immediate(fn) as T;
        } catch (err) {
          throw (err as { code?: string }).code === 'SQLITE_BUSY' ? new StoreBusyError() : err;
        } finally {
          setBusyTimeout(busyTimeout);
        }
      } catch (err) {
        // Reads cached inside the failed transaction may show writes that were just taken back.
        boards.invalidate();
        throw err;
      }
    },
    // A deferred transaction: in WAL mode a reader takes no lock another connection can hold.
    read: <T>(fn: () => T): T => (client.inTransaction ? fn() : (run.deferred(fn) as T)),
    workspaces: workspaceRepo(db),
    members: memberRepo(db, boards),
    channels: channelRepo(db),
    content: contentRepo(db),
    rounds: roundRepo(db),
    answers: answerRepo(db),
    votes: voteRepo(db),
    scores: scoreRepo(db, boards),
    events: eventRepo(db),
    suggestions: suggestionRepo(db),
    meta: metaRepo(db),
    quiz: quizRepo(db),
  };
}

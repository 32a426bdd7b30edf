import type { Store } from '../core/store.js';
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
  return {
    // Nested calls become savepoints, so a refusal thrown inside rolls back only its own writes.
    tx: <T>(fn: () => T): T => (client.inTransaction ? run(fn) : run.immediate(fn)) as T,
    workspaces: workspaceRepo(db),
    members: memberRepo(db),
    channels: channelRepo(db),
    content: contentRepo(db),
    rounds: roundRepo(db),
    answers: answerRepo(db),
    votes: voteRepo(db),
    scores: scoreRepo(db),
    events: eventRepo(db),
    suggestions: suggestionRepo(db),
    meta: metaRepo(db),
    quiz: quizRepo(db),
  };
}

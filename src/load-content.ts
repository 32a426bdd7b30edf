import type { Logger, Store } from './core/index.js';
import { DEFAULT_CONTENT_DIR, readPacks } from './content/load-packs.js';

/**
 * Loads every pack into the store (idempotent upsert by id). A problem in one file is logged
 * and that question skipped; the bot still starts with everything else.
 */
export function loadContent(store: Store, log: Logger, now: number, dir = DEFAULT_CONTENT_DIR): { questions: number; problems: number } {
  const { packs, problems } = readPacks(dir);
  for (const p of problems) log.warn({ file: p.file, line: p.line, problem: p.message }, 'content problem: question skipped');
  // A file that failed to parse must not look like a deleted question, so nothing is retired then.
  const retireMissing = problems.length === 0;
  let questions = 0;
  for (const pack of packs) {
    const r = store.content.loadPack(pack, now, { retireMissing });
    questions += pack.questions.length;
    if (r.added || r.updated || r.retired) log.info({ pack: pack.pack.id, ...r }, 'content pack loaded');
  }
  return { questions, problems: problems.length };
}

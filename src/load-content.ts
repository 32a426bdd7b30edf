import type { Logger, Repos, Store } from './core/index.js';
import { contentFingerprint, readCompiledPacks } from './content/compiled-packs.js';
import { DEFAULT_CONTENT_DIR, readPacks } from './content/load-packs.js';

/**
 * Loads every pack into the store (idempotent upsert by id). A problem in one file is logged
 * and that question skipped; the bot still starts with everything else.
 */
export async function loadContent(
  store: Store,
  log: Logger,
  now: number,
  dir = DEFAULT_CONTENT_DIR,
): Promise<{ questions: number; problems: number; skipped?: boolean }> {
  return store.tx((db) => loadInto(db, log, now, dir));
}

async function loadInto(
  db: Repos,
  log: Logger,
  now: number,
  dir: string,
): Promise<{ questions: number; problems: number; skipped?: boolean }> {
  // Parsing every pack costs a few hundred ms; when no file changed since the last load, skip it.
  const fingerprint = contentFingerprint(dir);
  if ((await db.meta.get(FINGERPRINT_KEY)) === fingerprint) return { questions: 0, problems: 0, skipped: true };
  const { packs, problems } = readCompiledPacks(fingerprint) ?? readPacks(dir);
  for (const p of problems) log.warn({ file: p.file, line: p.line, problem: p.message }, 'content problem: question skipped');
  // A file that failed to parse must not look like a deleted question, so nothing is retired then.
  const retireMissing = problems.length === 0;
  let questions = 0;
  for (const pack of packs) {
    const r = await db.content.loadPack(pack, now, { retireMissing });
    questions += pack.questions.length;
    if (r.added || r.updated || r.retired) log.info({ pack: pack.pack.id, ...r }, 'content pack loaded');
  }
  if (!problems.length) await db.meta.set(FINGERPRINT_KEY, fingerprint, now);
  return { questions, problems: problems.length };
}

const FINGERPRINT_KEY = 'content.fingerprint';

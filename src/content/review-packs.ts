import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseQuestionFile } from '../core/content/parse-question.js';
import { type PackReview, type ReviewEntry, reviewPack } from '../core/content/review-pack.js';
import { questionFiles } from './load-packs.js';

const MANIFEST = 'manifest.yaml';
const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reviews every pack in `contentDir` against the editorial rules (see review-pack.ts), pack by
 * pack. Only files that parse cleanly are reviewed; readPacks reports the others. File names are
 * relative to the content folder's parent, as in readPacks. Throws only when the folder cannot be read.
 */
export function reviewPacks(contentDir: string): (PackReview & { dir: string })[] {
  const root = path.resolve(contentDir);
  const rel = (abs: string) => path.relative(path.dirname(root), abs).split(path.sep).join('/');
  const dirs = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(root, e.name, MANIFEST)))
    .map((e) => e.name)
    .sort(byPath);
  return dirs.map((dir) => {
    const entries: ReviewEntry[] = [];
    const files = questionFiles(path.join(root, dir))
      .map((abs) => ({ file: rel(abs), abs }))
      .sort((a, b) => byPath(a.file, b.file));
    for (const { file, abs } of files) {
      const text = readFileSync(abs, 'utf8');
      const { question } = parseQuestionFile(file, text);
      if (question) entries.push({ file, text, question });
    }
    return { dir: rel(path.join(root, dir)), ...reviewPack(rel(path.join(root, dir, MANIFEST)), entries) };
  });
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { parsePack, type QuestionOrigin } from '../core/content/parse-pack.js';
import { keyLine, quote, type ContentProblem } from '../core/content/yaml-problems.js';
import type { PackInput } from '../core/store.js';

/** The repository's `content/` folder, wherever the process was started from. */
export const DEFAULT_CONTENT_DIR = path.join(PACKAGE_ROOT, 'content');

const MANIFEST = 'manifest.yaml';
// Plain code-unit order, so the result does not depend on the machine's locale.
const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every question file under a pack folder: `.md` files other than README.md, skipping names that start with `_` or `.`. */
export function questionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('_') || entry.name.startsWith('.')) return [];
    if (entry.isDirectory()) return questionFiles(full);
    const isQuestion = entry.isFile() && entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md';
    return isQuestion ? [full] : [];
  });
}

/**
 * Reads every pack in `contentDir` (each immediate subfolder with a manifest.yaml) and reports
 * every problem, including ids used twice across packs. Files in problems are relative to the
 * content folder's parent (`content/<pack>/…`). Throws only when the folder cannot be read.
 */
export function readPacks(contentDir: string): { packs: PackInput[]; problems: ContentProblem[] } {
  const root = path.resolve(contentDir);
  const rel = (abs: string) => path.relative(path.dirname(root), abs).split(path.sep).join('/');
  const packs: PackInput[] = [];
  const problems: ContentProblem[] = [];
  const packFiles = new Map<string, string>();
  const questionOrigins = new Map<string, QuestionOrigin>();
  const dirs = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(root, e.name, MANIFEST)))
    .map((e) => e.name)
    .sort(byPath);
  for (const dir of dirs) {
    const manifestPath = path.join(root, dir, MANIFEST);
    const manifestText = readFileSync(manifestPath, 'utf8');
    const files = questionFiles(path.join(root, dir))
      .map((abs) => ({ file: rel(abs), abs }))
      .sort((a, b) => byPath(a.file, b.file))
      .map(({ file, abs }) => ({ file, text: readFileSync(abs, 'utf8') }));
    const parsed = parsePack(rel(manifestPath), manifestText, files);
    problems.push(...parsed.problems);
    if (!parsed.pack) continue;
    const packId = parsed.pack.pack.id;
    const firstManifest = packFiles.get(packId);
    if (firstManifest) {
      problems.push({
        file: rel(manifestPath),
        line: keyLine(manifestText, 'id'),
        message: `duplicate pack id ${quote(packId)}, first used in ${firstManifest}`,
      });
      continue;
    }
    packFiles.set(packId, rel(manifestPath));
    const questions = parsed.pack.questions.filter((q) => {
      const here = parsed.origins.get(q.id)!;
      const first = questionOrigins.get(q.id);
      if (!first) {
        questionOrigins.set(q.id, here);
        return true;
      }
      problems.push({ ...here, message: `duplicate id ${quote(q.id)}, first used in ${first.file}` });
      return false;
    });
    packs.push({ pack: parsed.pack.pack, questions });
  }
  problems.sort((a, b) => byPath(a.file, b.file) || a.line - b.line);
  return { packs, problems };
}

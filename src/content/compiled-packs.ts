import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { readPacks } from './load-packs.js';

/**
 * The packs parsed ahead of time: `npm start` compiles the code and then this, so a first start
 * on a fresh database reads one JSON file instead of parsing every question's YAML (about half
 * of start-up). Used only while its fingerprint matches the content folder; otherwise the
 * folder is parsed as usual.
 */
export const COMPILED_PACKS = path.join(PACKAGE_ROOT, 'dist', 'content-packs.json');

type Parsed = ReturnType<typeof readPacks>;

/** Paths, sizes and modification times of every file under the content folder. */
export function contentFingerprint(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        hash.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(path.resolve(dir));
  return hash.digest('hex');
}

/** Parses `dir` and writes the result with the folder's fingerprint. */
export function writeCompiledPacks(dir: string, file = COMPILED_PACKS): Parsed {
  const parsed = readPacks(dir);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ fingerprint: contentFingerprint(dir), ...parsed }));
  return parsed;
}

/** The compiled packs when they were made from exactly this folder state, else undefined. */
export function readCompiledPacks(fingerprint: string, file = COMPILED_PACKS): Parsed | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const { fingerprint: made, packs, problems } = JSON.parse(readFileSync(file, 'utf8')) as Parsed & { fingerprint: string };
    return made === fingerprint && Array.isArray(packs) && Array.isArray(problems) ? { packs, problems } : undefined;
  } catch {
    // A torn or hand-edited file is only a lost shortcut.
    return undefined;
  }
}

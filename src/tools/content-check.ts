import path from 'node:path';
import { CATEGORIES } from '../core/categories.js';
import { DEFAULT_CONTENT_DIR, readPacks } from '../content/load-packs.js';
import { reviewPacks } from '../content/review-packs.js';

// `npm run content:check [content-dir]`: validates every pack, prints `file:line: message` per
// problem (structure first, then the editorial review: key length, repeated explanation phrases,
// model-answer length) and a summary with the longest-key share, and exits with 1 when anything is wrong.

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function main(): number {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_CONTENT_DIR;
  let result: ReturnType<typeof readPacks>;
  let reviews: ReturnType<typeof reviewPacks>;
  try {
    result = readPacks(dir);
    reviews = reviewPacks(dir);
  } catch (e) {
    console.error(`content:check: cannot read ${dir}: ${(e as Error).message}`);
    return 1;
  }
  const { packs } = result;
  const problems = [...result.problems, ...reviews.flatMap((r) => r.problems)];
  for (const p of problems) console.log(`${p.file}:${p.line}: ${p.message}`);
  const mcqs = reviews.reduce((n, r) => n + r.mcqs, 0);
  const longestKey = reviews.reduce((n, r) => n + r.longestKey, 0);
  const share = mcqs === 0 ? '' : `; longest-key share ${Math.round((100 * longestKey) / mcqs)}% (${longestKey}/${mcqs})`;
  const questions = packs.flatMap((p) => p.questions);
  const open = questions.filter((q) => q.type === 'open').length;
  const counts = new Map<string, number>();
  for (const q of questions) counts.set(q.category, (counts.get(q.category) ?? 0) + 1);
  const order = Object.keys(CATEGORIES);
  const byCategory = [...counts].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([c, n]) => `${c} ${n}`);
  console.log(`content:check: by category: ${byCategory.join(', ') || 'none'}`);
  console.log(
    `content:check: ${plural(packs.length, 'pack')}, ${plural(questions.length, 'question')} ` +
      `(${open} open, ${questions.length - open} mcq), ${plural(problems.length, 'problem')}${share}`,
  );
  if (packs.length === 0) console.error(`content:check: no packs found in ${dir}`);
  return problems.length > 0 || packs.length === 0 ? 1 : 0;
}

process.exitCode = main();

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reviewPacks } from '../../src/content/review-packs.js';

const PACKS_DIR = fileURLToPath(new URL('../fixtures/review-packs', import.meta.url));
const CLEAN_DIR = fileURLToPath(new URL('../fixtures/review-clean', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const reviews = [...reviewPacks(PACKS_DIR), ...reviewPacks(CLEAN_DIR)];
const review = (pack: string) => reviews.find((r) => r.dir.endsWith(`/${pack}`))!;
const problemsIn = (pack: string) => review(pack).problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
const contentCheck = (dir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/content-check.ts', dir], { cwd: ROOT, encoding: 'utf8' });

describe('content:check review rules on fixture packs', () => {
  it('passes a pack at the edge of every limit: key at 1.25×, a third of keys longest, model answers at their bounds', () => {
    expect(problemsIn('review-clean')).toEqual([]);
    expect(review('review-clean')).toMatchObject({ mcqs: 3, longestKey: 1 });
  });

  it('reports a key more than 1.25× its longest distractor at the key, and a pack whose keys are the longest at its manifest', () => {
    expect(problemsIn('review-long-key')).toEqual([
      'review-packs/review-long-key/manifest.yaml:1: the correct choice is the longest in 100% of MCQs (2/2); at most 35%, or length gives the answer away',
      'review-packs/review-long-key/mcq/review-key-too-long.md:11: correct choice is 1.28× as long as the longest distractor (41 vs 32 characters); at most 1.25×',
    ]);
  });

  it('reports a phrase shared by more than 20% of explanations in each file, at its line, ignoring case and punctuation', () => {
    expect(problemsIn('review-phrases')).toEqual([
      'review-packs/review-phrases/mcq/review-phrase-1.md:16: explanation shares the phrase "is the tempting choice but it" with 2 other explanations (50% of 6); at most 20%, so word it differently',
      'review-packs/review-phrases/mcq/review-phrase-2.md:16: explanation shares the phrase "is the tempting choice but it" with 2 other explanations (50% of 6); at most 20%, so word it differently',
      'review-packs/review-phrases/mcq/review-phrase-3.md:16: explanation shares the phrase "is the tempting choice but it" with 2 other explanations (50% of 6); at most 20%, so word it differently',
      'review-packs/review-phrases/mcq/review-phrase-4.md:16: explanation shares the phrase "is the tempting choice but" with 3 other explanations (67% of 6); at most 20%, so word it differently',
    ]);
  });

  it('reports a model answer outside the word range of its difficulty at its heading', () => {
    expect(problemsIn('review-model-answer')).toEqual([
      'review-packs/review-model-answer/open/review-easy-short.md:15: "Model answer" has 119 words; an easy question needs 120 to 170',
      'review-packs/review-model-answer/open/review-hard-long.md:15: "Model answer" has 301 words; a hard question needs 200 to 300',
      'review-packs/review-model-answer/open/review-hard-short.md:15: "Model answer" has 170 words; a hard question needs 200 to 300',
      'review-packs/review-model-answer/open/review-medium-long.md:15: "Model answer" has 221 words; a medium question needs 150 to 220',
    ]);
  });

  it('prints the review problems and the longest-key share from the content:check command, and exits with 1', () => {
    const run = contentCheck(PACKS_DIR);
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const reviewed = ['review-long-key', 'review-model-answer', 'review-phrases'].flatMap(problemsIn);
    expect(lines.slice(0, -2)).toEqual(reviewed);
    expect(lines.at(-1)).toBe('content:check: 3 packs, 12 questions (4 open, 8 mcq), 10 problems; longest-key share 25% (2/8)');
  });

  it('exits with 0 on a pack that passes every rule and still prints its share', () => {
    const run = contentCheck(CLEAN_DIR);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      'content:check: 1 pack, 6 questions (3 open, 3 mcq), 0 problems; longest-key share 33% (1/3)',
    );
    expect(run.status).toBe(0);
  });
});

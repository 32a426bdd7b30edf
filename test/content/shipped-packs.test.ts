import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR, readPacks } from '../../src/content/load-packs.js';
import { reviewPacks } from '../../src/content/review-packs.js';
import { LONGEST_KEY_SHARE_MAX } from '../../src/core/content/pack-schema.js';

// The seed list the shipped pack is checked against, copied verbatim into the repository.
const SEED = readFileSync(new URL('../fixtures/seed/module-lead-nodejs-questions.md', import.meta.url), 'utf8');
const SECTION_CATEGORIES = [
  'leadership',
  'system-design',
  'nodejs',
  'api-design',
  'security',
  'databases',
  'devops',
  'scrum',
  'behavioural',
];
const TECHNICAL = ['system-design', 'nodejs', 'api-design', 'security', 'databases', 'devops'];
const DESIGN_QUESTIONS = [
  'sd-scalable-booking-system',
  'sd-handle-millions-of-requests',
  'sd-rate-limiting',
  'sd-logging-monitoring',
  'db-booking-system-schema',
  'ops-scale-nodejs',
  'ops-aws-ec2-deployment',
];

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.?!:;,]+$/, '');

/** The seed's `## **N. Title**` sections and their `* question` bullets, by category. */
function seedQuestions(): { category: string; text: string }[] {
  const found: { category: string; text: string }[] = [];
  let category: string | undefined;
  for (const line of SEED.split(/\r?\n/)) {
    const heading = /^## \*\*(\d+)\. /.exec(line);
    if (heading) category = SECTION_CATEGORIES[Number(heading[1]) - 1];
    else if (line.startsWith('## ')) category = undefined;
    const bullet = /^\* (.+)$/.exec(line);
    if (bullet && category) found.push({ category, text: bullet[1]! });
  }
  return found;
}

const { packs, problems } = readPacks(DEFAULT_CONTENT_DIR);
const questions = packs.flatMap((p) => p.questions);
const open = questions.filter((q) => q.type === 'open');
const mcqs = questions.filter((q) => q.type === 'mcq');
const count = (list: typeof questions, category: string) => list.filter((q) => q.category === category).length;

describe('shipped content packs', () => {
  it('load without a single problem', () => {
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
    expect(packs.map((p) => p.pack.id)).toContain('module-lead-nodejs');
  });

  it('hold every seed question as an open question in its category (as asked, or as the first sentence before added context)', () => {
    const seed = seedQuestions();
    expect(seed).toHaveLength(53);
    const firstSentence = (prompt: string) => prompt.match(/^[^?.!]*[?.!]/)?.[0] ?? prompt;
    const byText = new Map(
      open.flatMap((q) => [[normalise(q.prompt), q.category] as const, [normalise(firstSentence(q.prompt)), q.category] as const]),
    );
    const missing = seed.filter((s) => byText.get(normalise(s.text)) !== s.category);
    expect(missing).toEqual([]);
  });

  it('have as many open questions per seed category as the seed section lists', () => {
    const seed = seedQuestions();
    for (const category of SECTION_CATEGORIES) {
      expect({ category, count: count(open, category) }).toEqual({ category, count: seed.filter((s) => s.category === category).length });
    }
  });

  it('offer at least 100 MCQs, and at least 8 in every technical category', () => {
    expect(mcqs.length).toBeGreaterThanOrEqual(100);
    const thin = TECHNICAL.map((category) => ({ category, count: count(mcqs, category) })).filter((c) => c.count < 8);
    expect(thin).toEqual([]);
  });

  it('have at least two open pitch questions', () => {
    expect(count(open, 'pitch')).toBeGreaterThanOrEqual(2);
  });

  it('draw a diagram for every design question', () => {
    const withoutDiagram = DESIGN_QUESTIONS.filter((id) => !questions.find((q) => q.id === id)?.body.diagram);
    expect(withoutDiagram).toEqual([]);
  });

  it('pass the editorial review: keys not given away by length, explanations not templated, answers sized to difficulty', () => {
    const reviews = reviewPacks(DEFAULT_CONTENT_DIR);
    expect(reviews.flatMap((r) => r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`))).toEqual([]);
    const shipped = reviews.find((r) => r.dir === 'content/module-lead-nodejs')!;
    expect(shipped.mcqs).toBe(mcqs.length);
    expect(shipped.longestKey / shipped.mcqs).toBeLessThanOrEqual(LONGEST_KEY_SHARE_MAX);
  });
});

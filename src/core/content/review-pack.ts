import {
  KEY_LENGTH_RATIO_MAX,
  LONGEST_KEY_SHARE_MAX,
  MODEL_ANSWER_WORDS,
  PHRASE_MIN_FILES,
  PHRASE_SHARE_MAX,
  PHRASE_WORDS,
} from './pack-schema.js';
import type { ParsedQuestion } from './parse-question.js';
import { readYaml, type ContentProblem } from './yaml-problems.js';

// Editorial rules over questions that already parsed cleanly: they keep a pack hard to game
// (the key must not stand out by length, explanations must not share a template) and keep model
// answers in proportion to the question. They run in content:check, not at start-up, because a
// question that breaks them is still a well-formed question.

/** One question file that parsed without problems. */
export interface ReviewEntry {
  file: string;
  text: string;
  question: ParsedQuestion;
}

export interface PackReview {
  problems: ContentProblem[];
  /** MCQs reviewed. */
  mcqs: number;
  /** MCQs whose correct choice is strictly longer than every distractor. */
  longestKey: number;
}

/** Words a listener would hear: whitespace-separated tokens holding a letter or digit (a lone dash is not a word). */
export const countWords = (text: string) => text.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;

const length = (text: string) => [...text.trim()].length;
const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

interface Line {
  n: number;
  text: string;
}

/** The file's lines (1-based), the index of the closing front-matter line, and the lines of one `##` section. */
function layout(text: string) {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const close = lines.findIndex((l, i) => i > 0 && /^---\s*$/.test(l));
  const section = (title: string): { heading: number; lines: Line[] } | undefined => {
    let heading: number | undefined;
    const found: Line[] = [];
    for (let i = close + 1; i < lines.length; i++) {
      const h = /^##(?!#)(.*)$/.exec(lines[i]!);
      if (h && heading !== undefined) break;
      if (h && h[1]!.trim().toLowerCase() === title) heading = i + 1;
      else if (heading !== undefined) found.push({ n: i + 1, text: lines[i]! });
    }
    return heading === undefined ? undefined : { heading, lines: found };
  };
  return { lines, close, section };
}

/** Lower-case words with their line, punctuation dropped (`nextTick()` and `nexttick` compare equal). */
function words(lines: Line[]): { word: string; line: number }[] {
  return lines.flatMap((l) =>
    l.text
      .toLowerCase()
      .split(/[^\p{L}\p{N}']+/u)
      .map((w) => w.replace(/^'+|'+$/g, ''))
      .filter(Boolean)
      .map((word) => ({ word, line: l.n })),
  );
}

function keyLength(entry: ReviewEntry, add: (line: number, message: string) => void): boolean {
  const choices = entry.question.body.choices ?? [];
  const keyIndex = choices.findIndex((c) => c.correct);
  const key = choices[keyIndex];
  if (!key) return false;
  const longestDistractor = Math.max(...choices.filter((c) => !c.correct).map((c) => length(c.text)));
  const keyChars = length(key.text);
  if (keyChars > KEY_LENGTH_RATIO_MAX * longestDistractor) {
    const { lines, close } = layout(entry.text);
    const line = readYaml(entry.file, lines.slice(1, close).join('\n'), 2, 1).lineOf(['choices', keyIndex, 'text']);
    const ratio = (keyChars / longestDistractor).toFixed(2);
    add(
      line,
      `correct choice is ${ratio}× as long as the longest distractor (${keyChars} vs ${longestDistractor} characters); at most ${KEY_LENGTH_RATIO_MAX}×`,
    );
  }
  return keyChars > longestDistractor;
}

function modelAnswerLength(entry: ReviewEntry, add: (line: number, message: string) => void): void {
  const { difficulty, body } = entry.question;
  const [min, max] = MODEL_ANSWER_WORDS[difficulty];
  const n = countWords(body.modelAnswer ?? '');
  if (n >= min && n <= max) return;
  const line = layout(entry.text).section('model answer')?.heading ?? 1;
  add(line, `"Model answer" has ${n} words; ${difficulty === 'easy' ? 'an' : 'a'} ${difficulty} question needs ${min} to ${max}`);
}

/** Phrases of PHRASE_WORDS+ words found in too many of the pack's explanations, reported once per run in each file. */
function repeatedPhrases(mcqs: ReviewEntry[], problems: ContentProblem[]): void {
  const texts = mcqs.map((entry) => {
    const tokens = words(layout(entry.text).section('explanation')?.lines ?? []);
    const grams = tokens.slice(0, Math.max(0, tokens.length - PHRASE_WORDS + 1)).map((_, i) =>
      tokens
        .slice(i, i + PHRASE_WORDS)
        .map((t) => t.word)
        .join(' '),
    );
    return { entry, tokens, grams, joined: ` ${tokens.map((t) => t.word).join(' ')} ` };
  });
  const files = new Map<string, number>();
  for (const { grams } of texts) for (const g of new Set(grams)) files.set(g, (files.get(g) ?? 0) + 1);
  const limit = Math.max(PHRASE_MIN_FILES - 1, PHRASE_SHARE_MAX * mcqs.length);
  const flagged = (g: string | undefined) => g !== undefined && files.get(g)! > limit;
  for (const { entry, tokens, grams } of texts) {
    for (let i = 0; i < grams.length; i++) {
      if (!flagged(grams[i])) continue;
      // Overlapping flagged windows are one phrase: "is the tempting choice but" is reported once, not twice.
      let end = i;
      while (flagged(grams[end + 1])) end++;
      const phrase = tokens
        .slice(i, end + PHRASE_WORDS)
        .map((t) => t.word)
        .join(' ');
      const count = texts.filter((t) => t.joined.includes(` ${phrase} `)).length;
      problems.push({
        file: entry.file,
        line: tokens[i]!.line,
        message:
          `explanation shares the phrase "${phrase}" with ${count - 1} other explanations ` +
          `(${percent(count, mcqs.length)} of ${mcqs.length}); at most ${PHRASE_SHARE_MAX * 100}%, so word it differently`,
      });
      i = end;
    }
  }
}

/**
 * Reviews one pack's cleanly parsed questions against the editorial rules: key length against the
 * distractors, the pack's longest-key share, repeated explanation phrases, and model-answer length
 * by difficulty. Pack-wide problems are reported at line 1 of `manifestFile`. Never throws.
 */
export function reviewPack(manifestFile: string, entries: ReviewEntry[]): PackReview {
  const problems: ContentProblem[] = [];
  const mcqs = entries.filter((e) => e.question.type === 'mcq');
  let longestKey = 0;
  for (const entry of entries) {
    const add = (line: number, message: string) => void problems.push({ file: entry.file, line, message });
    if (entry.question.type === 'mcq') {
      if (keyLength(entry, add)) longestKey++;
    } else modelAnswerLength(entry, add);
  }
  repeatedPhrases(mcqs, problems);
  if (mcqs.length > 0 && longestKey > LONGEST_KEY_SHARE_MAX * mcqs.length) {
    problems.push({
      file: manifestFile,
      line: 1,
      message:
        `the correct choice is the longest in ${percent(longestKey, mcqs.length)} of MCQs (${longestKey}/${mcqs.length}); ` +
        `at most ${LONGEST_KEY_SHARE_MAX * 100}%, or length gives the answer away`,
    });
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { problems, mcqs: mcqs.length, longestKey };
}

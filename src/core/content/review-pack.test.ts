import { describe, expect, it } from 'vitest';
import { parseQuestionFile } from './parse-question.js';
import { countWords, reviewPack } from './review-pack.js';

const mcq = (id: string, explanation: string, choices = ['one', 'two', 'three', 'four']) => {
  const file = `content/test/${id}.md`;
  const text = [
    '---',
    `id: ${id}`,
    'type: mcq',
    'category: nodejs',
    'difficulty: easy',
    'tags: []',
    'question: Which one?',
    'choices:',
    ...choices.flatMap((c, i) => [`  - text: ${c}`, ...(i === 1 ? ['    correct: true'] : [])]),
    '---',
    '## Explanation',
    explanation,
  ].join('\n');
  const { question, problems } = parseQuestionFile(file, text);
  expect(problems).toEqual([]);
  return { file, text, question: question! };
};

describe('countWords', () => {
  it('counts spoken words, not dashes, bullets or stray punctuation', () => {
    expect(countWords('First, the loop — then the pool.\n- A bullet; 42 ms.')).toBe(10);
    expect(countWords('   ')).toBe(0);
  });
});

describe('reviewPack', () => {
  it('does not flag a phrase shared by only two explanations, however small the pack', () => {
    const entries = [mcq('a', 'It runs in the check phase.'), mcq('b', 'This one runs in the check phase too.')];
    expect(reviewPack('content/test/manifest.yaml', entries).problems).toEqual([]);
  });

  it('flags a phrase in three of ten explanations (over 20%) at the line where it starts', () => {
    const entries = Array.from({ length: 10 }, (_, i) =>
      mcq(`q${i}`, i < 3 ? `Line one of ${i}.\nAnswer ${i}: the KEY is right-because, it fits.` : `Explanation ${i} stands alone.`),
    );
    const problems = reviewPack('content/test/manifest.yaml', entries).problems;
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual(
      ['q0', 'q1', 'q2'].map(
        (id) =>
          `content/test/${id}.md:17: explanation shares the phrase "the key is right because it fits" with 2 other explanations (30% of 10); at most 20%, so word it differently`,
      ),
    );
  });

  it('counts a key tied with the longest distractor as not the longest', () => {
    const tied = mcq('tied', 'Tied.', ['abcd', 'wxyz', 'ab', 'a']);
    const longest = mcq('longest', 'Longest.', ['abcd', 'vwxyz', 'ab', 'a']);
    expect(reviewPack('m', [tied])).toMatchObject({ mcqs: 1, longestKey: 0, problems: [] });
    expect(reviewPack('m', [tied, tied, longest])).toMatchObject({ mcqs: 3, longestKey: 1, problems: [] });
  });
});

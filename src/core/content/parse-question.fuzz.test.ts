import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuestionFile } from './parse-question.js';

const VALID = `---
id: q-fuzz
type: mcq
category: nodejs
difficulty: medium
tags: [event-loop]
diagram: true
question: "Which callback runs first?"
choices:
  - text: setTimeout
  - text: setImmediate
  - text: process.nextTick
    correct: true
  - text: a socket read
---
## Explanation
nextTick runs before the loop moves on.

## Diagram
\`\`\`text
[poll] -> [check] -> [timers]
\`\`\`

## Follow-up questions
- Why?
- When not?
`;

// Fragments that steer mutations toward the parser's interesting paths.
const TOKENS = [
  '---',
  '## Key points',
  '## Model answer',
  '## Diagram',
  '## Explanation',
  '## Unknown',
  '```',
  '```text',
  '~~~',
  '- ',
  '  - text: x',
  '    correct: true',
  'choices:',
  'type: open',
  'diagram: true',
  'id: *a',
  '&a [1]',
  ': :',
  '\t',
  '\r\n',
  '"',
  "'",
  '{',
  '[',
  '#',
  '\uFEFF',
  '🚀'.repeat(70),
  'x'.repeat(1600),
];

type Edit = { at: number; del: number; insert: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  del: fc.nat({ max: 40 }),
  insert: fc.oneof(
    fc.constantFrom(...TOKENS),
    fc.string({ maxLength: 12 }),
    fc.constantFrom(...TOKENS).map((t) => `\n${t}\n`),
  ),
});
const mutate = (text: string, edits: Edit[]) =>
  edits.reduce((t, e) => {
    const at = e.at % (t.length + 1);
    return t.slice(0, at) + e.insert + t.slice(at + e.del);
  }, text);

function expectWellFormed(text: string): void {
  const { question, problems } = parseQuestionFile('content/fuzz/q-fuzz.md', text);
  expect(question === undefined).toBe(problems.length > 0);
  for (const p of problems) {
    expect(Number.isInteger(p.line) && p.line >= 1).toBe(true);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message.length).toBeLessThan(200);
    expect(p.message).not.toMatch(/\n/);
  }
}

describe('parseQuestionFile on generated input', () => {
  it('accepts the unmutated file it starts from', () => {
    expect(parseQuestionFile('content/fuzz/q-fuzz.md', VALID).problems).toEqual([]);
  });

  it('never throws on arbitrary text and reports problems with a line and a short message', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), expectWellFormed), { numRuns: 4000 });
  });

  it('never throws on arbitrary front matter and body around the delimiters', () => {
    const part = fc.string({ unit: 'grapheme', maxLength: 200 });
    fc.assert(
      fc.property(part, part, (fm, body) => expectWellFormed(`---\n${fm}\n---\n${body}`)),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutations of a valid file and keeps each problem well formed', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => expectWellFormed(mutate(VALID, edits))),
      { numRuns: 6000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parseQuestionFile } from './parse-question.js';

const FILE = 'content/test/q-one.md';

function openFile(opts: { front?: string; body?: string; category?: string } = {}): string {
  return [
    '---',
    'id: q-one',
    'type: open',
    `category: ${opts.category ?? 'nodejs'}`,
    'difficulty: medium',
    'tags: [event-loop, libuv]',
    ...(opts.front ? [opts.front] : []),
    'question: Explain the full event loop cycle.',
    '---',
    opts.body ??
      [
        '## Key points',
        '- Timers run first.',
        '- Pending callbacks follow.',
        '- Poll waits for I/O.',
        '- Check runs setImmediate.',
        '',
        '## Model answer',
        'The loop walks its phases in order.',
        '',
        '## Follow-up questions',
        '- Why can setTimeout 0 run after setImmediate?',
        '- Where do microtasks run?',
      ].join('\n'),
  ].join('\n');
}

function mcqFile(choices: string, body = '## Explanation\nnextTick runs before the loop moves on.'): string {
  return [
    '---',
    'id: q-one',
    'type: mcq',
    'category: nodejs',
    'difficulty: hard',
    'tags: []',
    'question: Which runs first?',
    'choices:',
    choices,
    '---',
    body,
  ].join('\n');
}

const FOUR_CHOICES = [
  '  - text: setTimeout',
  '  - text: setImmediate',
  '  - text: process.nextTick',
  '    correct: true',
  '  - text: a socket read',
].join('\n');

const problemsOf = (text: string, file = FILE) => parseQuestionFile(file, text).problems.map((p) => `${p.line}: ${p.message}`);
const keyPoints = (n: number) => Array.from({ length: n }, (_, i) => `- Point ${i + 1}.`).join('\n');
const bodyWith = (parts: { keyPoints?: string; model?: string; followUps?: string; extra?: string }) =>
  [
    '## Key points',
    parts.keyPoints ?? keyPoints(4),
    '',
    '## Model answer',
    parts.model ?? 'An answer.',
    '',
    '## Follow-up questions',
    parts.followUps ?? '- One?\n- Two?',
    parts.extra ?? '',
  ].join('\n');

describe('parseQuestionFile', () => {
  it('turns a valid open question into its prompt, key points, model answer and follow-ups', () => {
    expect(parseQuestionFile(FILE, openFile())).toEqual({
      problems: [],
      question: {
        id: 'q-one',
        type: 'open',
        category: 'nodejs',
        difficulty: 'medium',
        tags: ['event-loop', 'libuv'],
        prompt: 'Explain the full event loop cycle.',
        body: {
          keyPoints: ['Timers run first.', 'Pending callbacks follow.', 'Poll waits for I/O.', 'Check runs setImmediate.'],
          modelAnswer: 'The loop walks its phases in order.',
          followUps: ['Why can setTimeout 0 run after setImmediate?', 'Where do microtasks run?'],
        },
      },
    });
  });

  it('turns a valid MCQ into four choices with one correct and its explanation', () => {
    const { question, problems } = parseQuestionFile(FILE, mcqFile(FOUR_CHOICES));
    expect(problems).toEqual([]);
    expect(question?.body).toEqual({
      choices: [
        { text: 'setTimeout', correct: false },
        { text: 'setImmediate', correct: false },
        { text: 'process.nextTick', correct: true },
        { text: 'a socket read', correct: false },
      ],
      explanation: 'nextTick runs before the loop moves on.',
    });
  });

  it('reads the same file with Windows line endings the same way', () => {
    expect(parseQuestionFile(FILE, openFile().replace(/\n/g, '\r\n'))).toEqual(parseQuestionFile(FILE, openFile()));
  });

  it('joins an indented continuation line onto its bullet', () => {
    const body = bodyWith({ keyPoints: '- Timers run\n  first.\n- B.\n- C.\n- D.' });
    expect(parseQuestionFile(FILE, openFile({ body })).question?.body.keyPoints?.[0]).toBe('Timers run first.');
  });

  it('matches section headings without regard to case', () => {
    const body = bodyWith({}).replace('## Key points', '## KEY POINTS').replace('## Model answer', '## model Answer');
    expect(problemsOf(openFile({ body }))).toEqual([]);
  });

  it('reports an unknown heading at its line', () => {
    expect(problemsOf(openFile({ body: `${bodyWith({})}\n## Tips\nSome tips.` }))).toEqual([
      '22: unknown section "Tips"; use Key points, Model answer, Follow-up questions, Answer structure, Diagram, Explanation',
    ]);
  });

  it('does not treat a heading inside a code block as a section', () => {
    const model = 'Like this:\n```\n## not a heading\n```';
    expect(parseQuestionFile(FILE, openFile({ body: bodyWith({ model }) })).question?.body.modelAnswer).toBe(model);
  });

  it('reports text before the first section', () => {
    expect(problemsOf(openFile({ body: `Intro line.\n${bodyWith({})}` }))).toEqual([
      '9: text before the first section; start the body with a "## " heading',
    ]);
  });

  it('needs four to eight key points and two or three follow-ups, reported at the heading', () => {
    expect(problemsOf(openFile({ body: bodyWith({ keyPoints: keyPoints(3), followUps: '- Only one?' }) }))).toEqual([
      '9: "Key points" needs 4 to 8 bullets, found 3',
      '17: "Follow-up questions" needs 2 or 3 bullets, found 1',
    ]);
    expect(problemsOf(openFile({ body: bodyWith({ keyPoints: keyPoints(9) }) }))).toEqual([
      '9: "Key points" needs 4 to 8 bullets, found 9',
    ]);
    expect(problemsOf(openFile({ body: bodyWith({ keyPoints: keyPoints(8) }) }))).toEqual([]);
  });

  it('reports a paragraph inside a bullet section at its line', () => {
    expect(problemsOf(openFile({ body: bodyWith({ keyPoints: `${keyPoints(4)}\nA stray sentence.` }) }))).toEqual([
      '14: "Key points" holds "- " bullets only',
    ]);
  });

  it('reports every missing required section of an open question below the front matter', () => {
    expect(problemsOf(openFile({ body: '## Key points\n' + keyPoints(4) }))).toEqual([
      '8: missing section "## Model answer"',
      '8: missing section "## Follow-up questions"',
    ]);
  });

  it('requires an answer structure in leadership, behavioural and pitch only', () => {
    for (const category of ['leadership', 'behavioural', 'pitch']) {
      expect(problemsOf(openFile({ category }))).toEqual([`8: missing section "## Answer structure" (required in ${category})`]);
    }
    const structured = bodyWith({ extra: '\n## Answer structure\nSTAR: situation, task, action, result.' });
    expect(parseQuestionFile(FILE, openFile({ category: 'pitch', body: structured })).question?.body.structure).toBe(
      'STAR: situation, task, action, result.',
    );
  });

  it('reports an empty model answer at its heading', () => {
    expect(problemsOf(openFile({ body: bodyWith({ model: '' }) }))).toEqual(['15: section "Model answer" is empty']);
  });

  it('accepts a model answer of 2,499 characters and rejects one of 2,500', () => {
    expect(problemsOf(openFile({ body: bodyWith({ model: 'a'.repeat(2499) }) }))).toEqual([]);
    expect(problemsOf(openFile({ body: bodyWith({ model: 'a'.repeat(2500) }) }))).toEqual([
      '15: "Model answer" must be under 2,500 characters (it has 2,500)',
    ]);
  });

  it('reports a question of 1,500 characters at the question line', () => {
    const text = openFile().replace('question: Explain the full event loop cycle.', `question: ${'q'.repeat(1500)}`);
    expect(problemsOf(text)).toEqual(['7: "question" must be under 1,500 characters (it has 1,500)']);
  });

  it('reports an over-long choice at the line of its text', () => {
    const choices = FOUR_CHOICES.replace('text: setImmediate', `text: ${'x'.repeat(1000)}`);
    expect(problemsOf(mcqFile(choices))).toEqual(['10: "choices" item 2 "text" must be under 1,000 characters (it has 1,000)']);
  });

  it('reports a typo in a front-matter key as an unknown field at its line', () => {
    expect(problemsOf(openFile({ front: 'diagramm: true' }))).toEqual(['7: unknown field "diagramm"']);
  });

  it('names the allowed values when a field has a value outside them', () => {
    expect(problemsOf(openFile().replace('difficulty: medium', 'difficulty: tricky'))).toEqual([
      '5: "difficulty" must be one of easy, medium, hard',
    ]);
    expect(problemsOf(openFile({ category: 'cooking' }))[0]).toMatch(/^4: "category" must be one of leadership, system-design, /);
  });

  it('reports a field left empty as empty rather than as the wrong type', () => {
    expect(problemsOf(openFile().replace('question: Explain the full event loop cycle.', 'question:'))).toEqual(['7: "question" is empty']);
  });

  it('suggests quotes when a text field was written as a number', () => {
    expect(problemsOf(openFile().replace('question: Explain the full event loop cycle.', 'question: 42'))).toEqual([
      '7: "question" must be text (put it in quotes)',
    ]);
  });

  it('reports a tag that is not lowercase kebab case', () => {
    expect(problemsOf(openFile().replace('[event-loop, libuv]', '[event-loop, Node.js]'))).toEqual([
      '6: "tags" item 2 must be lowercase words joined by dashes',
    ]);
  });

  it('requires the file name to equal the id, reported at the id line', () => {
    expect(problemsOf(openFile(), 'content/test/other-name.md')).toEqual(['2: id "q-one" does not match the file name "other-name.md"']);
  });

  it('reports a file without front matter, or with front matter never closed, at line 1', () => {
    expect(problemsOf('## Key points\n- a')).toEqual(['1: start the file with a "---" line that opens the front matter']);
    expect(problemsOf('---\nid: q-one\n## Key points')).toEqual(['1: front matter is never closed; end it with a "---" line']);
  });

  it('reports a YAML syntax error at its line in the file', () => {
    expect(problemsOf(openFile().replace('tags: [event-loop, libuv]', 'tags: [event-loop, libuv'))[0]).toMatch(/^7: YAML: /);
  });

  it('needs exactly one correct choice, reported at the choices line', () => {
    const noneCorrect = FOUR_CHOICES.replace('    correct: true\n', '');
    expect(problemsOf(mcqFile(noneCorrect))).toEqual(['8: MCQ needs exactly one correct choice, found 0']);
    const twoCorrect = `${FOUR_CHOICES}\n    correct: true`;
    expect(problemsOf(mcqFile(twoCorrect))).toEqual(['8: MCQ needs exactly one correct choice, found 2']);
  });

  it('needs exactly four choices', () => {
    const three = FOUR_CHOICES.split('\n').slice(0, 4).join('\n');
    expect(problemsOf(mcqFile(three))).toEqual(['8: MCQ needs exactly 4 choices, found 3']);
  });

  it('refuses key points and a model answer in an MCQ, and needs its explanation', () => {
    expect(problemsOf(mcqFile(FOUR_CHOICES, '## Key points\n- a\n\n## Model answer\nText.'))).toEqual([
      '14: missing section "## Explanation"',
      '15: MCQs have no "Key points" section; explain the answer under "## Explanation"',
      '18: MCQs have no "Model answer" section; explain the answer under "## Explanation"',
    ]);
  });

  it('refuses choices on an open question and needs them on an MCQ', () => {
    expect(problemsOf(openFile({ front: 'choices: []' }))).toEqual(['7: open questions have no "choices"; use type: mcq']);
    expect(problemsOf(mcqFile('').replace('choices:\n', ''))).toEqual(['3: an MCQ needs a "choices" list with 4 choices']);
  });

  describe('diagrams', () => {
    const withDiagram = (diagram: string, front = 'diagram: true') =>
      openFile({ front, body: bodyWith({ extra: `\n## Diagram\n${diagram}` }) });

    it('keeps the code of a diagram without its fences', () => {
      const { question } = parseQuestionFile(FILE, withDiagram('```text\n[a] -> [b]\n  |\n [c]\n```'));
      expect(question?.body.diagram).toBe('[a] -> [b]\n  |\n [c]');
    });

    it('allows a diagram section without the diagram flag', () => {
      expect(problemsOf(withDiagram('```\n[a] -> [b]\n```', 'diagram: false'))).toEqual([]);
    });

    it('reports diagram: true without a Diagram section at the flag line', () => {
      expect(problemsOf(openFile({ front: 'diagram: true' }))).toEqual(['7: "diagram: true" needs a "## Diagram" section']);
    });

    it('counts columns in characters, so 60 emoji fit and the first wider line is reported', () => {
      const emoji = '🚀'.repeat(60);
      expect(problemsOf(withDiagram(`\`\`\`text\n${emoji}\n\`\`\``))).toEqual([]);
      expect(problemsOf(withDiagram(`\`\`\`text\nok\n${'-'.repeat(61)}\n${'-'.repeat(70)}\n\`\`\``))).toEqual([
        '26: diagram line is 61 columns wide; at most 60 fit',
      ]);
    });

    it('allows 18 diagram lines and reports 19 at the opening fence', () => {
      expect(problemsOf(withDiagram(`\`\`\`\n${'|\n'.repeat(18)}\`\`\``))).toEqual([]);
      expect(problemsOf(withDiagram(`\`\`\`\n${'|\n'.repeat(19)}\`\`\``))).toEqual(['24: diagram has 19 lines; at most 18 fit']);
    });

    it('needs exactly one plain or text code block and nothing else', () => {
      expect(problemsOf(withDiagram('```js\na\n```'))).toEqual(['24: open the diagram with ``` or ```text']);
      expect(problemsOf(withDiagram('A caption.\n```\na\n```'))).toEqual(['24: "Diagram" holds one fenced code block and nothing else']);
      expect(problemsOf(withDiagram('```\na\n```\n```\nb\n```'))).toEqual(['27: "Diagram" holds one fenced code block and nothing else']);
      expect(problemsOf(withDiagram(''))).toEqual(['23: "Diagram" needs a fenced code block']);
    });

    it('reports a code block that is never closed at its opening line', () => {
      expect(problemsOf(withDiagram('```text\n[a]'))).toEqual(['24: code block is never closed; end it with ```']);
    });
  });
});

import type { Choice, Question, QuestionBody } from '../types.js';
import {
  DIAGRAM_COLUMNS,
  DIAGRAM_LINES,
  FIELD_MAX,
  FOLLOW_UPS_MAX,
  FOLLOW_UPS_MIN,
  KEY_POINTS_MAX,
  KEY_POINTS_MIN,
  MODEL_ANSWER_MAX,
  questionFrontMatterSchema,
  STRUCTURE_CATEGORIES,
  type QuestionFrontMatter,
} from './pack-schema.js';
import { fmt, quote, readYaml, schemaProblems, type ContentProblem } from './yaml-problems.js';

export type { ContentProblem } from './yaml-problems.js';
export type ParsedQuestion = Omit<Question, 'retiredAt' | 'packId'>;

const SECTIONS = {
  'key points': 'keyPoints',
  'model answer': 'modelAnswer',
  'follow-up questions': 'followUps',
  'answer structure': 'structure',
  diagram: 'diagram',
  explanation: 'explanation',
} as const;
type SectionKey = (typeof SECTIONS)[keyof typeof SECTIONS];
const TITLES = Object.fromEntries(
  Object.keys(SECTIONS).map((t) => [SECTIONS[t as keyof typeof SECTIONS], t[0]!.toUpperCase() + t.slice(1)]),
) as Record<SectionKey, string>;
const TITLE_LIST = Object.values(TITLES);

interface Line {
  n: number;
  text: string;
}
interface Section {
  line: number;
  lines: Line[];
}
interface Fence {
  marker: string;
  line: number;
}

const FENCE = /^\s*(`{3,}|~{3,})\s*([^`\s]*)\s*$/;
const closesFence = (text: string, fence: Fence) => {
  const m = FENCE.exec(text);
  return !!m && m[2] === '' && m[1]![0] === fence.marker[0] && m[1]!.length >= fence.marker.length;
};

/** Splits the body into its `##` sections; text inside code fences never starts a section. */
function splitSections(lines: Line[], add: (line: number, message: string) => void): Map<SectionKey, Section> {
  const sections = new Map<SectionKey, Section>();
  // undefined: before the first heading; null: inside a section that was already reported.
  let current: Section | null | undefined;
  let fence: Fence | undefined;
  let strayReported = false;
  for (const line of lines) {
    const heading = fence ? null : /^##(?!#)(.*)$/.exec(line.text);
    if (heading) {
      const title = heading[1]!.trim().replace(/\s+#+$/, '');
      const key = SECTIONS[title.toLowerCase() as keyof typeof SECTIONS];
      current = null;
      if (!key) add(line.n, `unknown section ${quote(title)}; use ${TITLE_LIST.join(', ')}`);
      else if (sections.has(key)) add(line.n, `duplicate section "${TITLES[key]}"`);
      else sections.set(key, (current = { line: line.n, lines: [] }));
      continue;
    }
    if (fence) {
      if (closesFence(line.text, fence)) fence = undefined;
    } else {
      const open = FENCE.exec(line.text);
      if (open) fence = { marker: open[1]!, line: line.n };
    }
    if (current) current.lines.push(line);
    else if (current === undefined && line.text.trim() !== '' && !strayReported) {
      strayReported = true;
      add(line.n, 'text before the first section; start the body with a "## " heading');
    }
  }
  if (fence) add(fence.line, 'code block is never closed; end it with ```');
  return sections;
}

function readText(key: SectionKey, section: Section, add: (line: number, message: string) => void): string | undefined {
  const text = section.lines
    .map((l) => l.text)
    .join('\n')
    .trim();
  if (text === '') return void add(section.line, `section "${TITLES[key]}" is empty`);
  const max = key === 'modelAnswer' ? MODEL_ANSWER_MAX : FIELD_MAX;
  if (text.length >= max) {
    return void add(section.line, `"${TITLES[key]}" must be under ${fmt(max)} characters (it has ${fmt(text.length)})`);
  }
  return text;
}

function readBullets(
  key: SectionKey,
  section: Section,
  range: [number, number],
  add: (line: number, message: string) => void,
): string[] | undefined {
  const items: { n: number; text: string }[] = [];
  let ok = true;
  let strayReported = false;
  for (const line of section.lines) {
    if (line.text.trim() === '') continue;
    const bullet = /^-(?:\s+(.*))?$/.exec(line.text);
    if (bullet) items.push({ n: line.n, text: (bullet[1] ?? '').trim() });
    else if (/^\s/.test(line.text) && items.length > 0) items.at(-1)!.text += ` ${line.text.trim()}`;
    else if (!strayReported) {
      ok = false;
      strayReported = true;
      add(line.n, `"${TITLES[key]}" holds "- " bullets only`);
    }
  }
  const what = key === 'keyPoints' ? 'key point' : 'bullet';
  for (const item of items) {
    if (item.text === '') {
      ok = false;
      add(item.n, `empty ${what}`);
    } else if (item.text.length >= FIELD_MAX) {
      ok = false;
      add(item.n, `${what} must be under ${fmt(FIELD_MAX)} characters (it has ${fmt(item.text.length)})`);
    }
  }
  const [min, max] = range;
  if (items.length < min || items.length > max) {
    ok = false;
    const need = max === min + 1 ? `${min} or ${max}` : `${min} to ${max}`;
    add(section.line, `"${TITLES[key]}" needs ${need} bullets, found ${items.length}`);
  }
  return ok ? items.map((i) => i.text) : undefined;
}

function readDiagram(section: Section, add: (line: number, message: string) => void): string | undefined {
  let state: 'before' | 'in' | 'after' = 'before';
  let fence: Fence | undefined;
  const code: Line[] = [];
  let ok = true;
  let strayReported = false;
  const stray = (n: number) => {
    if (!strayReported) add(n, '"Diagram" holds one fenced code block and nothing else');
    ok = false;
    strayReported = true;
  };
  for (const line of section.lines) {
    if (state === 'in') {
      if (closesFence(line.text, fence!)) state = 'after';
      else code.push(line);
    } else if (line.text.trim() === '') continue;
    else if (state === 'after') stray(line.n);
    else {
      const open = FENCE.exec(line.text);
      if (!open) stray(line.n);
      else {
        if (open[2] !== '' && open[2]!.toLowerCase() !== 'text') {
          ok = false;
          add(line.n, 'open the diagram with ``` or ```text');
        }
        fence = { marker: open[1]!, line: line.n };
        state = 'in';
      }
    }
  }
  if (!fence) return void (ok && add(section.line, '"Diagram" needs a fenced code block'));
  if (state === 'in') return; // reported as an unclosed block already
  const diagram = code.map((l) => l.text).join('\n');
  if (diagram.trim() === '') return void add(fence.line, 'diagram is empty');
  if (code.length > DIAGRAM_LINES) {
    ok = false;
    add(fence.line, `diagram has ${code.length} lines; at most ${DIAGRAM_LINES} fit`);
  }
  const wide = code.find((l) => [...l.text].length > DIAGRAM_COLUMNS);
  if (wide) {
    ok = false;
    add(wide.n, `diagram line is ${[...wide.text].length} columns wide; at most ${DIAGRAM_COLUMNS} fit`);
  }
  if (diagram.length >= FIELD_MAX) {
    ok = false;
    add(section.line, `"Diagram" must be under ${fmt(FIELD_MAX)} characters (it has ${fmt(diagram.length)})`);
  }
  return ok ? diagram : undefined;
}

/** What the body rules need from the front matter, read from raw data so a broken header still gets its body checked. */
interface Facts {
  type?: 'open' | 'mcq';
  category?: string;
  hasDiagramFlag: boolean;
}

function readBody(
  sections: Map<SectionKey, Section>,
  facts: Facts,
  bodyLine: number,
  diagramLine: () => number,
  add: (line: number, message: string) => void,
): QuestionBody {
  const body: QuestionBody = {};
  const missing = (key: SectionKey, why = '') => add(bodyLine, `missing section "## ${TITLES[key]}"${why}`);
  const text = (key: 'modelAnswer' | 'structure' | 'explanation') => {
    const s = sections.get(key);
    if (s) body[key] = readText(key, s, add);
  };
  const bullets = (key: 'keyPoints' | 'followUps', range: [number, number]) => {
    const s = sections.get(key);
    if (s) body[key] = readBullets(key, s, range, add);
  };
  if (facts.type === 'mcq') {
    for (const key of ['keyPoints', 'modelAnswer'] as const) {
      const s = sections.get(key);
      if (s) add(s.line, `MCQs have no "${TITLES[key]}" section; explain the answer under "## Explanation"`);
    }
    if (!sections.has('explanation')) missing('explanation');
  } else if (facts.type === 'open') {
    for (const key of ['keyPoints', 'modelAnswer', 'followUps'] as const) if (!sections.has(key)) missing(key);
    if (facts.category && STRUCTURE_CATEGORIES.includes(facts.category) && !sections.has('structure')) {
      missing('structure', ` (required in ${facts.category})`);
    }
    bullets('keyPoints', [KEY_POINTS_MIN, KEY_POINTS_MAX]);
    text('modelAnswer');
  }
  bullets('followUps', [FOLLOW_UPS_MIN, FOLLOW_UPS_MAX]);
  text('structure');
  text('explanation');
  const diagram = sections.get('diagram');
  if (diagram) body.diagram = readDiagram(diagram, add);
  else if (facts.hasDiagramFlag) add(diagramLine(), '"diagram: true" needs a "## Diagram" section');
  for (const key of Object.keys(body) as (keyof QuestionBody)[]) if (body[key] === undefined) delete body[key];
  return body;
}

function factsOf(data: unknown): Facts {
  const raw = (data !== null && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  return {
    type: raw.type === 'open' || raw.type === 'mcq' ? raw.type : undefined,
    category: typeof raw.category === 'string' ? raw.category : undefined,
    hasDiagramFlag: raw.diagram === true,
  };
}

function toQuestion(fm: QuestionFrontMatter, body: QuestionBody): ParsedQuestion {
  const choices: Choice[] | undefined = fm.choices?.map((c) => ({ text: c.text, correct: c.correct === true }));
  return {
    id: fm.id,
    type: fm.type,
    category: fm.category,
    difficulty: fm.difficulty,
    tags: fm.tags,
    prompt: fm.question,
    body: choices ? { choices, ...body } : body,
  };
}

/**
 * Parses one question file (YAML front matter + `##` sections) into a question, or reports every
 * problem found with its line. Never throws; `question` is set only when there are no problems.
 */
export function parseQuestionFile(file: string, text: string): { question?: ParsedQuestion; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const add = (line: number, message: string) => void problems.push({ file, line, message });
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  if (!/^---\s*$/.test(lines[0]!)) {
    add(1, 'start the file with a "---" line that opens the front matter');
    return { problems };
  }
  const close = lines.findIndex((l, i) => i > 0 && /^---\s*$/.test(l));
  if (close < 0) {
    add(1, 'front matter is never closed; end it with a "---" line');
    return { problems };
  }
  const block = readYaml(file, lines.slice(1, close).join('\n'), 2, 1);
  problems.push(...block.problems);
  let fm: QuestionFrontMatter | undefined;
  if (block.problems.length === 0) {
    if (block.data === null || typeof block.data !== 'object' || Array.isArray(block.data)) {
      add(1, 'front matter must be "key: value" fields');
    } else {
      const checked = schemaProblems(file, block, questionFrontMatterSchema);
      problems.push(...checked.problems);
      fm = checked.value;
    }
  }
  const id = (block.data as { id?: unknown } | null)?.id;
  const name = file.split(/[\\/]/).at(-1)!.replace(/\.md$/i, '');
  if (typeof id === 'string' && id !== name && block.problems.length === 0) {
    add(block.lineOf(['id']), `id ${quote(id)} does not match the file name ${quote(`${name}.md`)}`);
  }
  const bodyLines = lines.slice(close + 1).map((t, i) => ({ n: close + 2 + i, text: t }));
  const sections = splitSections(bodyLines, add);
  const body = readBody(sections, factsOf(block.data), close + 1, () => block.lineOf(['diagram']), add);
  problems.sort((a, b) => a.line - b.line);
  if (problems.length > 0 || !fm) return { problems };
  return { question: toQuestion(fm, body), problems };
}

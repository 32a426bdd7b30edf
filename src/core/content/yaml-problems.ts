import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/** One mistake in a content file, at a 1-based line. */
export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}

type Path = readonly PropertyKey[];

/** Formats a count the way messages show it: 1,500. */
export const fmt = (n: number) => n.toLocaleString('en-US');

/** Quotes author text for a message; long or multi-line text is cut so each problem stays one short line. */
export function quote(value: string): string {
  const flat = value.replace(/\s+/g, ' ');
  return `"${flat.length > 40 ? `${flat.slice(0, 37)}...` : flat}"`;
}

const label = (path: Path) =>
  path.length === 0 ? 'the value' : path.map((s) => (typeof s === 'number' ? `item ${s + 1}` : quote(String(s)))).join(' ');

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
  return v;
}

const NOUNS: Record<string, string> = { string: 'text', boolean: 'true or false', array: 'a list', object: 'a set of fields' };

/** Turns a zod issue into friendly messages, each with the path whose line it belongs to. */
export function describeIssue(issue: z.core.$ZodIssue, data: unknown): { path: Path; message: string }[] {
  const { path } = issue;
  const value = valueAt(data, path);
  const name = label(path);
  // zod reports a missing enum as a bad value; a missing key reads better as missing everywhere.
  if (value === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom') {
    const message = path.length <= 1 ? `missing field ${name}` : `${label(path.slice(0, -1))} is missing ${quote(String(path.at(-1)))}`;
    return [{ path, message }];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field ${quote(key)}` }));
    case 'custom':
      return [{ path, message: issue.message }];
    case 'invalid_type': {
      if (value === null) return [{ path, message: `${name} is empty` }];
      const hint = issue.expected === 'string' && typeof value !== 'object' ? ' (put it in quotes)' : '';
      return [{ path, message: `${name} must be ${NOUNS[issue.expected] ?? `a ${issue.expected}`}${hint}` }];
    }
    case 'invalid_value':
      return [{ path, message: `${name} must be one of ${issue.values.map(String).join(', ')}` }];
    case 'invalid_format':
      return [{ path, message: `${name} ${issue.message}` }];
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      if (Array.isArray(value)) {
        const need = issue.exact ? 'exactly' : issue.code === 'too_small' ? 'at least' : 'at most';
        return [{ path, message: `${name} must have ${need} ${fmt(bound)} items, found ${value.length}` }];
      }
      if (typeof value === 'string') {
        const message =
          issue.code === 'too_small'
            ? `${name} must not be empty`
            : `${name} must be under ${fmt(bound + 1)} characters (it has ${fmt(value.trim().length)})`;
        return [{ path, message }];
      }
      return [{ path, message: `${name} is out of range` }];
    }
    default:
      return [{ path, message: `${name} is not valid` }];
  }
}

/** A parsed YAML block: its plain data, syntax problems, and the file line of any key path. */
export interface YamlBlock {
  data: unknown;
  problems: ContentProblem[];
  lineOf(path: Path): number;
}

/**
 * Parses YAML whose first line is line `firstLine` of `file`. `lineOf` gives the line of the deepest
 * key or item on a path that exists, or `fallbackLine`.
 */
export function readYaml(file: string, source: string, firstLine: number, fallbackLine: number): YamlBlock {
  const counter = new LineCounter();
  // logLevel 'error': yaml would otherwise print process warnings (e.g. for a list used as a key);
  // such mistakes still surface as schema problems.
  const doc = parseDocument(source, { lineCounter: counter, logLevel: 'error' });
  const toLine = (offset: number | undefined) => (offset === undefined ? fallbackLine : firstLine + counter.linePos(offset).line - 1);
  const problems = doc.errors.map((e) => ({
    file,
    line: e.linePos ? firstLine + e.linePos[0].line - 1 : fallbackLine,
    message: `YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').slice(0, 120)}`,
  }));
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // toJS throws on unresolved aliases and alias bombs; both are author mistakes, not bugs.
    problems.push({
      file,
      line: fallbackLine,
      message: `YAML: ${String((e as Error).message)
        .split('\n')[0]
        ?.slice(0, 120)}`,
    });
  }
  const lineOf = (path: Path) => {
    let node: unknown = doc.contents;
    let line = fallbackLine;
    for (const seg of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        line = toLine((pair.key as { range?: [number] }).range?.[0]);
        next = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
        if (!isNode(next)) break;
        line = toLine(next.range?.[0]);
      } else break;
      node = next;
    }
    return line;
  };
  return { data, problems, lineOf };
}

/** Validates YAML data against a schema, one problem per issue at the line of the offending key. */
export function schemaProblems<T>(file: string, block: YamlBlock, schema: z.ZodType<T>): { value?: T; problems: ContentProblem[] } {
  const result = schema.safeParse(block.data);
  if (result.success) return { value: result.data, problems: [] };
  const problems = result.error.issues.flatMap((issue) =>
    describeIssue(issue, block.data).map(({ path, message }) => ({ file, line: block.lineOf(path), message })),
  );
  return { problems };
}

/** The line of the first top-level `key:` in a YAML or front-matter text, or 1. */
export function keyLine(text: string, key: string): number {
  const index = text.split(/\r\n?|\n/).findIndex((l) => l.startsWith(`${key}:`));
  return index + 1 || 1;
}

import type { PackInput } from '../store.js';
import { manifestSchema } from './pack-schema.js';
import { parseQuestionFile, type ParsedQuestion } from './parse-question.js';
import { keyLine, quote, readYaml, schemaProblems, type ContentProblem } from './yaml-problems.js';

/** Where a question came from, for messages about it (duplicate ids across packs). */
export interface QuestionOrigin {
  file: string;
  line: number;
}

/**
 * Parses a pack: its manifest and its question files, in the order given. `pack` is set whenever
 * the manifest is valid and holds the questions that parsed cleanly; a question whose id was
 * already used in the pack is reported on the later file and left out. Never throws.
 */
export function parsePack(
  manifestFile: string,
  manifestText: string,
  files: { file: string; text: string }[],
): { pack?: PackInput; problems: ContentProblem[]; origins: Map<string, QuestionOrigin> } {
  const block = readYaml(manifestFile, manifestText.replace(/^\uFEFF/, ''), 1, 1);
  const problems = [...block.problems];
  let manifest;
  if (block.problems.length === 0) {
    if (block.data === null || typeof block.data !== 'object' || Array.isArray(block.data)) {
      problems.push({ file: manifestFile, line: 1, message: 'manifest must be "key: value" fields (id, title, version, description)' });
    } else {
      const checked = schemaProblems(manifestFile, block, manifestSchema);
      problems.push(...checked.problems);
      manifest = checked.value;
    }
  }
  const questions: ParsedQuestion[] = [];
  const origins = new Map<string, QuestionOrigin>();
  for (const { file, text } of files) {
    const parsed = parseQuestionFile(file, text);
    problems.push(...parsed.problems);
    if (!parsed.question) continue;
    const line = keyLine(text, 'id');
    const first = origins.get(parsed.question.id);
    if (first) {
      problems.push({ file, line, message: `duplicate id ${quote(parsed.question.id)}, first used in ${first.file}` });
      continue;
    }
    origins.set(parsed.question.id, { file, line });
    questions.push(parsed.question);
  }
  if (!manifest) return { problems, origins };
  return { pack: { pack: { ...manifest, workspaceId: null }, questions }, problems, origins };
}

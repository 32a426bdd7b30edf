import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPacks } from '../../src/content/load-packs.js';

const PACKS_DIR = fileURLToPath(new URL('../fixtures/packs', import.meta.url));
const { packs, problems } = readPacks(PACKS_DIR);
const problemsIn = (pack: string) =>
  problems.filter((p) => p.file.startsWith(`packs/${pack}/`)).map((p) => `${p.file}:${p.line}: ${p.message}`);

describe('content:check on broken fixture packs', () => {
  it('loads the valid pack cleanly and skips its README and underscore drafts', () => {
    expect(problemsIn('valid-pack')).toEqual([]);
    const valid = packs.find((p) => p.pack.id === 'valid-pack');
    expect(valid?.pack).toEqual({
      id: 'valid-pack',
      title: 'Valid fixture pack',
      version: '1.0.0',
      description: 'A fixture pack for content:check tests.',
      workspaceId: null,
    });
    expect(valid?.questions.map((q) => q.id)).toEqual(['fixture-valid-mcq', 'fixture-valid-open']);
    const open = valid?.questions.find((q) => q.id === 'fixture-valid-open');
    expect(open?.body.diagram).toBe('[author] -> [content:check] -> [pack]');
    expect(open?.body.structure).toBe('Situation, task, action, result, then one lesson.');
  });

  it('reports an unknown front-matter field at its line, and the field it was meant to be as missing', () => {
    expect(problemsIn('broken-unknown-field')).toEqual([
      'packs/broken-unknown-field/fixture-unknown-field.md:1: missing field "difficulty"',
      'packs/broken-unknown-field/fixture-unknown-field.md:5: unknown field "dificulty"',
    ]);
  });

  it('reports missing required sections after the front matter and unknown headings at their line', () => {
    expect(problemsIn('broken-missing-section')).toEqual([
      'packs/broken-missing-section/fixture-missing-sections.md:8: missing section "## Model answer"',
      'packs/broken-missing-section/fixture-missing-sections.md:8: missing section "## Answer structure" (required in behavioural)',
      'packs/broken-missing-section/fixture-unknown-section.md:22: unknown section "Notes"; use Key points, Model answer, Follow-up questions, Answer structure, Diagram, Explanation',
    ]);
  });

  it('reports a duplicate question id on the later file and names the first one, within and across packs', () => {
    expect(problemsIn('broken-duplicate-id')).toEqual([
      'packs/broken-duplicate-id/b/fixture-duplicate.md:2: duplicate id "fixture-duplicate", first used in packs/broken-duplicate-id/a/fixture-duplicate.md',
    ]);
    expect(problemsIn('broken-taken-question-id')).toEqual([
      'packs/broken-taken-question-id/fixture-duplicate.md:2: duplicate id "fixture-duplicate", first used in packs/broken-duplicate-id/a/fixture-duplicate.md',
    ]);
    const withDuplicate = packs.filter((p) => p.questions.some((q) => q.id === 'fixture-duplicate'));
    expect(withDuplicate.map((p) => p.pack.id)).toEqual(['broken-duplicate-id']);
  });

  it('reports a pack id used twice on the later manifest and leaves that pack out', () => {
    expect(problemsIn('broken-pack-id-taken')).toEqual([
      'packs/broken-pack-id-taken/manifest.yaml:1: duplicate pack id "broken-duplicate-id", first used in packs/broken-duplicate-id/manifest.yaml',
    ]);
    expect(packs.filter((p) => p.pack.id === 'broken-duplicate-id')).toHaveLength(1);
  });

  it('reports an MCQ without exactly one correct choice at its choices line', () => {
    expect(problemsIn('broken-mcq-correct')).toEqual([
      'packs/broken-mcq-correct/fixture-no-correct.md:8: MCQ needs exactly one correct choice, found 0',
      'packs/broken-mcq-correct/fixture-two-correct.md:8: MCQ needs exactly one correct choice, found 2',
    ]);
  });

  it('reports over-long text at the line of the field', () => {
    expect(problemsIn('broken-long-text')).toEqual([
      'packs/broken-long-text/fixture-long-key-point.md:11: key point must be under 1,000 characters (it has 1,050)',
    ]);
  });

  it('reports the first diagram line wider than 60 columns', () => {
    expect(problemsIn('broken-wide-diagram')).toEqual([
      'packs/broken-wide-diagram/fixture-wide-diagram.md:26: diagram line is 62 columns wide; at most 60 fit',
    ]);
  });

  it('reports each mistake in a bad manifest at its line and leaves the pack out', () => {
    expect(problemsIn('broken-manifest')).toEqual([
      'packs/broken-manifest/manifest.yaml:1: "id" must be a lowercase slug such as module-lead-nodejs',
      'packs/broken-manifest/manifest.yaml:3: "version" must look like 1.0.0',
      'packs/broken-manifest/manifest.yaml:5: unknown field "homepage"',
    ]);
    expect(packs.map((p) => p.pack.id)).not.toContain('Broken Manifest');
  });

  it('reports nothing beyond the mistakes pinned above', () => {
    expect(problems).toHaveLength(15);
    expect(packs.map((p) => p.pack.id)).toEqual([
      'broken-duplicate-id',
      'broken-long-text',
      'broken-mcq-correct',
      'broken-missing-section',
      'broken-taken-question-id',
      'broken-unknown-field',
      'broken-wide-diagram',
      'valid-pack',
    ]);
  });

  it('prints file:line: message per problem and exits with 1 from the content:check command', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/content-check.ts', PACKS_DIR], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContain('packs/broken-unknown-field/fixture-unknown-field.md:5: unknown field "dificulty"');
    expect(lines.at(-2)).toBe('content:check: by category: leadership 1, nodejs 2');
    expect(lines.at(-1)).toBe('content:check: 8 packs, 3 questions (2 open, 1 mcq), 15 problems; longest-key share 0% (0/1)');
  });
});

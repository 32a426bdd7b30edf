import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { play } from '../support/playground.js';

/** Each `<!-- transcript: <script> -->` in the README, with the text block that follows it. */
function transcripts(): { script: string; lines: string[] }[] {
  const readme = readFileSync('README.md', 'utf8');
  return [...readme.matchAll(/<!-- transcript: (\S+) -->\n```text\n([\s\S]*?)\n```/g)].map((m) => ({
    script: m[1]!,
    lines: m[2]!.split('\n'),
  }));
}

/**
 * Where the README's excerpt stops matching the run, or undefined when it matches: lines match
 * in order and back to back, `...` alone skips any number of lines, a trailing `...` matches
 * the start of a line. Blank lines are not compared.
 */
function mismatch(expected: string[], out: string): string | undefined {
  const actual = out
    .slice(out.indexOf('\n> ') + 1)
    .split('\n')
    .filter((l) => l.trim());
  const matches = (want: string, got: string) => (want.endsWith('...') ? got.startsWith(want.slice(0, -3).trimEnd()) : got === want);
  let at = 0;
  let skipping = true;
  for (const want of expected.filter((l) => l.trim())) {
    if (want.trim() === '...') {
      skipping = true;
      continue;
    }
    if (skipping) {
      while (at < actual.length && !matches(want, actual[at]!)) at++;
    }
    if (at >= actual.length || !matches(want, actual[at]!))
      return `README line "${want}" does not match the run at "${actual[at] ?? '(end of output)'}"`;
    at++;
    skipping = false;
  }
  return undefined;
}

describe('the README playground transcripts', () => {
  const found = transcripts();

  it('are found in the README, one per example script', () => {
    expect(found.map((t) => t.script)).toEqual([
      'test/fixtures/playground/full-round.txt',
      'test/fixtures/playground/quiz-demo.txt',
      'test/fixtures/playground/peer-review.txt',
    ]);
  });

  for (const { script, lines } of found) {
    it(`match a real run of ${script} on its own fresh database`, async () => {
      const run = await play(readFileSync(script, 'utf8'), { DOJO_DB_PATH: ':memory:' });
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      expect(mismatch(lines, run.out)).toBeUndefined();
      // A second run of the same script gives the same output: nothing is shared between runs.
      const again = await play(readFileSync(script, 'utf8'), { DOJO_DB_PATH: ':memory:' });
      expect(again.out.slice(again.out.indexOf('\n> '))).toBe(run.out.slice(run.out.indexOf('\n> ')));
    }, 90_000);
  }
});

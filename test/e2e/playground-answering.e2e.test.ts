import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { play } from '../support/playground.js';

/** What the playground printed after one echoed script line, up to the next one. */
function after(out: string, line: string): string {
  const parts = out.split(`\n> ${line}\n`);
  if (parts.length < 2) throw new Error(`"${line}" was not echoed`);
  return parts[1]!.split('\n\n> ')[0]!.trimEnd();
}

const LONG = `I would ${'really '.repeat(700)}own it.`;

describe('answering and voting in the playground: every refusal says why, and can be fixed', () => {
  it('refuses effortless and too-long replies with a reason, counts them once edited, and explains silent no-ops', async () => {
    const script = [
      'clock 2026-11-29T10:00',
      '/dojo ask pitch-hr-final-round',
      'as dave reply .',
      'as dave edit I own delivery end to end and grow the people around me.',
      `as erin reply ${LONG}`,
      'as erin edit I raise the bar for quality and make delivery predictable.',
      'as erin edit 👍',
      'as bob unvote dave',
      'as carol press Answer',
      'as carol submit I make trade-offs visible and keep the team shipping.',
      'as bob press Upvote',
      'clock 2026-11-30T08:00',
      'as frank reply Late, but here is what I would say about it.',
      'as dave edit A changed answer after the close.',
      'as dave unvote erin',
    ].join('\n');
    const { out, err, code } = await play(`${script}\n`, { DOJO_DB_PATH: ':memory:' });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(after(out, 'as dave reply .')).toMatch(
      /private → dave · dojo\n {2}That is too short to count as an answer \(at least 3 letters or digits\)\. Edit your reply into a real answer and it counts\.$/,
    );
    expect(after(out, 'as dave edit I own delivery end to end and grow the people around me.')).toBe(
      '[Sun 10:00] private → dave · dojo\n  Your edited reply counts as your answer (+10).',
    );
    expect(after(out, `as erin reply ${LONG}`)).toMatch(
      /Answers can be at most 4000 characters; yours has \d+\. Edit your reply to at most 4000 characters and it counts\.$/,
    );
    expect(after(out, 'as erin edit I raise the bar for quality and make delivery predictable.')).toBe(
      '[Sun 10:00] private → erin · dojo\n  Your edited reply counts as your answer (+10).',
    );
    expect(after(out, 'as erin edit 👍')).toBe(
      '[Sun 10:00] private → erin · dojo\n  Your edit was not saved (that is too short to count as an answer (at least 3 letters or digits)); your answer stays as it was.',
    );
    expect(after(out, 'as bob unvote dave')).toBe(
      '[Sun 10:00] private → bob · dojo\n  You had not voted for that answer, so there was nothing to take back.',
    );
    expect(after(out, 'as bob press Upvote')).toBe("[Sun 10:00] private → bob · dojo\n  Vote counted for carol's answer.");
    const close = after(out, 'clock 2026-11-30T08:00');
    expect(close).toMatch(/Points this round: [^\n]*dave \+10[^\n]*erin \+10/);
    expect(after(out, 'as frank reply Late, but here is what I would say about it.')).toMatch(
      /private → frank · dojo\n {2}This round has closed, so your reply is discussion, not an answer\. The next question comes on schedule\.$/,
    );
    expect(after(out, 'as dave edit A changed answer after the close.')).toBe(
      '[Mon 08:00] private → dave · dojo\n  This round has closed, so your answer stays as it was.',
    );
    expect(after(out, 'as dave unvote erin')).toBe(
      '[Mon 08:00] private → dave · dojo\n  Voting for this round has closed, so your vote stands.',
    );
    expect(readFileSync('src/core/answers.ts', 'utf8')).toContain('MIN_ANSWER_LETTERS = 3');
  }, 60_000);
});

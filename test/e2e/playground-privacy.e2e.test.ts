import { describe, expect, it } from 'vitest';
import { play } from '../support/playground.js';

/** What the playground printed after one echoed script line, up to the next one. */
function after(out: string, line: string): string {
  const parts = out.split(`\n> ${line}\n`);
  if (parts.length < 2) throw new Error(`"${line}" was not echoed`);
  return parts[1]!.split('\n\n> ')[0]!.trimEnd();
}

describe('forget-me in the playground', () => {
  it('takes the points back in the week they were earned and rewrites the bot posts that quoted the erased answer', async () => {
    const script = [
      'clock 2026-11-25T10:00',
      '/dojo ask pitch-hr-final-round',
      'as alice reply Alice keeps ownership clear and delivery predictable.',
      'as carol press Answer',
      'as carol submit Carol-secret: make trade-offs visible every sprint.',
      'as bob reply Bob ships thin slices behind a protected sprint goal.',
      'as carol vote alice',
      'as carol vote bob',
      'as alice vote carol',
      'as alice vote bob',
      'clock 2026-11-26T08:00',
      '/dojo pause',
      'clock 2026-11-30T10:00',
      'as carol /dojo forget-me',
      'as carol press Erase my data',
      '/dojo top',
      '/dojo top all',
      '/dojo config rebuild',
    ];
    const { out, err, code } = await play(`${script.join('\n')}\n`, { DOJO_DB_PATH: ':memory:' });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(after(out, 'clock 2026-11-26T08:00')).toContain('> Carol-secret: make trade-offs visible every sprint.');

    const erased = after(out, 'as carol press Erase my data');
    expect(erased).toMatch(/\(msg \d+ updated\)\n {2}An answer \(removed at the member’s request\)\.\n/);
    expect(erased).toMatch(/\(msg \d+ updated\)\n {2}Round closed\n/);
    expect(erased).toContain('a removed member');
    expect(erased).toContain('Points this round: bob +27 · alice +20');
    expect(erased).toContain('Done: your answers, votes, points and quiz history here are erased.');
    // Nothing the bot shows from now on repeats the erased text.
    expect(out.slice(out.indexOf('\n> as carol press Erase my data\n'))).not.toContain('Carol-secret');

    // Carol's votes were given last week: this week's board has nobody below zero, the all-time board lost them.
    expect(after(out, '/dojo top')).toContain('Leaderboard · this week · all categories\n  No points yet for this week.');
    expect(after(out, '/dojo top all')).toMatch(/1\. bob — 27\n {3}2\. alice — 20\n/);
    expect(after(out, '/dojo config rebuild')).toContain('Rebuilt totals from the ledger: everything already matched.');
  }, 60_000);
});

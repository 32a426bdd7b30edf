import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { play } from '../support/playground.js';
import { tempDir } from '../support/temp-dir.js';

const SCRIPT = 'test/fixtures/playground/quiz-demo.txt';

/** What the playground printed for the `nth` occurrence of a script line (up to the next echoed line). */
function after(out: string, line: string, nth = 0): string {
  const parts = out.split(`\n> ${line}\n`);
  if (parts.length <= nth + 1) throw new Error(`"${line}" was not echoed ${nth + 1} time(s)`);
  return parts[nth + 1]!.split('\n\n> ')[0]!;
}

/** The MCQ feedback block must agree with the letter pressed: right → ✅, wrong → ❌ naming the right one. */
function expectFeedback(block: string, pressed: string): string {
  const m =
    /^\[\w{3} \d\d:\d\d\] private → you · dojo\n {2}(?:✅ Correct — ([A-D])|❌ Not quite — the answer is ([A-D]))\n {2}\1?\2?\. .+\n {2}\n {2}\S/.exec(
      block,
    );
  expect(m, block).not.toBeNull();
  const right = (m![1] ?? m![2])!;
  expect(m![1] !== undefined).toBe(right === pressed);
  if (right !== pressed) expect(block).toContain(`You picked ${pressed}. `);
  expect(block).toMatch(/Next review: \w{3} \d{1,2} \w{3} \d\d:\d\d UTC\.\n {2}\[Next (question|review)\]$/);
  return right;
}

describe('quizzes in the terminal playground', () => {
  it('runs the README quiz demo: feedback, a review two days later, and a challenge with three members', async () => {
    const db = join(tempDir('dojo-quiz-'), 'play.sqlite');
    const { out, err, code } = await play(readFileSync(SCRIPT, 'utf8'), { DOJO_DB_PATH: db });
    expect(code).toBe(0);
    expect(err).toBe('');

    const quiz = after(out, '/dojo quiz mcq');
    const prompt = /(?:^|\n)\[Fri 18:00\] private → you · dojo\n {2}Quiz · [^\n]+ · (?:easy|medium|hard)\n {2}([^\n]+)\n/.exec(quiz)?.[1];
    expect(prompt, quiz).toBeDefined();
    expect(quiz).toMatch(/ {2}\[A\] \[B\] \[C\] \[D\]$/);
    expectFeedback(after(out, 'press C'), 'C');
    expect(after(out, 'press A')).toBe('[Fri 18:00] private → you · dojo\n  You already answered that one.');

    expect(after(out, '/dojo quiz open')).toMatch(/Think through your answer .+\n {2}\[Reveal key points\]$/);
    expect(after(out, 'press Reveal key points')).toMatch(
      /^\[Fri 18:00\] private → you · dojo\n {2}Key points\n {2}- .+[\s\S]*How well did you cover it\?\n {2}\[Again\] \[Hard\] \[Good\] \[Easy\]$/,
    );
    expect(after(out, 'press Good')).toBe(
      '[Fri 18:00] private → you · dojo\n  Graded Good. Next review: Mon 30 Nov 18:00 UTC.\n  [Next question]',
    );

    // Two days later the missed question is due again and comes back as a review.
    expect(after(out, 'clock +2d')).toBe('  ⏱ 2026-11-29 18:00 UTC');
    const review = after(out, '/dojo review');
    expect(review).toMatch(/^\[Sun 18:00\] private → you · dojo\n {2}Quiz · [^\n]+ · review\n/);
    expect(review).toContain(`\n  ${prompt}\n`);
    expectFeedback(after(out, 'press A', 1), 'A');
    expect(after(out, '/dojo stats')).toMatch(/Reviews due: \d+ · reviews done: 1 · retention: (0|100)%\n {2}Quiz accuracy: /);

    // The challenge: public post, private lock-ins, nothing revealed until the clock runs out.
    const posted = after(out, '/dojo challenge 30');
    // The reply comes with the commit; the public post follows from the outbox right after it.
    expect(posted).toMatch(
      /^\[Sun 18:00\] private → you · dojo\n {2}Challenge posted: 30 seconds on the clock\.\n\[Sun 18:00\] #practice · dojo \(msg \d+\)\n {2}⏱ Team challenge · /,
    );
    expect(posted).toMatch(/30 s on the clock, results at 18:00:30 UTC\./);
    const picks: [string, string][] = [
      ['alice', 'D'],
      ['bob', 'C'],
      ['carol', 'D'],
    ];
    for (const [user, letter] of picks) {
      expect(after(out, `as ${user} press ${letter}`)).toBe(
        `[Sun 18:00] private → ${user} · dojo\n  Locked in: ${letter}. Results when the timer ends.`,
      );
    }
    expect(after(out, 'as bob press D')).toBe(
      '[Sun 18:00] private → bob · dojo\n  Your first answer is locked in — only the first click counts.',
    );
    expect(out.split('\n> clock +1m\n')[0]).not.toContain('Challenge results');

    const end = after(out, 'clock +1m');
    expect(end).toMatch(/Time is up — results below\./);
    const answer = /Challenge results · answer ([A-D])\n/.exec(end)?.[1];
    expect(answer, end).toBeDefined();
    const winners = picks.filter(([, l]) => l === answer).map(([u]) => u);
    const who = winners.length ? winners.map((u, i) => `${u} (${i === 0 ? 'first, +8' : '+5'})`).join(', ') : 'nobody this time';
    expect(end).toContain(`  Got it (${winners.length}/3): ${who}\n`);
    expect(end).toContain(`  Picks: ${['A', 'B', 'C', 'D'].map((l) => `${l} ${picks.filter(([, p]) => p === l).length}`).join(' · ')}\n`);
    expect(end).toMatch(/ {2}⏱ 2026-11-29 18:01 UTC$/);
    const alicePoints = answer === 'D' ? 8 : 0;
    expect(after(out, 'as alice /dojo stats')).toContain(`Points: ${alicePoints} this week`);
  }, 90_000);
});

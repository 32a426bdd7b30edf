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
      'as zoe edit Something I never posted.',
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
    expect(after(out, 'as zoe edit Something I never posted.')).toBe('! zoe has no reply in the current thread');
    expect(readFileSync('src/core/answers.ts', 'utf8')).toContain('MIN_ANSWER_LETTERS = 3');
  }, 60_000);

  it('lets a form answer be edited (Answer again opens it with the current text) and withdrawn with its votes', async () => {
    const script = [
      'clock 2026-11-25T10:00',
      '/dojo ask pitch-hr-final-round',
      'as carol press Answer',
      'as carol submit I make trade-offs visible every sprint.',
      'as alice vote carol',
      'as carol press Answer',
      'as carol submit I make trade-offs visible and negotiate scope every sprint.',
      'as alice reply Alice keeps ownership clear and delivery predictable.',
      'as alice press Answer',
      '/dojo top',
      'as carol press Withdraw my answer',
      'as you /dojo top',
      'as bob press Upvote',
    ];
    const { out, err } = await play(`${script.join('\n')}\n`, { DOJO_DB_PATH: ':memory:' });
    expect(err).toBe('');
    expect(after(out, 'as carol submit I make trade-offs visible every sprint.')).toMatch(
      // The bot's copy goes out through the outbox after the commit, so it follows the private reply.
      /Your answer is in \(\+10\) and posted in the thread for votes\. Press Answer again to edit it\.\n {2}\[Withdraw my answer\]\n\[Wed 10:00\] #practice › thread of msg \d+ · dojo \(msg \d+\)\n {2}carol answered:\n {2}I make trade-offs visible every sprint\.\n {2}\[Upvote\] \[Review\]$/,
    );
    expect(after(out, 'as carol press Answer')).toContain(
      '(form "Your answer" is open for carol: Final HR round: why should we hire you as Module Lead, and what are you looking…',
    );
    const reopened = out.split('\n> as carol press Answer\n')[2]!.split('\n\n> ')[0]!;
    expect(reopened).toContain('(form "Edit your answer" is open for carol');
    expect(reopened).toContain('(it holds your current answer: I make trade-offs visible every sprint.)');
    const edited = after(out, 'as carol submit I make trade-offs visible and negotiate scope every sprint.');
    expect(edited).toMatch(
      // The update goes out through the outbox after the commit, so it follows the private reply.
      /\n\(msg (\d+) updated\)\n {2}carol answered:\n {2}I make trade-offs visible and negotiate scope every sprint\.\n {2}\[Upvote\] \[Review\]$/,
    );
    expect(edited).toContain('Your answer is updated; its votes stay.');
    expect(after(out, 'as alice press Answer')).toContain(
      'You answered with a thread reply: edit that reply to change your answer, or delete it to withdraw.',
    );
    expect(after(out, '/dojo top')).toMatch(/1\. carol — 12\n {3}2\. alice — 10\n/);
    const withdrawn = after(out, 'as carol press Withdraw my answer');
    expect(withdrawn).toMatch(/\n\(msg \d+ updated\)\n {2}carol withdrew this answer\.$/);
    expect(withdrawn).toContain('Your answer is withdrawn (−10), with any votes it had. Press Answer on the question to answer again.');
    expect(after(out, 'as you /dojo top')).toMatch(/1\. alice — 10\n {3}2\. carol — 0\n/);
    expect(after(out, 'as bob press Upvote')).toBe('! no message shown to bob has a [Upvote] button');
  }, 60_000);

  it('lets an admin void an answer (points and votes back, the author told) and says why votes on non-answers do not count', async () => {
    const script = [
      'clock 2026-11-25T10:00',
      '/dojo ask pitch-hr-final-round',
      'as sam reply lol whatever man idk',
      'as alice vote sam',
      'as bob /dojo void @sam',
      '/dojo void @sam not an answer to the question',
      'as alice vote @sam',
      '/dojo top',
      '/dojo setup mode=blind',
      '/dojo ask pitch-self-introduction',
      'as alice press Answer',
      'as alice submit Alice keeps ownership clear and delivery predictable.',
      'as bob reply Is this about the HR round or the tech round?',
      'as carol vote bob',
    ];
    const { out, err } = await play(`${script.join('\n')}\n`, { DOJO_DB_PATH: ':memory:' });
    expect(err).toBe('');
    expect(after(out, 'as bob /dojo void @sam')).toBe('[Wed 10:00] private → bob · dojo\n  Only admins can use /dojo void.');
    const voided = after(out, '/dojo void @sam not an answer to the question');
    expect(voided).toContain(
      'private → sam · dojo\n  An admin voided your answer in the current round, so its 10 points and any votes on it are taken back. Reason: not an answer to the question',
    );
    expect(voided).toContain("Voided sam's answer (−10, 1 vote taken back); they have been told.");
    expect(after(out, 'as alice vote @sam')).toBe(
      '[Wed 10:00] private → alice · dojo\n  An admin voided that answer, so votes on it do not count.',
    );
    expect(after(out, '/dojo top')).toMatch(/ {3}\d\. sam — 0\n/);
    expect(after(out, 'as carol vote bob')).toBe(
      '[Wed 10:00] private → carol · dojo\n  In a blind round, thread replies are discussion: vote with Upvote on the answers the bot reveals.',
    );
  }, 60_000);
});

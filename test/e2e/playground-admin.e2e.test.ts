import { describe, expect, it } from 'vitest';
import { play } from '../support/playground.js';

/** What the playground printed after one echoed script line, up to the next one. */
function after(out: string, line: string): string {
  const parts = out.split(`\n> ${line}\n`);
  if (parts.length < 2) throw new Error(`"${line}" was not echoed`);
  return parts[1]!.split('\n\n> ')[0]!.trimEnd();
}

const CATEGORIES = 'leadership, system-design, nodejs, api-design, security, databases, devops, scrum, behavioural, pitch, general';

describe('discovering and administering in the playground', () => {
  it('makes categories discoverable and refuses what it cannot use with a reason', async () => {
    const script = [
      'clock 2026-11-30T08:00',
      '/dojo help',
      '/dojo quiz SYSTEM Design',
      '/dojo quiz cooking',
      '/dojo quiz hard easy',
      '/dojo top week month',
      '/dojo top galaxy',
      '/dojo challenge cooking',
      '/dojo setup categories=cooking',
      '/dojo suggest cooking: How would you bake bread at scale?',
    ];
    const { out, err, code } = await play(`${script.join('\n')}\n`, { DOJO_DB_PATH: ':memory:' });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(after(out, '/dojo help')).toContain(`Categories (for quiz, challenge, top and setup): ${CATEGORIES}.`);
    expect(after(out, '/dojo quiz SYSTEM Design')).toMatch(
      /^\[Mon 08:00\] private → you · dojo\n {2}Quiz · System Design & Architecture · /,
    );
    // The one command parser's wording (parseParams): unknown words list the options and categories, repeats are named.
    expect(after(out, '/dojo quiz cooking')).toContain(
      `I don't know "cooking" (options: easy, medium, hard, mcq, open; categories: ${CATEGORIES}).\n  Usage: \`/dojo quiz [category] [easy|medium|hard] [mcq|open]\``,
    );
    expect(after(out, '/dojo quiz hard easy')).toContain('You gave difficulty twice ("hard" and "easy").');
    expect(after(out, '/dojo top week month')).toContain('You gave period twice ("week" and "month").');
    expect(after(out, '/dojo top galaxy')).toContain(`options: week, month, season, all; categories: ${CATEGORIES}).`);
    expect(after(out, '/dojo challenge cooking')).toContain(`I don't know "cooking" (categories: ${CATEGORIES}).`);
    expect(after(out, '/dojo setup categories=cooking')).toContain(`Use a comma-separated list of ${CATEGORIES}, or all.`);
    expect(after(out, '/dojo suggest cooking: How would you bake bread at scale?')).toContain(
      `Thanks! Suggestion #1 is waiting for an admin to review it. It is filed under general: "cooking" is not a category (categories: ${CATEGORIES}).`,
    );
  }, 60_000);

  it('words admin replies right: short times, pausing twice, tz for existing channels, help config, 1 question, the author told', async () => {
    const script = [
      'clock 2026-11-30T08:00',
      '/dojo setup time=9:30',
      '/dojo pause',
      '/dojo pause',
      '/dojo resume',
      '/dojo config tz=Europe/Berlin',
      '/dojo help config',
      'as bob /dojo suggest security: How would you rotate a leaked API key?',
      '/dojo suggestions approve 1',
      '/dojo packs',
    ];
    const { out, err } = await play(`${script.join('\n')}\n`, { DOJO_DB_PATH: ':memory:' });
    expect(err).toBe('');
    expect(after(out, '/dojo setup time=9:30')).toContain('Schedule: mon-fri at 09:30 (UTC)\n  Next question: Mon 30 Nov 09:30 UTC');
    expect(after(out, '/dojo pause')).toContain('Paused: no scheduled questions here');
    expect(out.split('\n> /dojo pause\n')[2]).toMatch(/^\[Mon 08:00\] private → you · dojo\n {2}This channel is already paused\./);
    expect(after(out, '/dojo config tz=Europe/Berlin')).toContain(
      'Updated: tz=Europe/Berlin. New practice channels use Europe/Berlin; existing ones keep their own zone (#practice UTC): run `/dojo setup tz=Europe/Berlin` in a channel to move it.',
    );
    const helpConfig = after(out, '/dojo help config');
    // Usage lines come from the commands' params: config shows tz=, and setup (shown with it) blind=.
    expect(helpConfig).toMatch(/`\/dojo config [^`]*\[tz=…\]/);
    expect(helpConfig).toMatch(/`\/dojo setup [^`]*\[blind=…\]/);
    const approve = after(out, '/dojo suggestions approve 1');
    expect(approve).toContain(
      'private → bob · dojo\n  Your suggested question was approved and is now in the team pack: "How would you rotate a leaked API key?". Thank you!',
    );
    expect(approve).toContain('Suggestion #1 approved');
    expect(after(out, '/dojo packs')).toMatch(/Team questions v1 · 1 question · enabled/);
  }, 60_000);

  it('serves no reviews from a disabled pack, and brings a miss back the next day rather than in minutes', async () => {
    const script = [
      'clock 2026-11-30T08:00',
      '/dojo quiz open',
      'press Reveal key points',
      'press Again',
      'clock +10m',
      '/dojo review',
      'clock +2d',
      '/dojo packs disable module-lead-nodejs',
      'as you /dojo review',
      '/dojo packs enable module-lead-nodejs',
      'as @you /dojo review',
    ];
    const { out, err } = await play(`${script.join('\n')}\n`, { DOJO_DB_PATH: ':memory:' });
    expect(err).toBe('');
    expect(after(out, 'press Again')).toContain('Graded Again. Next review: Tue 1 Dec 08:00 UTC.');
    expect(after(out, '/dojo review')).toContain('Nothing is due right now. Your next review is due Tue 1 Dec 08:00 UTC.');
    expect(after(out, 'as you /dojo review')).toMatch(/private → you · dojo\n {2}Nothing to review yet/);
    expect(after(out, 'as @you /dojo review')).toMatch(/private → you · dojo\n {2}Quiz · [^\n]+ · review\n/);
  }, 60_000);
});

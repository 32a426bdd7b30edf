import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { play } from '../support/playground.js';
import { tempDir } from '../support/temp-dir.js';

describe('terminal playground', () => {
  it('plays a full round from a script and keeps the leaderboard for the next run', async () => {
    const db = join(tempDir('dojo-shell-'), 'play.sqlite');
    const script = readFileSync('test/fixtures/playground/full-round.txt', 'utf8');
    const first = await play(script, { DOJO_DB_PATH: db });
    expect(first.code).toBe(0);
    expect(first.err).toBe('');
    const out = first.out;
    expect(out).toMatch(/\[Sun 10:00\] #practice · dojo \(msg \d+\)\n {2}Question of the day · Pitch · medium\n {2}Final HR round/);
    expect(out).toMatch(/> as alice vote alice\n\[Sun 10:00\] private → alice · dojo\n {2}You can't vote for your own answer\./);
    expect(out).toMatch(
      /> as bob vote alice\n\n> as bob vote alice\n\[Sun 10:00\] private → bob · dojo\n {2}You already voted for this answer\./,
    );
    expect(out).toMatch(/Round closed\n {2}🥇 alice · 2 votes \(\+15\)/);
    expect(out).toMatch(/Reference answer\n {2}Key points\n {2}- /);
    expect(out).toMatch(/Leaderboard · all time · all categories\n {3}1\. alice — 29\n {3}2\. bob — 22\n {3}2\. carol — 22/);

    const second = await play('/dojo top all\nas alice /dojo stats\n', { DOJO_DB_PATH: db });
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/Leaderboard · all time · all categories\n {3}1\. alice — 29\n {3}2\. bob — 22\n {3}2\. carol — 22/);
    expect(second.out).toMatch(/playground · clock 2026-11-30 08:00 UTC/);
    expect(second.out).not.toMatch(/Setting up #practice/);
  }, 120_000);

  it('answers nonsense lines with a short hint and keeps going', async () => {
    const db = join(tempDir('dojo-shell-'), 'play.sqlite');
    const r = await play('dance wildly\nclock yesterday\nas bob vote\n/dojo help\n', { DOJO_DB_PATH: db });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/! I don't understand "dance"/);
    expect(r.out).toMatch(/! clock takes/);
    expect(r.out).toMatch(/! vote takes one author name/);
    expect(r.out).toMatch(/Interview Dojo\n {2}Every working day/);
  }, 60_000);

  it('stops with one clear line when a setting is invalid', async () => {
    const r = await play('', { DOJO_TIMEZONE: 'Mars/Base', DOJO_DB_PATH: join(tmpdir(), 'never.sqlite') });
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('config error: DOJO_TIMEZONE: expected an IANA time zone such as UTC or Europe/Berlin');
  }, 60_000);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, FakeDiscord, textOf, type FakeMessage, type FakeUser } from '../fakes/discord-server.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { tempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

const MANAGE_GUILD = '32';
const AUTHORS = 4;
// Enough that the burst is still arriving when the kill lands (1,000 reactions and 250 presses).
const VOTERS = 250;

/** The real entry point (`npm start` runs the same file, built) in Discord mode against the fake. */
class Bot {
  private constructor(
    readonly child: ChildProcess,
    readonly exited: Promise<number | null>,
    readonly stderr: () => string,
  ) {}

  static async start(fake: FakeDiscord, dbPath: string): Promise<Bot> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.appId,
        DISCORD_GUILD_ID: fake.guildId,
        DISCORD_API_URL: fake.apiUrl,
        SLACK_BOT_TOKEN: '',
        DOJO_DB_PATH: dbPath,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await waitFor(() => err.includes('discord ready'), 'the bot to be ready', 30_000).catch((e: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${e.message}\n${err}`);
    });
    return new Bot(child, exited, () => err);
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Every text the member saw in answer to one interaction, once there is some. */
async function answerTo(fake: FakeDiscord, id: string, what = `the answer to ${id}`): Promise<string> {
  const msgs = await waitFor(() => {
    const r = fake.repliesTo(id);
    return r.some((m) => textOf(m)) ? r : undefined;
  }, what);
  return msgs.map(textOf).join('\n');
}

/** Read straight from the file (WAL included), as the next process will find it. */
function stored(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const votes = db
      .prepare(
        `SELECT m.user_ref AS voter, a.posted_ref AS copy, count(*) AS n FROM votes v
         JOIN answers a ON a.id = v.answer_id JOIN members m ON m.id = v.voter_id
         WHERE v.retracted_at IS NULL GROUP BY v.voter_id, v.answer_id`,
      )
      .all() as { voter: string; copy: string; n: number }[];
    const accepted = db
      .prepare('SELECT delivery_id FROM processed_events WHERE payload IS NOT NULL AND done_at IS NULL')
      .pluck()
      .all() as string[];
    const totals = db
      .prepare("SELECT member_id AS m, points AS p FROM score_totals WHERE period = 'all' AND category = '' ORDER BY member_id")
      .all();
    const ledger = db.prepare('SELECT member_id AS m, SUM(points) AS p FROM score_ledger GROUP BY member_id ORDER BY member_id').all();
    return { votes, accepted, totals, ledger };
  } finally {
    db.close();
  }
}

const pair = (voter: string, copyId: string) => `${voter.replace(/^discord:/, '')}→${copyId}`;

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.stop();
});

describe('Discord: kill -9 during a round, then a restart', () => {
  it('identifies again, answers no interaction twice and keeps every vote that was stored or acknowledged', async () => {
    const dbPath = join(tempDir('dojo-discord-kill-'), 'dojo.sqlite');
    const admin = fake.addUser('ada', false, MANAGE_GUILD);
    const authors = Array.from({ length: AUTHORS }, (_, i) => fake.addUser(`author${i}`));
    const voters = Array.from({ length: VOTERS }, (_, i) => fake.addUser(`voter${i}`));
    const copies: FakeMessage[] = [];
    const presses: { id: string; voter: FakeUser; copy: FakeMessage }[] = [];
    const first = await Bot.start(fake, dbPath);
    try {
      expect(await answerTo(fake, fake.command(admin, 'dojo-admin', 'setup', { time: '09:00', tz: 'UTC' }))).toContain('practice channel');
      await answerTo(fake, fake.command(admin, 'dojo-admin', 'ask'));
      const question = await waitFor(() => fake.botMessages(fake.channelId).findLast((m) => buttonsOf(m).Answer), 'the question');
      for (const [i, author] of authors.entries()) {
        const press = fake.press(author, question, buttonsOf(question).Answer!);
        const modal = await waitFor(() => fake.interactions.get(press)!.callbacks[0], 'the answer form');
        await answerTo(fake, fake.submitModal(author, modal.data.custom_id, { answer: `Answer ${i}: bound every queue.` }));
        copies.push(await waitFor(() => fake.botMessages(question.id).find((m) => textOf(m).includes(`Answer ${i}:`)), `copy ${i}`));
      }

      // The burst: each voter reacts to three answers and presses Upvote on the fourth, all at once.
      for (const voter of voters) {
        for (const copy of copies.slice(0, 3)) fake.react(voter, copy, '👍');
        presses.push({ id: fake.press(voter, copies[3]!, buttonsOf(copies[3]).Upvote!), voter, copy: copies[3]! });
      }
      const reader = new Database(dbPath, { readonly: true });
      const count = reader.prepare('SELECT count(*) FROM votes WHERE retracted_at IS NULL').pluck();
      await waitFor(() => (count.get() as number) >= 50, 'the first votes stored', 30_000);
      await first.kill();
      reader.close();
    } finally {
      first.child.kill('SIGKILL');
    }

    const atKill = stored(dbPath);
    expect(atKill.votes.length).toBeLessThan(VOTERS * AUTHORS);
    const second = await Bot.start(fake, dbPath);
    // Read once the new process is up, so a response the old one sent just before dying is counted too.
    const acknowledged = presses.filter((p) => fake.interactions.get(p.id)!.callbacks.length > 0);
    try {
      await waitFor(() => fake.gateway.identifies.length === 2, 'a second IDENTIFY');
      // The restarted bot works: a new voter's reaction counts.
      const late = fake.addUser('late-voter');
      fake.react(late, copies[0]!, '👍');
      await waitFor(() => stored(dbPath).votes.some((v) => v.voter.endsWith(late.id)), 'a vote after the restart');

      const after = stored(dbPath);
      const now = new Set(after.votes.map((v) => pair(v.voter, v.copy)));
      // Every vote on disk at the kill is still there, each counted once.
      for (const v of atKill.votes) expect(now.has(pair(v.voter, v.copy)), pair(v.voter, v.copy)).toBe(true);
      expect(after.votes.every((v) => v.n === 1)).toBe(true);
      // Every Upvote press Discord heard a response to is a stored vote, or a stored delivery the bot still owes.
      for (const p of acknowledged) {
        const voted = after.votes.some((v) => v.voter.endsWith(p.voter.id) && v.copy.endsWith(p.copy.id));
        expect(voted || after.accepted.includes(p.id), `press ${p.id} by ${p.voter.username}`).toBe(true);
      }
      expect(after.totals).toEqual(after.ledger);
      // No interaction got a second response, or even an attempt at one (the fake records refused ones too).
      const attempts = new Map<string, number>();
      for (const c of fake.calls.filter((x) => /\/interactions\/\d+\/[^/]+\/callback$/.test(x.path))) {
        const id = c.path.split('/')[2]!;
        attempts.set(id, (attempts.get(id) ?? 0) + 1);
      }
      expect([...attempts].filter(([, n]) => n > 1)).toEqual([]);
      for (const i of fake.interactions.values()) expect(i.callbacks.length, i.id).toBeLessThanOrEqual(1);
      expect(second.stderr()).not.toMatch(/"level":50/);
    } finally {
      await second.kill();
    }
  }, 120_000);
});

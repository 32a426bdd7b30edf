import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, type FakeUser } from '../fakes/slack-server.js';
import { SlackSender } from '../support/slack-sender.js';
import { tempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

const TEAM = 'T0DURABLE';
const BOT_TOKEN = 'xoxb-0000-durable-bot';
const SECRET = 'durable-signing-secret';
const CHANNEL = 'C0PRACTICE';
const ADMIN: FakeUser = { id: 'U0ADMIN', name: 'admin', display_name: 'Admin', is_admin: true };
// Many members the bot has never seen: each first delivery would need a users.info look-up.
const MEMBERS: FakeUser[] = Array.from({ length: 80 }, (_, i) => ({
  id: `U1${String(i).padStart(3, '0')}`,
  name: `m${i}`,
  display_name: `Member ${i}`,
}));
const USERS_INFO_MS = 300;
const sender = new SlackSender(SECRET, TEAM, CHANNEL);

/** The real entry point (`npm start` runs the same file, built) in Slack HTTP mode on a free port. */
class Bot {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly exited: Promise<number | null>,
  ) {}

  static async start(fake: FakeSlack, dbPath: string): Promise<Bot> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        DOJO_DB_PATH: dbPath,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let port = 0;
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      for (const line of d.toString().split('\n')) {
        if (!line.includes('slack ready')) continue;
        port = (JSON.parse(line) as { port: number }).port;
      }
    });
    await waitFor(() => port > 0, 'the bot to be ready', 30_000).catch((e: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${e.message}\n${err}`);
    });
    return new Bot(child, port, exited);
  }

  command(fake: FakeSlack, user: FakeUser, text: string): Promise<number> {
    return sender.command(this.port, fake, user, text);
  }

  event(eventId: string, event: Record<string, unknown>): Promise<number> {
    return sender.event(this.port, eventId, event);
  }
}

const replyTs = (i: number) => `1800000000.${String(i).padStart(6, '0')}`;
const reply = (bot: Bot, thread: string, i: number) =>
  bot.event(`EvR${i}`, {
    type: 'message',
    channel: CHANNEL,
    user: MEMBERS[i]!.id,
    text: `answer number ${i}`,
    ts: replyTs(i),
    thread_ts: thread,
  });
const vote = (bot: Bot, voter: number, answer: number) =>
  bot.event(`EvV${voter}-${answer}`, {
    type: 'reaction_added',
    user: MEMBERS[voter]!.id,
    reaction: '+1',
    item: { type: 'message', channel: CHANNEL, ts: replyTs(answer) },
  });

/** What the database holds once the bot is down: answers by message ts, votes by (voter, answer ts). */
function stored(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const answers = db
      .prepare("SELECT substr(a.message_ref, length('slack:C0PRACTICE:') + 1) AS ts, count(*) AS n FROM answers a GROUP BY a.message_ref")
      .all() as { ts: string; n: number }[];
    const votes = db
      .prepare(
        `SELECT m.user_ref AS voter, substr(a.message_ref, length('slack:C0PRACTICE:') + 1) AS ts, count(*) AS n
         FROM votes v JOIN answers a ON a.id = v.answer_id JOIN members m ON m.id = v.voter_id
         WHERE v.retracted_at IS NULL GROUP BY v.voter_id, v.answer_id`,
      )
      .all() as { voter: string; ts: string; n: number }[];
    return { answers, votes };
  } finally {
    db.close();
  }
}

/**
 * Runs the burst: answers 0–29 first (all acked), then answers 30–79 and votes on 0–29 side by
 * side, stopping the bot with `signal` once half of the second burst has been acked.
 */
async function burstAndStop(fake: FakeSlack, dbPath: string, signal: NodeJS.Signals) {
  const bot = await Bot.start(fake, dbPath);
  expect(await bot.command(fake, ADMIN, 'setup')).toBe(200);
  const questions = () => fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts && m.bot_id);
  const before = questions().length;
  expect(await bot.command(fake, ADMIN, 'ask')).toBe(200);
  await waitFor(() => questions().length > before, 'the question post');
  const thread = questions().at(-1)!.ts;
  const first = await Promise.all(Array.from({ length: 30 }, (_, i) => reply(bot, thread, i)));
  expect(first.every((s) => s === 200)).toBe(true);
  const acked = { replies: new Set(Array.from({ length: 30 }, (_, i) => i)), votes: new Set<string>() };
  let done = 0;
  let stopAt: number | undefined;
  const stopped = new Promise<void>((resolve) => {
    const check = () => {
      if (done >= 25 && stopAt === undefined) {
        stopAt = Date.now();
        bot.child.kill(signal);
        resolve();
      }
    };
    const sends = [
      ...Array.from({ length: 50 }, (_, k) => async () => {
        if ((await reply(bot, thread, 30 + k)) === 200) acked.replies.add(30 + k);
      }),
      ...Array.from({ length: 30 }, (_, k) => async () => {
        const voter = 50 + k;
        if ((await vote(bot, voter, k)) === 200) acked.votes.add(`${MEMBERS[voter]!.id}:${replyTs(k)}`);
      }),
    ];
    for (const send of sends)
      void send().finally(() => {
        done++;
        check();
      });
  });
  await stopped;
  const code = await bot.exited;
  const stopMs = Date.now() - stopAt!;
  // Restarted on the same file: whatever was accepted but not finished is worked off at start.
  const again = await Bot.start(fake, dbPath);
  again.child.kill('SIGTERM');
  await again.exited;
  return { acked, code, stopMs };
}

function expectAllStoredOnce(dbPath: string, acked: { replies: Set<number>; votes: Set<string> }) {
  const { answers, votes } = stored(dbPath);
  const answerTs = new Map(answers.map((a) => [a.ts, a.n]));
  for (const i of acked.replies) expect({ answer: i, stored: answerTs.get(replyTs(i)) }).toEqual({ answer: i, stored: 1 });
  expect(answers.every((a) => a.n === 1)).toBe(true);
  const voteKeys = new Map(votes.map((v) => [`${v.voter.replace(/^slack:/, '')}:${v.ts}`, v.n]));
  for (const key of acked.votes) expect({ vote: key, stored: voteKeys.get(key) }).toEqual({ vote: key, stored: 1 });
  expect(votes.every((v) => v.n === 1)).toBe(true);
}

describe('acknowledged Slack deliveries survive the process stopping', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start({ botToken: BOT_TOKEN, teamId: TEAM, botUserId: 'U0BOT', botId: 'B0BOT', users: [ADMIN, ...MEMBERS] });
    fake.slow('users.info', USERS_INFO_MS);
  });
  afterAll(() => fake.close());

  it('kill -9 in the middle of a burst of answers and votes from new members loses nothing that was acked', async () => {
    const dbPath = join(tempDir('dojo-durable-'), 'kill.sqlite');
    const { acked, code } = await burstAndStop(fake, dbPath, 'SIGKILL');
    expect(code).toBeNull();
    expect(acked.replies.size).toBeGreaterThan(30);
    expectAllStoredOnce(dbPath, acked);
  });

  it('SIGTERM in the middle of the same burst drains within 10 s and loses nothing that was acked', async () => {
    const dbPath = join(tempDir('dojo-durable-'), 'term.sqlite');
    const { acked, code, stopMs } = await burstAndStop(fake, dbPath, 'SIGTERM');
    expect(code).toBe(0);
    expect(stopMs).toBeLessThan(10_000);
    expect(acked.replies.size).toBeGreaterThan(30);
    expectAllStoredOnce(dbPath, acked);
  });
});

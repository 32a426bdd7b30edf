import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { messageRef, workspaceRef, type Repos, type Store } from '../../src/core/index.js';
import { createPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { openPostgres } from '../../src/storage/postgres/db.js';
import { shardOf } from '../fakes/discord-gateway.js';
import { buttonsOf, FakeDiscord, textOf, type FakeMessage, type FakeUser as DiscordUser } from '../fakes/discord-server.js';
import { FakeSlack, type FakeUser } from '../fakes/slack-server.js';
import { BotProcess } from '../support/bot-process.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { SlackSender } from '../support/slack-sender.js';
import { testRepos } from '../support/repos.js';
import { tempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

const server = usePostgresServer();

const TEAM = 'T0SEVERAL';
const BOT_TOKEN = 'xoxb-0000-several-bot';
const SECRET = 'several-signing-secret';
const CHANNEL = 'C0PRACTICE';
const SHARDS = 3;
const ADMIN: FakeUser = { id: 'U0ADMIN', name: 'admin', display_name: 'Admin', is_admin: true };
const MEMBERS: FakeUser[] = Array.from({ length: 60 }, (_, i) => ({
  id: `U2${String(i).padStart(3, '0')}`,
  name: `m${i}`,
  display_name: `Member ${i}`,
}));
const ANSWERS = 40;
const VOTES = 20;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const sender = new SlackSender(SECRET, TEAM, CHANNEL);

/** A load balancer in front of the instances' Slack HTTP ports: round-robin, and Slack's retry on a failed delivery. */
class Balancer {
  private next = 0;
  readonly acked = { replies: new Set<number>(), votes: new Set<number>() };
  constructor(readonly bots: (BotProcess | undefined)[]) {}

  /** Sends to the next instance; a failed connection is retried on the following one, as Slack retries. */
  async send(body: string, type: string, pin?: number): Promise<number> {
    for (let retry = 0; retry < 4; retry++) {
      const live = this.bots.filter((b): b is BotProcess => b !== undefined && b.child.exitCode === null && b.child.signalCode === null);
      const bot = pin !== undefined && retry === 0 ? this.bots[pin] : live[this.next++ % live.length];
      if (!bot) continue;
      const status = await sender.post(bot.slackPort, body, type, retry);
      if (status !== 0) return status;
    }
    return 0;
  }

  command(user: FakeUser, text: string, fake: FakeSlack, pin?: number): Promise<number> {
    return this.send(sender.commandBody(fake, user, text), 'application/x-www-form-urlencoded', pin);
  }

  event(eventId: string, event: Record<string, unknown>, pin?: number): Promise<number> {
    return this.send(sender.eventBody(eventId, event), 'application/json', pin);
  }
}

const replyTs = (i: number) => `1810000000.${String(i).padStart(6, '0')}`;
const reply = (lb: Balancer, thread: string, i: number, pin?: number) =>
  lb.event(
    `EvSR${i}`,
    { type: 'message', channel: CHANNEL, user: MEMBERS[i]!.id, text: `answer number ${i}`, ts: replyTs(i), thread_ts: thread },
    pin,
  );
// Voter ANSWERS + k votes for answer k: one vote per answer, so an answer's count says whether its vote was kept once.
const vote = (lb: Balancer, k: number, pin?: number) =>
  lb.event(
    `EvSV${k}`,
    { type: 'reaction_added', user: MEMBERS[ANSWERS + k]!.id, reaction: '+1', item: { type: 'message', channel: CHANNEL, ts: replyTs(k) } },
    pin,
  );

/** UTC "HH:MM" of the next minute that starts at least 20 s from now (setup must land before it). */
function nextMinute(): { time: string; at: number } {
  const at = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
  return { time: new Date(at).toISOString().slice(11, 16), at };
}

/** One Discord guild's round, through whichever instance runs its shard. */
async function discordRound(fake: FakeDiscord, channelId: string, admin: DiscordUser, members: DiscordUser[]) {
  const answered = async (id: string, what: string) =>
    (await waitFor(() => fake.repliesTo(id).find((m) => textOf(m)), `${what} in ${channelId}`, 30_000)) && id;
  await answered(fake.command(admin, 'dojo-admin', 'setup', { time: '09:00', tz: 'UTC' }, channelId), 'the setup reply');
  await answered(fake.command(admin, 'dojo-admin', 'ask', {}, channelId), 'the ask reply');
  const question = await waitFor(
    () => fake.botMessages(channelId).findLast((m) => buttonsOf(m).Answer),
    `a question in ${channelId}`,
    30_000,
  );
  for (const m of members) {
    const press = fake.press(m, question, buttonsOf(question).Answer!);
    const modal = await waitFor(() => fake.interactions.get(press)!.callbacks[0], 'the answer form', 30_000);
    await answered(
      fake.submitModal(m, modal.data.custom_id, { answer: `${m.username} answers in ${channelId}` }, channelId),
      'the answer reply',
    );
  }
  const copies = await waitFor(
    () => {
      const c = fake.botMessages(question.id).filter((m) => buttonsOf(m).Upvote);
      return c.length === members.length ? c : undefined;
    },
    'the answer copies',
    30_000,
  );
  return { question, copies };
}

const upvote = (fake: FakeDiscord, voter: DiscordUser, copy: FakeMessage) => fake.press(voter, copy, buttonsOf(copy).Upvote!);

/** Successful initial responses the bot sent to one interaction. */
const callbacksOf = (fake: FakeDiscord, id: string) =>
  fake.calls.filter((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`) && c.status < 300).length;

describe('several instances on one PostgreSQL', () => {
  it('three instances share the work: every acknowledged answer and vote once, each slot and summary posted once, totals equal the ledger', async () => {
    const url = await server.createDatabase();
    const slack = await FakeSlack.start({
      botToken: BOT_TOKEN,
      teamId: TEAM,
      botUserId: 'U0BOT',
      botId: 'B0BOT',
      users: [ADMIN, ...MEMBERS],
    });
    cleanups.push(() => slack.close());
    const discord = await FakeDiscord.start({ shards: SHARDS });
    cleanups.push(() => discord.stop());
    // One guild on each shard: the fake's own guild, and one added for each other shard.
    const guilds = new Map<number, string>([[shardOf(discord.guildId, SHARDS), discord.channelId]]);
    for (let s = 0; s < SHARDS; s++) if (!guilds.has(s)) guilds.set(s, discord.addGuild([s, SHARDS]).channelId);
    const unused = join(tempDir('dojo-several-'), 'never.sqlite');
    const env = (shard: number) => ({
      DATABASE_URL: url,
      DOJO_DB_PATH: unused,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.appId,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_SHARD_COUNT: String(SHARDS),
      DISCORD_SHARDS: String(shard),
      LOG_LEVEL: 'info',
    });
    const ready = ['slack ready', 'discord ready'];
    const bots: (BotProcess | undefined)[] = await Promise.all([0, 1, 2].map((i) => BotProcess.start(`instance ${i}`, env(i), ready)));
    cleanups.push(async () => Promise.all(bots.map((b) => b?.stop('SIGKILL'))));
    const lb = new Balancer(bots);
    cleanups.push(async () => {
      if (process.env.DEBUG_SEVERAL)
        (await import('node:fs')).writeFileSync(
          process.env.DEBUG_SEVERAL,
          bots.flatMap((b) => b!.lines.map((l) => `${b!.name} ${JSON.stringify(l)}`)).join('\n'),
        );
    });
    const pg = await openPostgres(url, { max: 2 });
    const store: Store = createPostgresStore(pg);
    cleanups.push(() => store.close());
    const repos: Repos = testRepos(store);

    // Each instance identified exactly its own shard, so each guild's events reach one instance.
    expect(discord.gateway.identifies.map((i) => i.shard).sort()).toEqual([
      [0, SHARDS],
      [1, SHARDS],
      [2, SHARDS],
    ]);

    // Slack: the channel's next slot is a minute away; all three instances tick when it comes.
    const slot = nextMinute();
    expect(await lb.command(ADMIN, `setup days=daily time=${slot.time} tz=UTC`, slack)).toBe(200);

    // Meanwhile each Discord guild plays a round through the instance that runs its shard.
    const [admin, a, b, c] = [discord.addUser('ada', false, '32'), discord.addUser('bea'), discord.addUser('cy'), discord.addUser('dee')];
    const rounds = await Promise.all([...guilds.values()].map((ch) => discordRound(discord, ch, admin, [a, b, c])));
    const presses: string[] = [];
    for (const { copies } of rounds) {
      presses.push(upvote(discord, c, copies[0]!), upvote(discord, a, copies[1]!), upvote(discord, a, copies[2]!));
    }
    // A duplicate delivery of one press: the gateway sends it again on the same shard.
    discord.redeliver(presses[0]!);
    await waitFor(() => presses.every((id) => discord.repliesTo(id).some((m) => textOf(m))), 'the upvote replies', 30_000);

    const questions = () => slack.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts && m.bot_id);
    await waitFor(() => questions().length > 0, 'the scheduled question', Math.max(0, slot.at - Date.now()) + 45_000);
    const thread = questions()[0]!.ts;
    const round = await waitFor(async () => {
      const r = await repos.rounds.findByMessage(messageRef(`slack:${CHANNEL}:${thread}`));
      return r && r.status === 'open' ? r : undefined;
    }, 'the round recorded as posted');

    // Answers and votes spread over the instances; instance 1 is killed with -9 once 15 are acked.
    let done = 0;
    const killed = new Promise<void>((resolve) => {
      const sends = [
        ...Array.from({ length: ANSWERS }, (_, i) => async () => {
          if ((await reply(lb, thread, i)) === 200) lb.acked.replies.add(i);
        }),
      ];
      for (const send of sends)
        void send().finally(() => {
          if (++done === 15) {
            bots[1]!.child.kill('SIGKILL');
            resolve();
          }
        });
    });
    await killed;
    await waitFor(() => done === ANSWERS, 'every answer delivered', 60_000);
    const restarted = await BotProcess.start('instance 1 again', env(1), ready);
    bots[1] = restarted;
    // Votes, and the same deliveries again on other instances (Slack's retries after a lost ack).
    const votes = await Promise.all(Array.from({ length: VOTES }, (_, k) => vote(lb, k)));
    votes.forEach((s, k) => s === 200 && lb.acked.votes.add(k));
    const again = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => reply(lb, thread, i, i % 3)),
      ...Array.from({ length: 10 }, (_, k) => vote(lb, k, (k + 1) % 3)),
    ]);
    expect(again.every((s) => s === 200)).toBe(true);
    expect(lb.acked.replies.size).toBe(ANSWERS);
    expect(lb.acked.votes.size).toBe(VOTES);

    // The restarted instance took its shard back: a press in that guild is answered, once.
    const late = upvote(discord, b, rounds[[...guilds.keys()].indexOf(1)]!.copies[0]!);
    await waitFor(() => discord.repliesTo(late).some((m) => textOf(m)), 'the press on the restarted shard', 30_000);

    // Close everything, on different instances; each summary goes out once.
    expect(await lb.command(ADMIN, 'close', slack, 2)).toBe(200);
    const closes = [...guilds.values()].map((ch) => discord.command(admin, 'dojo-admin', 'close', {}, ch));
    const closed = (ts: string, ch: string) =>
      slack.messages.filter((m) => m.channel === ch && m.thread_ts === ts && m.text.includes('Round closed'));
    await waitFor(() => closed(thread, CHANNEL).length > 0, 'the Slack summary');
    for (const [i, { question }] of rounds.entries())
      await waitFor(
        () => discord.botMessages(question.id).some((m) => textOf(m).includes('Round closed')),
        'a Discord summary',
        30_000,
      ).catch((err: Error) => {
        throw new Error(
          `${err.message}: close answered ${JSON.stringify(discord.repliesTo(closes[i]!).map(textOf))}; thread ${JSON.stringify(discord.botMessages(question.id).map(textOf))}; ${JSON.stringify(bots.map((b) => b?.errors()))}`,
        );
      });
    // SIGTERM drains each instance's outbox; anything posted twice would be in the fakes by then.
    expect(await Promise.all(bots.map((bot) => bot!.stop()))).toEqual([0, 0, 0]);

    // Slack: one question for the slot, one summary, every acknowledged answer and vote exactly once.
    expect(questions()).toHaveLength(1);
    expect(closed(thread, CHANNEL)).toHaveLength(1);
    const answers = await repos.answers.listByRound(round.id);
    expect(answers).toHaveLength(ANSWERS);
    const byTs = new Map(answers.map((x) => [x.messageRef, x]));
    for (let k = 0; k < ANSWERS; k++) expect(byTs.get(messageRef(`slack:${CHANNEL}:${replyTs(k)}`))?.votes).toBe(k < VOTES ? 1 : 0);

    // Discord: one question and one summary per guild; each interaction answered once.
    for (const { question } of rounds) {
      const posts = discord.botMessages(question.channel_id).filter((m) => buttonsOf(m).Answer);
      expect(posts).toHaveLength(1);
      expect(discord.botMessages(question.id).filter((m) => textOf(m).includes('Round closed'))).toHaveLength(1);
    }
    for (const id of discord.interactions.keys()) expect({ id, answered: callbacksOf(discord, id) }).toEqual({ id, answered: 1 });

    // Totals equal the ledger in every workspace.
    const workspaces = [
      await repos.workspaces.findByRef('slack', workspaceRef(TEAM)),
      ...[...guilds.values()].map((ch) => repos.workspaces.findByRef('discord', workspaceRef(discord.guildOfChannel(ch)!))),
    ];
    for (const ws of await Promise.all(workspaces)) expect(await repos.scores.rebuildTotals(ws!.id)).toEqual([]);
    // No error anywhere, and no send that had to wait for a retry (each instance can send to every guild and channel).
    for (const bot of bots) expect(bot!.errors()).toEqual([]);
    for (const bot of bots) expect(bot!.lines.filter((l) => l.msg === 'sending failed; will retry')).toEqual([]);
    rmSync(unused, { force: true });
  }, 240_000);
});

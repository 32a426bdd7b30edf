import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/index.js';
import { LIMITS, renderMessage, type DiscordPayload } from '../../adapters/discord/render.js';
import { workspaceRef, type NeutralMessage } from '../../src/core/index.js';
import { buttonsOf, FakeDiscord, textOf, type FakeMessage, type FakeUser } from '../fakes/discord-server.js';
import { createHarness, type Harness } from '../support/core-harness.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

interface LogLine {
  level: string;
  msg: string;
  json: string;
}

interface Bot {
  fake: FakeDiscord;
  h: Harness;
  lines: LogLine[];
  admin: FakeUser;
  member(name: string): FakeUser;
  members<const N extends readonly string[]>(...names: N): { [K in keyof N]: FakeUser };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  const failures: unknown[] = [];
  while (stops.length) await stops.pop()!().catch((err: unknown) => failures.push(err));
  if (failures.length) throw failures[0];
});

/** The real core on SQLite with the shipped content and the real adapter against a fresh fake. */
async function startBot(
  opts: { messageContent?: boolean; trailingSlash?: boolean; restartOf?: Bot } = {},
): Promise<Bot & { stop(): Promise<void> }> {
  const fake = opts.restartOf?.fake ?? (await FakeDiscord.start());
  const h = opts.restartOf?.h ?? createHarness({ start: '2026-11-30T08:00:00Z' });
  if (!opts.restartOf) {
    stops.push(() => fake.stop());
    stops.push(() => h.store.close());
    stops.push(() => h.dojo.drain());
  }
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (obj: object, msg = '') =>
      void lines.push({ level, msg, json: JSON.stringify({ ...obj, msg }) });
  const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const config = {
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.appId,
    DISCORD_GUILD_ID: fake.guildId,
    DISCORD_API_URL: opts.trailingSlash ? `${fake.apiUrl}/` : fake.apiUrl,
    DISCORD_MESSAGE_CONTENT: Boolean(opts.messageContent),
  };
  // The shipped content is loaded before the adapter takes deliveries, as at startup.
  await h.ready;
  const running = await createDiscordAdapter({ dojo: h.dojo, config, log }).start();
  let stopped = false;
  const stop = async () => {
    if (!stopped) await running.stop();
    stopped = true;
  };
  stops.push(stop);
  stops.push(async () => expect(lines.filter((l) => l.json.includes(fake.token))).toEqual([]));
  stops.push(async () => expect(lines.filter((l) => l.level === 'error').map((l) => l.json)).toEqual([]));
  const member = (name: string) => fake.addUser(name);
  const members = <const N extends readonly string[]>(...names: N) => names.map(member) as { [K in keyof N]: FakeUser };
  return { fake, h, lines, admin: opts.restartOf?.admin ?? fake.addUser('alice', false, '32'), member, members, stop };
}

/** Waits until the member sees a non-empty answer to an interaction; returns all its text. */
async function answerTo(fake: FakeDiscord, id: string, what = 'the interaction reply'): Promise<string> {
  const msgs = await waitFor(() => {
    const r = fake.repliesTo(id);
    return r.some((m) => textOf(m)) ? r : undefined;
  }, what);
  return msgs.map(textOf).join('\n');
}

async function tickAt(h: Harness, iso: string): Promise<void> {
  h.clock.set(iso);
  await h.dojo.tick();
}

async function setUp(bot: Bot): Promise<void> {
  const id = bot.fake.command(bot.admin, 'dojo-admin', 'setup', { time: '09:00', tz: 'UTC' });
  expect(await answerTo(bot.fake, id)).toContain('This is now a practice channel');
}

/**
 * The question the bot posted last, and its round id (from the Answer button), once the outbox has
 * recorded the post (its thread is open then and replies in it count).
 */
async function postedQuestion(fake: FakeDiscord, h: Harness): Promise<{ question: FakeMessage; roundId: number }> {
  const question = await waitFor(() => fake.botMessages(fake.channelId).findLast((m) => buttonsOf(m).Answer), 'a question post');
  const roundId = Number(/(\d+)$/.exec(buttonsOf(question).Answer!)![1]);
  await waitFor(async () => (await h.repos.rounds.get(roundId as never)).status !== 'posting', 'the post recorded');
  return { question, roundId };
}

const answers = (h: Harness, roundId: number) => h.repos.answers.listByRound(roundId as never);
const votesOf = async (h: Harness, roundId: number, author: string) =>
  (await answers(h, roundId)).find((a) => a.authorName === author)?.votes;

/** Answers through the Answer button and the modal, as every member can. */
async function answerByModal(fake: FakeDiscord, user: FakeUser, question: FakeMessage, text: string): Promise<string> {
  const press = fake.press(user, question, buttonsOf(question).Answer!);
  const modal = await waitFor(() => fake.interactions.get(press)!.callbacks[0], 'the modal');
  expect(modal.type).toBe(9);
  const submit = fake.submitModal(user, modal.data.custom_id, { answer: text });
  return answerTo(fake, submit);
}

/** Every body the bot sent that creates or edits a visible message. */
function messageBodies(fake: FakeDiscord): any[] {
  const sent = fake.calls.filter((c) => c.status < 300 && c.body && c.method !== 'GET');
  return [
    ...sent.filter((c) => /^\/channels\/\d+\/messages(\/\d+)?$/.test(c.path) || /^\/webhooks\//.test(c.path)).map((c) => c.body),
    ...sent.filter((c) => /\/callback$/.test(c.path) && c.body.type === 4).map((c) => c.body.data),
  ];
}

describe('Discord adapter against a local fake Discord', () => {
  it('runs a whole round: registration, setup, post with thread, answers, votes, summary and /dojo top', async () => {
    const bot = await startBot({ messageContent: true, trailingSlash: true });
    const { fake, h } = bot;
    const [bob, carol, dave, erin, frank] = bot.members('bob', 'carol', 'dave', 'erin', 'frank');

    expect(bot.lines.some((l) => /discord/.test(l.msg) && /ready/.test(l.msg))).toBe(true);
    expect(fake.gateway.identifies[0]!.intents & GatewayIntentBits.MessageContent).toBeTruthy();
    const [put, ...again] = fake.callsTo('PUT', /^\/applications\/\d+\/guilds\/\d+\/commands$/);
    expect(again).toEqual([]);
    const member = put!.body.find((c: any) => c.name === 'dojo');
    const admin = put!.body.find((c: any) => c.name === 'dojo-admin');
    expect(member.options.map((o: any) => o.name)).toEqual(
      expect.arrayContaining(['help', 'quiz', 'review', 'challenge', 'top', 'stats', 'suggest']),
    );
    expect(admin.options.map((o: any) => o.name)).toEqual(expect.arrayContaining(['setup', 'ask', 'close', 'packs', 'config']));
    expect(admin.default_member_permissions).toBe('32');
    const sub = (cmd: any, name: string) => cmd.options.find((o: any) => o.name === name).options;
    expect(sub(member, 'challenge').find((o: any) => o.name === 'seconds')).toMatchObject({ type: 4, min_value: 15, max_value: 600 });
    expect(
      sub(member, 'top')
        .find((o: any) => o.name === 'period')
        .choices.map((c: any) => c.value),
    ).toEqual(['week', 'month', 'season', 'all']);
    expect(sub(member, 'stats')[0]).toMatchObject({ name: 'member', type: 6 });

    await setUp(bot);
    const setupCall = fake.interactions.get([...fake.interactions.keys()][0]!)!;
    // Answered once the core has committed: one private response (a deferral only when the core is slow).
    expect(setupCall.callbacks).toHaveLength(1);
    expect(setupCall.callbacks[0]!.data.flags).toBe(64);
    const auto = fake.autocomplete(bot.admin, 'dojo-admin', 'packs', 'pack', 'module');
    const choices = await waitFor(() => fake.interactions.get(auto)!.callbacks[0], 'autocomplete');
    expect(choices).toMatchObject({ type: 8, data: { choices: [{ value: 'module-lead-nodejs' }] } });

    await tickAt(h, '2026-11-30T09:00:00Z');
    const { question, roundId } = await postedQuestion(fake, h);
    expect(question.embeds[0]!.title).toMatch(/^Question of the day/);
    expect(question.embeds.at(-1)!.footer!.text).toMatch(new RegExp(`round:${roundId}$`));
    const thread = fake.threads.get(question.id)!;
    expect(thread).toMatchObject({ parent_id: fake.channelId, name: question.embeds[0]!.title!.slice(0, 100) });

    const bobAnswer = fake.say(bob, question.id, 'Queue the writes, shard by tenant and cache reads. @everyone see <@&1>');
    await waitFor(() => fake.dmTo(bob).length, 'the confirmation DM to bob');
    expect(textOf(fake.dmTo(bob)[0])).toContain('Your answer is in');
    fake.say(bob, question.id, 'A later reply is discussion, not a second answer.');

    expect(await answerByModal(fake, carol, question, 'Idempotency keys and a saga with compensations. @here')).toContain(
      'posted in the thread',
    );
    const carolCopy = await waitFor(() => fake.botMessages(question.id).find((m) => textOf(m).includes('carol')), "carol's answer copy");
    expect(buttonsOf(carolCopy).Upvote).toMatch(/^dojo:upvote:\d+$/);

    const erinAnswer = fake.say(erin, question.id, 'First draft');
    await waitFor(async () => (await answers(h, roundId)).find((a) => a.authorName === 'erin'), "erin's answer");
    fake.edit(erinAnswer, 'Second draft, edited');
    await waitFor(async () => (await answers(h, roundId)).find((a) => a.text === 'Second draft, edited'), 'the edit');
    fake.gateway.dispatch('MESSAGE_DELETE', { id: erinAnswer.id, channel_id: question.id, guild_id: fake.guildId });
    await waitFor(async () => !(await answers(h, roundId)).some((a) => a.authorName === 'erin'), 'the deletion');
    expect(await answers(h, roundId)).toHaveLength(2);

    fake.react(dave, bobAnswer, '👍');
    await waitFor(async () => (await votesOf(h, roundId, 'bob')) === 1, "dave's reaction vote");
    fake.react(erin, bobAnswer, '👍');
    await waitFor(async () => (await votesOf(h, roundId, 'bob')) === 2, "erin's reaction vote");
    fake.react(erin, bobAnswer, '👍', true);
    await waitFor(async () => (await votesOf(h, roundId, 'bob')) === 1, "erin's removal");
    fake.react(frank, bobAnswer, '👍');
    await waitFor(async () => (await votesOf(h, roundId, 'bob')) === 2, "frank's reaction vote");
    fake.react(bob, bobAnswer, '👍');
    await waitFor(() => fake.dmTo(bob).length === 2, 'the self-vote refusal DM');
    expect(textOf(fake.dmTo(bob)[1])).toMatch(/can't vote for your own answer/);

    expect(await answerTo(fake, fake.press(bob, carolCopy, buttonsOf(carolCopy).Upvote!))).toContain('Vote counted');
    expect(await answerTo(fake, fake.press(carol, carolCopy, buttonsOf(carolCopy).Upvote!))).toMatch(/can't vote for your own answer/);
    expect(await votesOf(h, roundId, 'carol')).toBe(1);
    expect(await votesOf(h, roundId, 'bob')).toBe(2);

    await tickAt(h, '2026-12-01T08:00:00Z');
    const summary = await waitFor(
      () => fake.botMessages(question.id).find((m) => m.embeds[0]?.title === 'Round closed'),
      'the close summary',
    );
    const results = textOf(summary);
    expect(results.indexOf('bob')).toBeLessThan(results.indexOf('carol'));
    expect(results).toContain('@\u200beveryone');

    expect(await answerTo(fake, fake.command(carol, 'dojo', 'stats', { member: bob }))).toMatch(/Stats · bob[\s\S]*Answers:\*\* 1/);
    const board = await answerTo(fake, fake.command(carol, 'dojo', 'top', { period: 'week' }));
    expect(board).toMatch(/Leaderboard · this week/);
    expect(board.indexOf('bob')).toBeGreaterThan(-1);
    expect(board.indexOf('bob')).toBeLessThan(board.indexOf('carol'));

    const bodies = messageBodies(fake);
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('refuses setup from a member without Manage Server', async () => {
    const bot = await startBot();
    const bob = bot.member('bob');
    const reply = await answerTo(bot.fake, bot.fake.command(bob, 'dojo-admin', 'setup', { time: '10:00' }));
    expect(reply).toMatch(/Only admins can use \/dojo-admin setup/);
    // A refusal changes nothing: no channel, and not even the workspace row its transaction would have made.
    const ws = await bot.h.repos.workspaces.findByRef('discord', workspaceRef(bot.fake.guildId));
    expect(ws ? await bot.h.repos.channels.listForWorkspace(ws.id) : []).toEqual([]);
  });

  it('handles an interaction delivered twice only once', async () => {
    const bot = await startBot();
    const { fake, h } = bot;
    await setUp(bot);
    const bob = bot.member('bob');
    const id = fake.command(bob, 'dojo', 'suggest', { question: 'How would you rotate a leaked API key safely?', category: 'security' });
    fake.redeliver(id);
    expect(await answerTo(fake, id)).toContain('waiting for an admin');

    await tickAt(h, '2026-11-30T09:00:00Z');
    const { question } = await postedQuestion(fake, h);
    const press = fake.press(bob, question, buttonsOf(question).Answer!);
    await waitFor(() => fake.interactions.get(press)!.callbacks[0], 'the modal');
    fake.redeliver(press);
    expect(await answerTo(fake, fake.command(bob, 'dojo', 'help'))).toContain('Interview Dojo');

    const ws = (await h.repos.workspaces.findByRef('discord', workspaceRef(fake.guildId)))!;
    expect(await h.repos.suggestions.listPending(ws.id)).toHaveLength(1);
    // The repeat is a duplicate for the core, and the adapter leaves its response to the first delivery.
    expect(fake.callsTo('POST', new RegExp(`^/interactions/${id}/`)).map((c) => c.status)).toEqual([204]);
    expect(fake.repliesTo(id).filter((m) => /waiting for an admin/.test(textOf(m)))).toHaveLength(1);
    expect(fake.callsTo('POST', new RegExp(`^/interactions/${press}/`))).toHaveLength(1);
  });

  it('posts once when message creation is rate limited (429), and recovers a post whose response was lost', async () => {
    const bot = await startBot();
    const { fake, h } = bot;
    await setUp(bot);
    fake.rateLimit('POST', new RegExp(`^/channels/${fake.channelId}/messages$`), 1);
    expect(await answerTo(fake, fake.command(bot.admin, 'dojo-admin', 'ask'))).toContain('Posted a new question');
    // The outbox posts after the commit; discord.js waits out the 429 and posts once.
    await postedQuestion(fake, h);
    expect(fake.callsTo('POST', new RegExp(`^/channels/${fake.channelId}/messages$`)).map((c) => c.status)).toEqual([429, 200]);
    expect(fake.botMessages(fake.channelId)).toHaveLength(1);
    await waitFor(() => fake.gateway.heartbeats > 0, 'a heartbeat');
    expect(fake.gateway.connections).toEqual(['/gateway']);

    h.clock.advance(60_000);
    fake.loseResponses('POST', new RegExp(`^/channels/${fake.channelId}/messages$`), 10);
    expect(await answerTo(fake, fake.command(bot.admin, 'dojo-admin', 'ask'))).toContain('Posted a new question');
    // Every attempt of the send is stored by the fake but answered with a 500: the outbox counts one failed send.
    await waitFor(() => fake.botMessages(fake.channelId).length === 2, 'the post whose response is lost');
    await h.dojo.drain();
    expect(fake.botMessages(fake.channelId)).toHaveLength(2);
    const lost = fake.callsTo('POST', new RegExp(`^/channels/${fake.channelId}/messages$`)).filter((c) => c.status === 500);
    expect(lost.length).toBeGreaterThan(1);
    expect(new Set(lost.map((c) => `${c.body.nonce}:${c.body.enforce_nonce}`)).size).toBe(1);
    fake.clearFaults();
    // The outbox retries after its first backoff (30 s) and finds the post instead of posting it again.
    h.clock.advance(31_000);
    await h.dojo.tick();
    const { question, roundId } = await postedQuestion(fake, h);
    expect(fake.botMessages(fake.channelId)).toHaveLength(2);
    expect(await h.repos.rounds.get(roundId as never)).toMatchObject({
      status: 'open',
      messageRef: `discord:${fake.channelId}:${question.id}`,
    });
    expect(fake.threads.has(question.id)).toBe(true);
  });

  it('keeps a round going through a gateway reconnect (op 7, resume), counting a vote once', async () => {
    const bot = await startBot();
    const { fake, h } = bot;
    await setUp(bot);
    const [bob, dave] = bot.members('bob', 'dave');
    await answerTo(fake, fake.command(bot.admin, 'dojo-admin', 'ask'));
    const { question, roundId } = await postedQuestion(fake, h);
    await answerByModal(fake, bob, question, 'Use a circuit breaker.');
    const copy = await waitFor(() => fake.botMessages(question.id).find((m) => buttonsOf(m).Upvote), "bob's answer copy");

    fake.gateway.requestReconnect();
    fake.react(dave, copy, '👍');
    await waitFor(() => fake.gateway.resumes.length === 1, 'the RESUME');
    expect(fake.gateway.replayed).toBeGreaterThan(0);
    await waitFor(async () => (await votesOf(h, roundId, 'bob')) === 1, 'the replayed vote');
    expect(await answerTo(fake, fake.command(dave, 'dojo', 'top'))).toContain('bob');
    expect(await votesOf(h, roundId, 'bob')).toBe(1);
    expect(fake.dmTo(dave)).toEqual([]);
    expect(fake.gateway.identifies).toHaveLength(1);
    expect(fake.gateway.connections).toEqual(['/gateway', '/resume']);
  });

  it('after a restart, counts reactions on and deletions of answers the new client never saw', async () => {
    const first = await startBot({ messageContent: true });
    const { fake, h } = first;
    await setUp(first);
    await answerTo(fake, fake.command(first.admin, 'dojo-admin', 'ask'));
    const { question, roundId } = await postedQuestion(fake, h);
    const [bob, carol, dave] = first.members('bob', 'carol', 'dave');
    const bobAnswer = fake.say(bob, question.id, 'Back-pressure with bounded queues.');
    const carolAnswer = fake.say(carol, question.id, 'Shed load early.');
    await waitFor(async () => (await answers(h, roundId)).length === 2, 'both answers');
    await first.stop();

    const second = await startBot({ messageContent: true, restartOf: first });
    const [put1, put2] = fake.callsTo('PUT', /\/commands$/);
    expect(put2!.body).toEqual(put1!.body);
    fake.react(dave, bobAnswer, '👍');
    await waitFor(async () => (await votesOf(h, roundId, 'bob')) === 1, 'a vote on a message from before the restart');
    fake.gateway.dispatch('MESSAGE_DELETE', { id: carolAnswer.id, channel_id: question.id, guild_id: fake.guildId });
    await waitFor(async () => (await answers(h, roundId)).length === 1, 'the deletion of an uncached answer');
    expect((await answers(h, roundId))[0]!.authorName).toBe('bob');
    expect(second.lines.some((l) => /ready/.test(l.msg))).toBe(true);
  });

  it('stops all work for a guild that removed the bot', async () => {
    const bot = await startBot();
    const { fake, h } = bot;
    await setUp(bot);
    fake.removeGuild();
    await waitFor(
      async () => (await h.repos.workspaces.findByRef('discord', workspaceRef(fake.guildId)))?.status === 'removed',
      'the workspace to be removed',
    );
    await tickAt(h, '2026-11-30T09:00:00Z');
    await tickAt(h, '2026-12-01T09:00:00Z');
    expect(fake.callsTo('POST', new RegExp(`^/channels/${fake.channelId}/`))).toEqual([]);
  });

  it('runs a private quiz: a button press gets feedback', async () => {
    const bot = await startBot();
    const { fake } = bot;
    const bob = bot.member('bob');
    const quizId = fake.command(bob, 'dojo', 'quiz', { category: 'nodejs' });
    expect(await answerTo(fake, quizId)).toMatch(/Quiz · Node\.js/);
    const quiz = fake.repliesTo(quizId)[0]!;
    const [label, action] = Object.entries(buttonsOf(quiz))[0]!;
    const press = fake.press(bob, quiz, action);
    expect(await answerTo(fake, press)).toMatch(label === 'Reveal key points' ? /Key points/i : /Correct|Not quite/);
    expect(Object.keys(buttonsOf(fake.repliesTo(press)[0])).length).toBeGreaterThan(0);
  });

  it('runs a 15-second team challenge with three members and posts the results', async () => {
    const bot = await startBot();
    const { fake, h } = bot;
    await setUp(bot);
    const players = bot.members('bob', 'carol', 'dave');
    expect(await answerTo(fake, fake.command(players[0], 'dojo', 'challenge', { seconds: 15 }))).toContain('15 seconds');
    const challenge = await waitFor(() => fake.botMessages(fake.channelId).find((m) => buttonsOf(m).A), 'the challenge post');
    for (const [n, p] of players.entries()) {
      const choice = Object.values(buttonsOf(challenge))[n % 2]!;
      expect(await answerTo(fake, fake.press(p, challenge, choice))).toContain('Locked in');
    }
    h.clock.advance(15_000);
    await h.dojo.tick();
    const results = await waitFor(() => fake.botMessages(challenge.id).find((m) => /Challenge results/.test(textOf(m))), 'the results');
    expect(textOf(results)).toMatch(/\/3\)/);
    expect(buttonsOf(fake.botMessages(fake.channelId).find((m) => m.id === challenge.id))).toEqual({});
  });

  it('without the MessageContent intent ignores empty thread text and points members to the Answer button', async () => {
    const bot = await startBot({ messageContent: false });
    const { fake, h } = bot;
    expect(fake.gateway.identifies[0]!.intents & GatewayIntentBits.MessageContent).toBe(0);
    // The help (with its category list) and the note can arrive as two messages: wait for both.
    const help = fake.command(bot.member('carol'), 'dojo', 'help');
    await waitFor(() => /press Answer/.test(fake.repliesTo(help).map(textOf).join('\n')) || undefined, 'the help with the Answer note');
    await setUp(bot);
    await answerTo(fake, fake.command(bot.admin, 'dojo-admin', 'ask'));
    const { question, roundId } = await postedQuestion(fake, h);
    const bob = bot.member('bob');
    fake.say(bob, question.id, 'My answer that the bot cannot read');
    expect(await answerByModal(fake, bob, question, 'My answer through the form')).toContain('Your answer is in');
    expect((await answers(h, roundId)).map((a) => a.text)).toEqual(['My answer through the form']);
    expect(fake.dmTo(bob)).toEqual([]);
  });
});

describe('render limits', () => {
  const within = (payloads: DiscordPayload[]) => {
    for (const p of payloads) {
      expect(p.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
      expect(p.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      let total = 0;
      for (const e of p.embeds) {
        expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
        expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
        expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
        for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        total +=
          (e.title?.length ?? 0) +
          (e.description?.length ?? 0) +
          (e.footer?.text.length ?? 0) +
          (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
      }
      expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
      expect(p.components.length).toBeLessThanOrEqual(LIMITS.rows);
      for (const row of p.components) {
        expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
        for (const c of row.components) expect('custom_id' in c ? c.custom_id.length : 0).toBeLessThanOrEqual(LIMITS.customId);
      }
      expect(p.allowedMentions).toEqual({ parse: [] });
    }
  };

  it('splits a 10,000-member leaderboard into messages within every limit, keeping every line', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `${String(i + 1).padStart(5)}. member-${i} — ${10_000 - i}`);
    const payloads = renderMessage({
      title: 'Leaderboard · all time',
      text: `\`\`\`\n${lines.join('\n')}\n\`\`\``,
      hasUserText: true,
      footer: 'You: #1',
    });
    within(payloads);
    const all = payloads.flatMap((p) => p.embeds.map((e) => e.description ?? '')).join('\n');
    for (const i of [0, 4_999, 9_999]) expect(all).toContain(lines[i]);
    for (const e of payloads.flatMap((p) => p.embeds)) expect(((e.description ?? '').match(/```/g) ?? []).length % 2).toBe(0);
  });

  it('splits 20,000 characters of text, 40 long fields and 30 buttons within limits', () => {
    const m: NeutralMessage = {
      title: 'T'.repeat(400),
      text: 'word '.repeat(4_000),
      fields: Array.from({ length: 40 }, (_, i) => ({ label: `Field ${i}`, value: 'v'.repeat(2_000) })),
      buttons: Array.from({ length: 30 }, (_, i) => ({ label: `B${i}`, actionId: `dojo:quiz:1:${i}` })),
      footer: 'F'.repeat(3_000),
      marker: 'round:42',
    };
    const payloads = renderMessage(m);
    within(payloads);
    expect(payloads.flatMap((p) => p.embeds).flatMap((e) => e.fields ?? [])).toHaveLength(40);
    expect(payloads.at(-1)!.components.flatMap((r) => r.components)).toHaveLength(25);
    expect(payloads.flatMap((p) => p.embeds).at(-1)!.footer!.text).toMatch(/ · round:42$/);
  });

  it('sends short plain text as content and a long plain text as embeds', () => {
    expect(renderMessage({ text: 'Vote counted.' })).toEqual([
      { content: 'Vote counted.', embeds: [], components: [], allowedMentions: { parse: [] } },
    ]);
    const long = renderMessage({ text: 'x '.repeat(1_500) });
    within(long);
    expect(long[0]!.content).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';
import {
  APP_TOKEN,
  BOT_TOKEN,
  SIGNING_SECRET,
  SlackBed,
  TEAM,
  USERS,
  blockText,
  buttonId,
  buttonsIn,
  type Target,
  type Who,
} from '../fakes/slack-harness.js';
import { everythingPosted, type FakeMessage } from '../fakes/slack-server.js';

loopbackOnly();

const C = 'C0PRACTICE';
let bed: SlackBed;

beforeAll(async () => {
  bed = await SlackBed.start();
});
afterAll(async () => {
  await bed?.stop();
});

const ws = async (team = TEAM) => (await bed.repos.workspaces.findByRef('slack', team as never))!;
const roundOf = (m: FakeMessage) => Number(String(m.metadata?.event_payload.marker).split(':')[1]);
const answersOf = (m: FakeMessage) => bed.repos.answers.listByRound(roundOf(m) as never);
const privateTo = (who: Who, channel: string, pattern: RegExp, what = String(pattern)) =>
  bed.privateTo(who, channel, pattern, `${what} for ${who}`);
const duplicatesOf = (deliveryId: string) =>
  bed.logs.filter((l) => l.msg === 'duplicate slack delivery ignored' && l.deliveryId === deliveryId).length;

/** Sets up `channel` as a practice channel and posts a question now, returning the post. */
async function askIn(channel: string, team = TEAM): Promise<FakeMessage> {
  await bed.command('admin', 'setup', channel, team);
  await privateTo('admin', channel, /practice channel/);
  await bed.command('admin', 'ask', channel, team);
  await privateTo('admin', channel, /Posted a new question/, 'ask reply');
  // The question is posted after the commit, by the outbox.
  return waitFor(
    () => bed.fake.inChannel(channel).find((m) => String(m.metadata?.event_payload.marker).startsWith('round:')),
    'the question',
  );
}

describe('daily question over HTTP, from setup to leaderboard', () => {
  let question: FakeMessage;
  let thread: Target;
  let aliceReply: FakeMessage;
  let bobReply: FakeMessage;
  let copy: FakeMessage;

  it('sets up the channel with /dojo setup and answers privately in the command ack', async () => {
    expect(await bed.command('admin', 'setup')).toBe(200);
    const reply = await privateTo('admin', C, /practice channel/);
    expect(reply.via).toBe('ack');
  });

  it('posts the scheduled question with an Answer button and its marker in metadata', async () => {
    bed.h.clock.set('2026-11-30T09:00:00Z');
    await bed.h.dojo.tick();
    const posts = bed.fake.inChannel(C);
    expect(posts).toHaveLength(1);
    question = posts[0]!;
    thread = { channel: C, ts: question.ts };
    expect(question.metadata).toEqual({ event_type: 'dojo_post', event_payload: { marker: expect.stringMatching(/^round:\d+$/) } });
    expect(buttonId(question.blocks, 'Answer')).toMatch(/^dojo:answer:\d+$/);
    expect((question.blocks as { type: string }[])[0]!.type).toBe('header');
  });

  it('takes two thread replies as answers and confirms each privately in the thread', async () => {
    aliceReply = await bed.reply('alice', thread, 'Never block the event loop; move CPU work to worker threads.');
    bobReply = await bed.reply('bob', thread, 'Hey <!here>: measure first, then use a queue &amp; backpressure.');
    // processBeforeResponse: Slack got its 200 only once each answer was committed.
    expect(await answersOf(question)).toHaveLength(2);
    for (const who of ['alice', 'bob'] as const) {
      const e = await privateTo(who, C, /Your answer is in/);
      expect(e).toMatchObject({ via: 'chat.postEphemeral', thread_ts: question.ts });
    }
    expect((await answersOf(question)).map((a) => a.text)).toEqual([
      'Never block the event loop; move CPU work to worker threads.',
      'Hey @here: measure first, then use a queue & backpressure.',
    ]);
  });

  it('takes a third answer through the Answer button, a modal and its submission', async () => {
    expect(await bed.press('carol', thread, buttonId(question.blocks, 'Answer'))).toBe(200);
    const modal = await waitFor(() => bed.fake.modals.find((m) => m.user === USERS.carol.id), 'answer modal');
    const blocks = modal.view.blocks as { type: string; element?: { type: string; multiline?: boolean; max_length?: number } }[];
    expect(blocks[0]!.type).toBe('section');
    expect(blocks.at(-1)!.element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
    expect(JSON.parse(String(modal.view.private_metadata))).toMatchObject({ c: C, f: expect.stringMatching(/^dojo:answer-form:/) });
    await bed.submit('carol', modal, { answer: 'Profile first: <!channel> and @everyone should read the flame graph.' });
    copy = await waitFor(
      () => bed.fake.inThread(C, question.ts).find((m) => m.bot_id && /Carol/.test(blockText(m.blocks))),
      'answer copy in thread',
    );
    expect(buttonId(copy.blocks, 'Upvote')).toMatch(/^dojo:upvote:\d+$/);
    await privateTo('carol', C, /posted in the thread/);
    expect(await answersOf(question)).toHaveLength(3);
  });

  it('follows an edited reply and a deleted one', async () => {
    const edited = 'Never block the event loop; use worker threads for CPU work.';
    await bed.deliver(
      'event',
      bed.eventPayload({
        type: 'message',
        subtype: 'message_changed',
        channel: C,
        hidden: true,
        ts: `${Date.now() / 1000}`,
        message: {
          type: 'message',
          user: USERS.alice.id,
          text: edited,
          ts: aliceReply.ts,
          thread_ts: question.ts,
          edited: { user: USERS.alice.id, ts: '1' },
        },
        previous_message: { type: 'message', user: USERS.alice.id, text: aliceReply.text, ts: aliceReply.ts, thread_ts: question.ts },
      }),
    );
    await waitFor(async () => (await answersOf(question)).some((a) => a.text === edited), 'edited answer');
    const daveReply = await bed.reply('dave', thread, 'Short answer I will delete.');
    await waitFor(async () => (await answersOf(question)).length === 4, 'dave answer');
    await bed.deliver(
      'event',
      bed.eventPayload({
        type: 'message',
        subtype: 'message_deleted',
        channel: C,
        hidden: true,
        deleted_ts: daveReply.ts,
        ts: `${Date.now() / 1000}`,
        previous_message: { type: 'message', user: USERS.dave.id, text: daveReply.text, ts: daveReply.ts, thread_ts: question.ts },
      }),
    );
    await waitFor(async () => (await answersOf(question)).length === 3, 'dave answer removed');
  });

  it('counts votes by reaction and by Upvote, refuses self-votes privately, and follows a removed reaction', async () => {
    const votes = async (author: Who) => (await answersOf(question)).find((a) => a.authorRef === USERS[author].id)?.votes;
    const aliceT = { channel: C, ts: aliceReply.ts, thread_ts: question.ts };
    const bobT = { channel: C, ts: bobReply.ts, thread_ts: question.ts };
    const copyT = { channel: C, ts: copy.ts, thread_ts: question.ts };
    await bed.react('bob', aliceT, '+1');
    await bed.react('dave', aliceT, '+1::skin-tone-3');
    await waitFor(async () => (await votes('alice')) === 2, 'two votes for alice');
    await bed.react('alice', aliceT, '+1');
    expect(await privateTo('alice', C, /own answer/, 'self-vote refusal')).toMatchObject({ via: 'chat.postEphemeral' });
    await bed.press('alice', copyT, buttonId(copy.blocks, 'Upvote'));
    await privateTo('alice', C, /Vote counted/);
    await bed.press('carol', copyT, buttonId(copy.blocks, 'Upvote'));
    expect(await privateTo('carol', C, /own answer/, 'self-vote refusal')).toMatchObject({ via: 'response_url' });
    await bed.react('dave', bobT, '+1');
    await waitFor(async () => (await votes('bob')) === 1, 'vote for bob');
    await bed.react('dave', bobT, '+1', true);
    await waitFor(async () => (await votes('bob')) === 0, 'retracted vote for bob');
    expect([await votes('alice'), await votes('bob'), await votes('carol')]).toEqual([2, 0, 1]);
  });

  it('publishes the App Home with standing and a permalink to the open question', async () => {
    await bed.deliver('event', bed.eventPayload({ type: 'app_home_opened', user: USERS.alice.id, channel: 'D0ALICE01', tab: 'home' }));
    const home = await waitFor(() => bed.fake.homes.get(USERS.alice.id), 'home view');
    expect(home.type).toBe('home');
    const text = blockText(home.blocks as unknown[]);
    expect(text).toMatch(/Rank:\* #1/);
    expect(text).toContain(`<https://slack.com/archives/${C}/p${question.ts.replace('.', '')}|open>`);
  });

  it('posts the close summary in the thread when the round closes', async () => {
    bed.h.clock.set('2026-12-01T08:00:00Z');
    await bed.h.dojo.tick();
    const inThread = bed.fake.inThread(C, question.ts).filter((m) => m.bot_id);
    const summary = inThread.filter((m) => /Round closed/.test(blockText(m.blocks)));
    expect(summary).toHaveLength(1);
    const text = blockText(summary[0]!.blocks);
    expect(text).toMatch(/\*Alice\* · 2 votes \(\+15\)/);
    expect(text).toMatch(/\*Carol\* · 1 vote \(\+10\)/);
    expect(inThread.some((m) => /Reference answer/.test(blockText(m.blocks)))).toBe(true);
  });

  it('/dojo top answers privately with the board in the right order', async () => {
    await bed.command('dave', 'top');
    const board = await privateTo('dave', C, /Leaderboard/);
    const text = blockText(board.blocks);
    expect(text.indexOf('Alice')).toBeGreaterThan(-1);
    expect(text.indexOf('Alice')).toBeLessThan(text.indexOf('Carol'));
    expect(text.indexOf('Carol')).toBeLessThan(text.indexOf('Bob'));
  });

  it('never repeats <!channel>, <!here> or @everyone in a form that pings', () => {
    const all = everythingPosted(bed.fake);
    expect(all).toContain('@\u200beveryone');
    expect(all).toContain('@\u200bchannel');
    expect(all).not.toMatch(/<!(channel|here|everyone)/);
    expect(all).not.toMatch(/(?<!\u200b)@(everyone|channel|here)\b/);
  });
});

describe('private drills and team challenges', () => {
  it('/dojo quiz: pressing an answer button gives private feedback', async () => {
    await bed.command('dave', 'quiz');
    const quiz = await privateTo('dave', C, /Quiz/);
    const ephemeral = { channel: C, ts: '1764490000.000001', ephemeral: true };
    const choice = buttonsIn(quiz.blocks).find((b) => b.actionId.startsWith('dojo:quiz:'));
    if (choice) {
      await bed.press('dave', ephemeral, choice.actionId);
      await privateTo('dave', C, /Correct|Not quite/, 'quiz feedback');
    } else {
      await bed.press('dave', ephemeral, buttonId(quiz.blocks, 'Reveal key points'));
      const keys = await privateTo('dave', C, /How well did you cover it/, 'key points');
      await bed.press('dave', ephemeral, buttonId(keys.blocks, 'Good'));
      await privateTo('dave', C, /Graded Good/, 'grade reply');
    }
  });

  it('/dojo challenge 15: three members answer and the results land in the thread when time is up', async () => {
    await bed.command('alice', 'challenge 15');
    const post = await waitFor(
      () => bed.fake.inChannel(C).find((m) => String(m.metadata?.event_payload.marker).startsWith('challenge:')),
      'challenge post',
    );
    const [a, b] = buttonsIn(post.blocks);
    const target = { channel: C, ts: post.ts };
    await bed.press('alice', target, a!.actionId);
    await bed.press('bob', target, b!.actionId);
    await bed.press('carol', target, a!.actionId);
    for (const who of ['alice', 'bob', 'carol'] as const) await privateTo(who, C, /Locked in/);
    bed.h.clock.advance(16_000);
    await bed.h.dojo.tick();
    const results = bed.fake.inThread(C, post.ts).filter((m) => /Challenge results/.test(blockText(m.blocks)));
    expect(results).toHaveLength(1);
    expect(blockText(results[0]!.blocks)).toMatch(/Got it \([0-3]\/3\)/);
    expect(buttonsIn(bed.fake.inChannel(C).find((m) => m.ts === post.ts)!.blocks)).toEqual([]);
  });
});

describe('reliability and safety', () => {
  it('answers 401 to a bad or a 6-minute-old signature and touches nothing', async () => {
    const before = bed.fake.calls.length;
    const form = 'application/x-www-form-urlencoded';
    const command = new URLSearchParams(bed.commandPayload('admin', 'setup', 'C0SIGNED')).toString();
    const event = JSON.stringify(bed.eventPayload({ type: 'app_uninstalled' }, { eventId: 'Ev0SIGNED1' }));
    expect((await bed.postRaw(command, form, { badSignature: true })).status).toBe(401);
    expect((await bed.postRaw(command, form, { ageSeconds: 360 })).status).toBe(401);
    expect((await bed.postRaw(event, 'application/json', { badSignature: true })).status).toBe(401);
    expect((await bed.postRaw(event, 'application/json', { ageSeconds: 360 })).status).toBe(401);
    expect(bed.fake.calls.length).toBe(before);
    expect(await bed.repos.channels.findByRef((await ws()).id, 'C0SIGNED' as never)).toBeUndefined();
    expect((await ws()).status).toBe('active');
  });

  it('the same event delivered three times (x-slack-retry-num) gives one answer and one vote', async () => {
    const q = await askIn('C0DUPLIC8');
    const m = bed.fake.userMessage('C0DUPLIC8', USERS.bob.id, 'A retried answer.', q.ts);
    const reply = bed.eventPayload(
      { type: 'message', channel: 'C0DUPLIC8', user: USERS.bob.id, text: m.text, ts: m.ts, thread_ts: q.ts },
      { eventId: 'Ev0DUPREPLY' },
    );
    for (const retryNum of [0, 1, 2]) expect(await bed.deliver('event', reply, { retryNum })).toBe(200);
    await waitFor(() => duplicatesOf('Ev0DUPREPLY') === 2, 'two ignored redeliveries');
    expect(await answersOf(q)).toHaveLength(1);
    expect(bed.fake.ephemeralsFor(USERS.bob.id, 'C0DUPLIC8').filter((e) => /Your answer is in/.test(blockText(e.blocks)))).toHaveLength(1);
    const vote = bed.eventPayload(bed.reactionEvent('carol', { channel: 'C0DUPLIC8', ts: m.ts }, '+1'), { eventId: 'Ev0DUPVOTE' });
    for (const retryNum of [0, 1, 2]) await bed.deliver('event', vote, { retryNum });
    await waitFor(() => duplicatesOf('Ev0DUPVOTE') === 2, 'two ignored vote redeliveries');
    expect((await answersOf(q))[0]!.votes).toBe(1);
  });

  it('a 429 on chat.postMessage is retried after Retry-After and posts the question exactly once', async () => {
    await bed.command('admin', 'setup', 'C0RATELIM');
    await privateTo('admin', 'C0RATELIM', /practice channel/);
    bed.fake.rateLimit('chat.postMessage', 1);
    await bed.command('admin', 'ask', 'C0RATELIM');
    // The question is posted after the commit, by the outbox, so the ack carries the reply.
    expect(await privateTo('admin', 'C0RATELIM', /Posted a new question/, 'ask reply')).toMatchObject({ via: 'ack' });
    await waitFor(() => bed.fake.inChannel('C0RATELIM').length === 1, 'the question after the 429');
    await bed.h.dojo.drain();
    expect(bed.fake.inChannel('C0RATELIM')).toHaveLength(1);
    const attempts = bed.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0RATELIM');
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
  });

  it('a post whose answer was lost is found by its metadata marker on the retry, not posted twice', async () => {
    await bed.command('admin', 'setup', 'C0LOSTPOST');
    await privateTo('admin', 'C0LOSTPOST', /practice channel/);
    bed.fake.failNext('chat.postMessage', { afterStoring: true });
    await bed.command('admin', 'ask', 'C0LOSTPOST');
    await privateTo('admin', 'C0LOSTPOST', /Posted a new question/, 'ask reply');
    // Slack stored the post but the bot never heard back: the outbox counts a failed send.
    await waitFor(() => bed.fake.callsOf('chat.postMessage').some((c) => c.args.channel === 'C0LOSTPOST'), 'the lost post');
    await bed.h.dojo.drain();
    const [stored] = bed.fake.inChannel('C0LOSTPOST');
    expect(stored).toBeDefined();
    expect(
      await bed.repos.rounds.get(roundOf(stored!) as never),
      JSON.stringify(
        bed.fake
          .callsOf('chat.postMessage')
          .slice(-3)
          .map((c) => [c.args.channel, c.status]),
      ),
    ).toMatchObject({ status: 'posting', messageRef: null });
    // The outbox retries after its first backoff (30 s), looking for the post by its marker first.
    bed.h.clock.advance(31_000);
    await bed.h.dojo.tick();
    expect(bed.fake.callsOf('conversations.history').some((c) => c.args.channel === 'C0LOSTPOST')).toBe(true);
    expect(bed.fake.inChannel('C0LOSTPOST')).toHaveLength(1);
    const round = await bed.repos.rounds.get(roundOf(stored!) as never);
    expect(round).toMatchObject({ status: 'open', messageRef: `slack:C0LOSTPOST:${stored!.ts}` });
  });

  it('an infrastructure error is logged with its refs and the member gets a short apology', async () => {
    const q = bed.fake.inChannel('C0LOSTPOST')[0]!;
    const press = bed.actionPayload('carol', { channel: 'C0LOSTPOST', ts: q.ts }, buttonId(q.blocks, 'Answer'));
    press.trigger_id = 'never-issued-trigger';
    await bed.deliver('interactive', press);
    await privateTo('carol', 'C0LOSTPOST', /Sorry, something went wrong/, 'apology');
    const failure = bed.logs.find((l) => l.msg === 'slack delivery failed');
    expect(failure).toMatchObject({
      adapter: 'slack',
      kind: 'button-pressed',
      workspace: TEAM,
      channel: 'C0LOSTPOST',
      deliveryId: expect.stringContaining('never-issued-trigger'),
    });
    expect(String(failure!.err)).toContain('invalid_trigger_id');
  });

  it('tells a member privately by DM when there is no channel, or when an ephemeral cannot reach them', async () => {
    const port = bed.port;
    await port.tellPrivately(undefined, USERS.bob.id as never, { text: 'You have 2 reviews due.' });
    bed.fake.failNext('chat.postEphemeral', { error: 'user_not_in_channel' });
    await port.tellPrivately(C as never, USERS.bob.id as never, { text: 'Not in that channel.' });
    const dm = bed.fake.inChannel(`D${USERS.bob.id}`).map((m) => blockText(m.blocks));
    expect(dm).toEqual(['You have 2 reviews due.', 'Not in that channel.']);
    expect(bed.fake.callsOf('conversations.open')).toHaveLength(2);
  });

  it('after app_uninstalled, a later tick posts nothing in that workspace', async () => {
    const other = 'T0OTHER01';
    await bed.command('admin', 'setup', 'C0OTHERWS', other);
    await privateTo('admin', 'C0OTHERWS', /practice channel/);
    await bed.deliver('event', bed.eventPayload({ type: 'app_uninstalled' }, { team: other }));
    await waitFor(async () => (await bed.repos.workspaces.findByRef('slack', other as never))?.status === 'removed', 'workspace removed');
    const before = bed.fake.inChannel(C).length;
    bed.h.clock.set('2026-12-01T09:00:00Z');
    await bed.h.dojo.tick();
    expect(bed.fake.inChannel('C0OTHERWS')).toHaveLength(0);
    expect(bed.fake.inChannel(C).length).toBe(before + 1);
  });

  it('makes exactly one auth.test call, and one users.info per member, across many requests', async () => {
    await Promise.all(Array.from({ length: 20 }, () => bed.command('dave', 'help', 'C0HELPME1')));
    await waitFor(() => bed.fake.ephemeralsFor(USERS.dave.id, 'C0HELPME1').length >= 20, 'twenty help replies');
    expect(bed.deliveries).toBeGreaterThanOrEqual(60);
    expect(bed.fake.callsOf('auth.test')).toHaveLength(1);
    const lookups = bed.fake.callsOf('users.info').map((c) => c.args.user);
    expect(lookups.length).toBe(new Set(lookups).size);
  });

  it('logged one ready line, no failures, and never a secret or an answer at info', () => {
    expect(bed.logs.filter((l) => l.adapter === 'slack' && /ready/.test(String(l.msg)))).toHaveLength(1);
    expect(bed.logs.filter((l) => l.msg === 'slack delivery failed' && !String(l.deliveryId).includes('never-issued-trigger'))).toEqual([]);
    const all = JSON.stringify(bed.logs);
    for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET]) expect(all).not.toContain(secret);
    expect(JSON.stringify(bed.logs.filter((l) => Number(l.level) >= 30))).not.toContain('flame graph');
  });
});

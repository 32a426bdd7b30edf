import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordBed } from '../fakes/discord-harness.js';
import { buttonsOf, textOf } from '../fakes/discord-server.js';
import { SlackBed, blockText } from '../fakes/slack-harness.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

// Both fakes advertise a one-second wait with each 429 (Retry-After: 1 / retry_after: 1).
const ADVERTISED_WAIT_MS = 1_000;

/** Each retry came at least the advertised wait after the 429 before it. */
function expectWaitedAfterEach429(attempts: { status: number; at: number }[]): void {
  for (let i = 1; i < attempts.length; i++) {
    if (attempts[i - 1]!.status === 429) expect(attempts[i]!.at - attempts[i - 1]!.at).toBeGreaterThanOrEqual(ADVERTISED_WAIT_MS);
  }
}

describe('429 from Slack on posting', () => {
  let bed: SlackBed;
  const C = 'C0RATE001';
  beforeAll(async () => {
    bed = await SlackBed.start();
  });
  afterAll(async () => {
    await bed?.stop();
  });
  const posts = (thread?: string) =>
    bed.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === C && c.args.thread_ts === thread);

  it('a question post answered 429 is retried after Retry-After and appears once', async () => {
    await bed.command('admin', 'setup', C);
    await bed.privateTo('admin', C, /practice channel/);
    bed.fake.rateLimit('chat.postMessage', 1);
    await bed.command('admin', 'ask', C);
    await bed.privateTo('admin', C, /Posted a new question/);
    // The outbox posts the question after the ask's commit, so the reply can come first.
    await waitFor(() => bed.fake.inChannel(C).length, 'the question post');
    expect(posts().map((c) => c.status)).toEqual([429, 200]);
    expectWaitedAfterEach429(posts());
    expect(bed.fake.inChannel(C)).toHaveLength(1);
  });

  it('a thread reply (an answer copy) answered 429 twice is retried after each wait and appears once', async () => {
    const question = bed.fake.inChannel(C)[0]!;
    bed.fake.rateLimit('chat.postMessage', 2);
    const copy = await bed.answerByModal('bob', question, 'Back off as the server says, not as you guess.');
    expect(posts(question.ts).map((c) => c.status)).toEqual([429, 429, 200]);
    expectWaitedAfterEach429(posts(question.ts));
    expect(bed.fake.inThread(C, question.ts).filter((m) => blockText(m.blocks).includes('Back off'))).toEqual([copy]);
    expect(bed.logs.filter((l) => l.msg === 'slack delivery failed')).toEqual([]);
  });
});

describe('429 from Discord on posting', () => {
  let bed: DiscordBed;
  beforeAll(async () => {
    bed = await DiscordBed.start();
    await bed.setUp();
  });
  afterAll(async () => {
    await bed?.stop();
  });
  const posts = (channelId: string) => bed.fake.callsTo('POST', new RegExp(`^/channels/${channelId}/messages$`));

  it('a question post answered 429 is retried after retry_after and appears once', async () => {
    const { fake } = bed;
    fake.rateLimit('POST', new RegExp(`^/channels/${fake.channelId}/messages$`), 1);
    const { question } = await bed.ask();
    expect(posts(fake.channelId).map((c) => c.status)).toEqual([429, 200]);
    expectWaitedAfterEach429(posts(fake.channelId));
    expect(fake.botMessages(fake.channelId)).toEqual([question]);
  });

  it('a thread reply (an answer copy) answered 429 is retried after retry_after and appears once', async () => {
    const { fake } = bed;
    const question = fake.botMessages(fake.channelId)[0]!;
    fake.rateLimit('POST', new RegExp(`^/channels/${question.id}/messages$`), 1);
    expect(await bed.answerByModal(bed.member('bob'), question, 'Honour retry_after.')).toContain('posted in the thread');
    await waitFor(() => fake.botMessages(question.id).some((m) => buttonsOf(m).Upvote), 'the answer copy');
    expect(posts(question.id).map((c) => c.status)).toEqual([429, 200]);
    expectWaitedAfterEach429(posts(question.id));
    expect(fake.botMessages(question.id).filter((m) => textOf(m).includes('Honour retry_after'))).toHaveLength(1);
    expect(bed.errors()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';
import { SlackBed, USERS, blockText, buttonId, roundOf, type Who } from '../fakes/slack-harness.js';
import type { FakeMessage } from '../fakes/slack-server.js';

loopbackOnly();

const C = 'C0SOCKET1';
let bed: SlackBed;

beforeAll(async () => {
  bed = await SlackBed.start({ socket: true });
});
afterAll(async () => {
  await bed?.stop();
});

const privateTo = (who: Who, pattern: RegExp) => bed.privateTo(who, C, pattern);
const countPrivate = (who: Who, pattern: RegExp) => bed.countPrivate(who, C, pattern);
const acked = (id: string) => waitFor(() => bed.fake.acks.has(id), `ack of ${id}`);

describe('Socket Mode against the fake: envelopes, acks and a reconnect', () => {
  let question: FakeMessage;
  let aliceReply: Record<string, unknown>;

  it('connects with apps.connections.open and a ws://127.0.0.1 URL, then logs ready once', () => {
    expect(bed.running.mode).toBe('socket');
    expect(bed.fake.callsOf('apps.connections.open')).toHaveLength(1);
    expect(bed.fake.connections).toBe(1);
    expect(bed.logs.filter((l) => l.adapter === 'slack' && /ready/.test(String(l.msg)))).toHaveLength(1);
  });

  it('acks slash_commands envelopes by envelope_id and runs them', async () => {
    const setup = bed.fake.sendEnvelope('slash_commands', bed.commandPayload('admin', 'setup', C));
    await acked(setup);
    await privateTo('admin', /practice channel/);
    const ask = bed.fake.sendEnvelope('slash_commands', bed.commandPayload('admin', 'ask', C));
    await acked(ask);
    await privateTo('admin', /Posted a new question/);
    // The outbox posts the question after the commit.
    question = await waitFor(() => bed.fake.inChannel(C)[0], 'the question');
    await waitFor(async () => (await bed.repos.rounds.get(roundOf(question) as never)).status === 'open', 'the post recorded');
    expect(buttonId(question.blocks, 'Answer')).toMatch(/^dojo:answer:/);
  });

  it('acks events_api envelopes and records a thread reply as an answer', async () => {
    const m = bed.fake.userMessage(C, USERS.alice.id, 'Use a bounded queue.', question.ts);
    aliceReply = bed.eventPayload(
      { type: 'message', channel: C, user: m.user, text: m.text, ts: m.ts, thread_ts: question.ts },
      { eventId: 'Ev0SOCKREPLY' },
    );
    await acked(bed.fake.sendEnvelope('events_api', aliceReply));
    // The envelope is acked only once the answer is committed (Slack does not redeliver an acked envelope).
    expect((await bed.repos.answers.listByRound(roundOf(question) as never)).map((a) => a.text)).toEqual(['Use a bounded queue.']);
    await privateTo('alice', /Your answer is in/);
  });

  it('acks interactive envelopes and opens the Answer modal', async () => {
    await acked(
      bed.fake.sendEnvelope('interactive', bed.actionPayload('bob', { channel: C, ts: question.ts }, buttonId(question.blocks, 'Answer'))),
    );
    await waitFor(() => bed.fake.modals.find((m) => m.user === USERS.bob.id), 'modal for bob');
  });

  it('reconnects after a disconnect message, and later envelopes act exactly once', async () => {
    bed.fake.sendDisconnect('refresh_requested');
    await waitFor(() => bed.fake.connections === 2 && bed.fake.hasOpenSocket, 'a second connection', 10_000);
    expect(bed.fake.callsOf('apps.connections.open')).toHaveLength(2);

    const modal = bed.fake.modals.find((m) => m.user === USERS.bob.id)!;
    await acked(bed.fake.sendEnvelope('interactive', bed.viewPayload('bob', modal, { answer: 'Shed load early with 429s.' })));
    await privateTo('bob', /posted in the thread/);
    // The copy goes out through the outbox after the commit, so it may come just after the reply.
    const botCopies = () => bed.fake.inThread(C, question.ts).filter((m) => m.bot_id && /Bob/.test(blockText(m.blocks)));
    await waitFor(() => botCopies().length > 0 || undefined, 'the bot copy of the form answer');
    const copies = botCopies();
    expect(copies).toHaveLength(1);

    // Slack redelivers an envelope it thinks was lost in the reconnect: same event_id.
    await acked(bed.fake.sendEnvelope('events_api', aliceReply, { retryAttempt: 1 }));
    await waitFor(
      () => bed.logs.some((l) => l.msg === 'duplicate slack delivery ignored' && l.deliveryId === 'Ev0SOCKREPLY'),
      'redelivery ignored',
    );
    expect(countPrivate('alice', /Your answer is in/)).toBe(1);

    await acked(
      bed.fake.sendEnvelope(
        'interactive',
        bed.actionPayload('alice', { channel: C, ts: copies[0]!.ts, thread_ts: question.ts }, buttonId(copies[0]!.blocks, 'Upvote')),
      ),
    );
    await privateTo('alice', /Vote counted/);
    const answers = await bed.repos.answers.listByRound(roundOf(question) as never);
    expect(answers.map((a) => [a.authorName, a.votes])).toEqual([
      ['Alice', 0],
      ['Bob', 1],
    ]);
    expect(bed.fake.inThread(C, question.ts).filter((m) => m.bot_id)).toHaveLength(1);
  });

  it('made one auth.test for the whole session, reconnect included', () => {
    expect(bed.fake.callsOf('auth.test')).toHaveLength(1);
    expect(bed.logs.filter((l) => l.msg === 'slack delivery failed')).toEqual([]);
  });
});

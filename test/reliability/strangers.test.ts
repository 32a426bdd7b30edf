import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackBed, USERS } from '../fakes/slack-harness.js';
import type { FakeMessage } from '../fakes/slack-server.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

// Member and workspace rows are the bot's record of people; only its business creates them.
let bed: SlackBed;
let question: FakeMessage;

const memberRefs = () =>
  (bed.h.db.$client.prepare('SELECT user_ref FROM members ORDER BY user_ref').pluck().all() as string[]).map((r) =>
    r.replace(/^slack:/, ''),
  );
const workspaceCount = () => bed.h.db.$client.prepare('SELECT count(*) FROM workspaces').pluck().get() as number;

beforeAll(async () => {
  bed = await SlackBed.start();
  question = await bed.askIn('C0TRACK01');
});
afterAll(async () => {
  await bed?.stop();
});

describe('Events that concern nothing the bot keeps', () => {
  it('a message_deleted without previous_message removes the answer and creates no USLACKBOT member', async () => {
    const answer = await bed.reply('bob', question, 'Bounded caches and explicit lifetimes keep memory flat.');
    await waitFor(() => memberRefs().includes(USERS.bob.id), 'the answering member');
    const before = memberRefs();
    // The shape Slack documents for message_deleted: no previous_message when Slack cannot say whose it was.
    const status = await bed.deliver(
      'event',
      bed.eventPayload({
        type: 'message',
        subtype: 'message_deleted',
        hidden: true,
        channel: 'C0TRACK01',
        ts: `${Date.now() / 1000}`,
        deleted_ts: answer.ts,
      }),
    );
    expect(status).toBe(200);
    expect(bed.h.db.$client.prepare('SELECT count(*) FROM answers').pluck().get()).toBe(0);
    expect(memberRefs()).toEqual(before);
    expect(memberRefs()).not.toContain('USLACKBOT');
  });

  it('chatter outside practice channels and rounds, or from an unknown team, creates no member or workspace row', async () => {
    const before = memberRefs();
    const workspaces = workspaceCount();
    const elsewhere = bed.fake.userMessage('C0CHATTER', USERS.carol.id, 'Lunch at noon?');
    const mine = bed.fake.userMessage('C0TRACK01', USERS.alice.id, 'A top-level remark in the practice channel.');
    const events: [string, Record<string, unknown>][] = [
      [
        'a thread reply outside any round',
        { type: 'message', channel: 'C0CHATTER', user: USERS.dave.id, text: 'Sure', ts: '1800000100.000001', thread_ts: elsewhere.ts },
      ],
      [
        'a thread reply under a member message in the practice channel',
        { type: 'message', channel: 'C0TRACK01', user: USERS.carol.id, text: 'Agreed', ts: '1800000100.000002', thread_ts: mine.ts },
      ],
      ['a reaction on a message that is no answer', bed.reactionEvent('dave', { channel: 'C0CHATTER', ts: elsewhere.ts }, '+1')],
      [
        'a reaction removed from a message that is no answer',
        bed.reactionEvent('alice', { channel: 'C0CHATTER', ts: elsewhere.ts }, '+1', true),
      ],
      [
        'an edit of a message that is no answer',
        {
          type: 'message',
          subtype: 'message_changed',
          channel: 'C0CHATTER',
          message: {
            type: 'message',
            user: USERS.carol.id,
            text: 'Lunch at one?',
            ts: elsewhere.ts,
            edited: { user: USERS.carol.id, ts: '1800000100.000003' },
          },
          previous_message: { type: 'message', user: USERS.carol.id, text: 'Lunch at noon?', ts: elsewhere.ts },
        },
      ],
      [
        'a deletion with no previous_message outside any round',
        {
          type: 'message',
          subtype: 'message_deleted',
          hidden: true,
          channel: 'C0CHATTER',
          ts: '1800000100.000004',
          deleted_ts: elsewhere.ts,
        },
      ],
    ];
    for (const [what, event] of events) expect(await bed.deliver('event', bed.eventPayload(event)), what).toBe(200);
    // The same kinds of chatter from a team that never installed or used the bot.
    for (const [what, event] of events)
      expect(await bed.deliver('event', bed.eventPayload(event, { team: 'T0STRANGER' })), `${what}, other team`).toBe(200);
    // Members not in the name cache are looked up after the ack; wait for those look-ups to be done.
    await waitFor(() => bed.fake.callsOf('users.info').some((c) => JSON.stringify(c).includes(USERS.dave.id)), 'the look-up of dave');
    await bed.reply('bob', question, 'A second reply from bob is discussion.');
    expect(memberRefs()).toEqual(before);
    expect(workspaceCount()).toBe(workspaces);
    expect(bed.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);

    // A stranger's first answer in a round's thread still makes them a member.
    await bed.reply('carol', question, 'An answer from someone new to the bot.');
    await waitFor(() => memberRefs().includes(USERS.carol.id), 'the new answering member');
  });
});

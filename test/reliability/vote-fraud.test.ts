import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRef } from '../../src/core/index.js';
import { BOT_USER, SlackBed, TEAM, USERS, blockText, buttonId, roundOf, type Target, type Who } from '../fakes/slack-harness.js';
import type { FakeMessage } from '../fakes/slack-server.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

const C = 'C0FRAUD01';
const OTHER_BOT = { id: 'U0OTHERBOT', name: 'otherbot', display_name: 'Other Bot', is_bot: true };

let bed: SlackBed;
let question: FakeMessage;
/** Alice's thread reply, Bob's thread reply (deleted later), and the bot's copies of Carol's and Dave's form answers. */
let alice: Target;
let bob: Target;
let carol: Target & { upvote: string };
let dave: Target & { upvote: string };

const answers = async () => await bed.h.repos.answers.listByRound(roundOf(question) as never);
const votesFor = async (author: string) => (await answers()).find((a) => a.authorName === author)?.votes;
const voteRows = () => bed.h.db.$client.prepare('SELECT count(*) FROM votes WHERE retracted_at IS NULL').pluck().get() as number;
const said = (who: Who, pattern: RegExp) =>
  bed.fake.ephemeralsFor(USERS[who].id, C).filter((e) => pattern.test(blockText(e.blocks))).length;
/** Waits until the core has handled the Slack event with this id (its delivery claim is done). */
const handled = (eventId: string) =>
  waitFor(
    () =>
      bed.h.db.$client.prepare("SELECT done_at FROM processed_events WHERE platform = 'slack' AND delivery_id = ?").pluck().get(eventId),
    `event ${eventId} handled`,
  );
/** Waits until `who` has been told `pattern` `n` times in the practice channel. */
const toldTimes = (who: Who, pattern: RegExp, n: number, what: string) => waitFor(() => said(who, pattern) === n, what);

/** Totals per member equal the ledger per member, read straight from the tables. */
function totalsEqualLedger(): void {
  const c = bed.h.db.$client;
  const ledger = c.prepare('SELECT member_id AS m, SUM(points) AS p FROM score_ledger GROUP BY member_id ORDER BY member_id').all();
  const totals = c
    .prepare("SELECT member_id AS m, points AS p FROM score_totals WHERE period = 'all' AND category = '' ORDER BY member_id")
    .all();
  expect(totals).toEqual(ledger);
}

beforeAll(async () => {
  bed = await SlackBed.start();
  bed.fake.opts.users.push(OTHER_BOT);
  question = await bed.askIn(C);
  const thread = { channel: C, ts: question.ts };
  const a = await bed.reply('alice', thread, 'Rate-limit per key and alert on anomalies.');
  const b = await bed.reply('bob', thread, 'Log everything, decide later.');
  await waitFor(async () => (await answers()).length === 2, 'two thread answers');
  alice = { channel: C, ts: a.ts, thread_ts: question.ts };
  bob = { channel: C, ts: b.ts, thread_ts: question.ts };
  const carolCopy = await bed.answerByModal('carol', question, 'Idempotency keys on every write.');
  const daveCopy = await bed.answerByModal('dave', question, 'Unique indexes, not caches, decide duplicates.');
  carol = { channel: C, ts: carolCopy.ts, thread_ts: question.ts, upvote: buttonId(carolCopy.blocks, 'Upvote') };
  dave = { channel: C, ts: daveCopy.ts, thread_ts: question.ts, upvote: buttonId(daveCopy.blocks, 'Upvote') };
});
afterAll(async () => {
  await bed?.stop();
});

describe('vote fraud through Slack', () => {
  it('a member cannot vote for their own answer, by reaction on their reply or on the bot copy, or by Upvote', async () => {
    await bed.react('alice', alice, '+1');
    await bed.react('carol', carol, '+1');
    await bed.press('carol', carol, carol.upvote);
    await toldTimes('alice', /can't vote for your own answer/, 1, "alice's self-vote refusal");
    await toldTimes('carol', /can't vote for your own answer/, 2, "carol's two self-vote refusals");
    expect(voteRows()).toBe(0);
  });

  it("neither the bot's own reaction nor another app's bot reaction counts as a vote", async () => {
    const reactAs = (user: string, eventId: string) => {
      bed.fake.react(C, alice.ts, '+1', user);
      return bed.deliver(
        'event',
        bed.eventPayload(
          { type: 'reaction_added', user, reaction: '+1', item: { type: 'message', channel: C, ts: alice.ts } },
          { eventId },
        ),
      );
    };
    // The bot's own reactions never reach the core; another app's bot is known as a bot from users.info.
    expect(await reactAs(BOT_USER, 'Ev0OWNBOT1')).toBe(200);
    expect(await reactAs(OTHER_BOT.id, 'Ev0OTHERBOT1')).toBe(200);
    await handled('Ev0OTHERBOT1');
    expect(bed.fake.callsOf('users.info').some((c) => c.args.user === OTHER_BOT.id)).toBe(true);
    expect(voteRows()).toBe(0);
    await bed.react('dave', alice, '+1', false, { eventId: 'Ev0DAVEVOTE1' });
    await handled('Ev0DAVEVOTE1');
    expect(await votesFor('Alice')).toBe(1);
    expect(bed.h.db.$client.prepare('SELECT count(*) FROM processed_events WHERE delivery_id = ?').pluck().get('Ev0OWNBOT1')).toBe(0);
  });

  it('a member voting by reaction and by Upvote on the same answer, in either order, has one vote', async () => {
    await bed.react('bob', carol, '+1');
    await waitFor(async () => (await votesFor('Carol')) === 1, "bob's reaction vote for carol");
    await bed.press('bob', carol, carol.upvote);
    await toldTimes('bob', /already voted/, 1, "bob's duplicate refusal");
    await bed.press('alice', dave, dave.upvote);
    await bed.privateTo('alice', C, /Vote counted/);
    await bed.react('alice', dave, '+1');
    await toldTimes('alice', /already voted/, 1, "alice's duplicate refusal");
    // Taking the reaction back must not take back the vote that came from the button.
    await bed.react('alice', dave, '+1', true, { eventId: 'Ev0ALICEUNREACT' });
    await handled('Ev0ALICEUNREACT');
    expect([await votesFor('Carol'), await votesFor('Dave')]).toEqual([1, 1]);
    // A reaction vote is taken back by removing the reaction.
    await bed.react('dave', alice, '+1', true, { eventId: 'Ev0DAVEUNREACT' });
    await handled('Ev0DAVEUNREACT');
    expect(await votesFor('Alice')).toBe(0);
  });

  it('50 concurrent Upvote clicks from one member count one vote and award its points once', async () => {
    const statuses = await Promise.all(Array.from({ length: 50 }, () => bed.press('admin', dave, dave.upvote)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    await toldTimes('admin', /Vote counted|already voted/, 50, 'fifty replies');
    expect(said('admin', /Vote counted/)).toBe(1);
    expect(said('admin', /already voted/)).toBe(49);
    expect(await votesFor('Dave')).toBe(2);
    const c = bed.h.db.$client;
    const adminVotes = c
      .prepare(
        "SELECT 'vote:' || v.answer_id || ':' || v.voter_id || ':' || v.casts FROM votes v JOIN members m ON m.id = v.voter_id WHERE m.user_ref = ?",
      )
      .pluck()
      .all(USERS.admin.id) as string[];
    expect(adminVotes).toHaveLength(1);
    expect(c.prepare('SELECT count(*) FROM score_ledger WHERE award_key = ?').pluck().get(adminVotes[0])).toBe(1);
    expect(bed.logs.filter((l) => l.msg === 'slack delivery failed')).toEqual([]);
  });

  it('a vote on a deleted answer is refused, by a late reaction or by Upvote on an erased member’s copy', async () => {
    await bed.react('carol', bob, '+1');
    await waitFor(async () => (await votesFor('Bob')) === 1, "carol's vote for bob");
    await bed.deliver(
      'event',
      bed.eventPayload({
        type: 'message',
        subtype: 'message_deleted',
        channel: C,
        hidden: true,
        deleted_ts: bob.ts,
        ts: `${Date.now() / 1000}`,
        previous_message: { type: 'message', user: USERS.bob.id, text: 'x', ts: bob.ts, thread_ts: question.ts },
      }),
    );
    await waitFor(async () => (await votesFor('Bob')) === undefined, "bob's answer removed");
    const rows = voteRows();
    await bed.react('dave', bob, '+1', false, { eventId: 'Ev0LATEVOTE1' });
    await handled('Ev0LATEVOTE1');
    expect(voteRows()).toBe(rows);
    // Carol erases herself; her answer goes, the bot's copy with its Upvote button stays in Slack.
    await bed.command('carol', 'forget-me', C);
    const ask = await bed.privateTo('carol', C, /cannot be undone/);
    await bed.press('carol', { channel: C, ts: '1764490000.000009', ephemeral: true }, buttonId(ask.blocks, 'Erase my data'));
    await bed.privateTo('carol', C, /erased/);
    await bed.press('dave', carol, carol.upvote);
    await bed.privateTo('dave', C, /answer was removed/);
    expect(await votesFor('Carol')).toBeUndefined();
    // Carol's vote for Bob went with Bob's answer; Bob's vote for Carol went with Carol's.
    expect(voteRows()).toBe(rows - 1);
    totalsEqualLedger();
  });

  it('votes after the round closed are refused, by reaction and by Upvote', async () => {
    await bed.command('admin', 'close', C);
    await bed.privateTo('admin', C, /closed/i, 'the close reply');
    const rows = voteRows();
    await bed.react('bob', alice, '+1', false, { eventId: 'Ev0AFTERCLOSE' });
    await bed.press('bob', dave, dave.upvote);
    await toldTimes('bob', /Voting for this round has closed/, 2, 'two closed-round refusals');
    expect(voteRows()).toBe(rows);
  });

  it('after all of it, /dojo config rebuild finds the totals already equal to the ledger', async () => {
    totalsEqualLedger();
    await bed.command('admin', 'config rebuild', C);
    await bed.privateTo('admin', C, /Rebuilt totals from the ledger: everything already matched/, 'the rebuild reply');
    const ws = (await bed.h.repos.workspaces.findByRef('slack', workspaceRef(TEAM)))!;
    expect(await bed.h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
    expect([await votesFor('Alice'), await votesFor('Dave')]).toEqual([0, 2]);
  });
});

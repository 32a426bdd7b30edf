import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';
import { SlackBed, TEAM, USERS, blockText, buttonId, type Who } from '../fakes/slack-harness.js';
import type { FakeMessage, FakeSlack } from '../fakes/slack-server.js';

loopbackOnly();

const C = 'C0REVIEW1';
let bed: SlackBed;

beforeAll(async () => {
  bed = await SlackBed.start();
});
afterAll(async () => {
  await bed?.stop();
});

const privateTo = (who: Who, pattern: RegExp) => bed.privateTo(who, C, pattern);
const countPrivate = (who: Who, pattern: RegExp) => bed.countPrivate(who, C, pattern);
const member = async (who: Who) => {
  const ws = (await bed.repos.workspaces.findByRef('slack', TEAM as never))!;
  return (await bed.repos.members.findByRawId(ws.id, USERS[who].id))!;
};

/** Presses Review on a bot copy and returns the modal Slack opened for `who`. */
async function openReview(who: Who, copy: FakeMessage): Promise<FakeSlack['modals'][number]> {
  const before = bed.fake.modals.length;
  expect(await bed.press(who, { channel: C, ts: copy.ts }, buttonId(copy.blocks, 'Review'))).toBe(200);
  return waitFor(() => bed.fake.modals.slice(before).find((m) => m.user === USERS[who].id), `the review modal for ${who}`);
}

describe('peer reviews on Slack (real Bolt against FakeSlack)', () => {
  let question: FakeMessage;
  let copy: FakeMessage;
  let answerId: number;

  it('puts a Review button on the bot’s copy of a form answer', async () => {
    await bed.command('admin', 'setup', C);
    await privateTo('admin', /practice channel/);
    await bed.command('admin', 'ask', C);
    question = await waitFor(
      () => bed.fake.inChannel(C).find((m) => String(m.metadata?.event_payload.marker).startsWith('round:')),
      'the question',
    );
    copy = await bed.answerByModal('alice', question, 'I would profile first, then fix the hottest path and measure again.');
    answerId = Number(/(\d+)$/.exec(buttonId(copy.blocks, 'Review'))![1]);
    expect(buttonId(copy.blocks, 'Review')).toBe(`dojo:review:${answerId}`);
  });

  it('opens a modal with the key points as checkboxes and an optional comment', async () => {
    const modal = await openReview('bob', copy);
    const blocks = modal.view.blocks as { block_id?: string; optional?: boolean; element?: { type: string; options?: unknown[] } }[];
    const covered = blocks.find((b) => b.block_id === 'covered')!;
    expect(covered.element!.type).toBe('checkboxes');
    expect(covered.element!.options!.length).toBeGreaterThan(1);
    expect(blocks.find((b) => b.block_id === 'comment')).toMatchObject({ optional: true, element: { type: 'plain_text_input' } });
    expect(blockText(blocks as unknown[])).toContain('Key points');
  });

  it('records the ticked checkboxes once, even when the submission is delivered twice, and tells the author privately', async () => {
    const modal = await openReview('bob', copy);
    const payload = bed.viewPayload('bob', modal, { covered: '1,2', comment: 'Say how you would measure.' });
    expect(await bed.deliver('interactive', payload)).toBe(200);
    expect(await bed.deliver('interactive', payload)).toBe(200);
    const notice = await privateTo('alice', /New review of your answer/);
    expect(blockText(notice.blocks)).toMatch(/Bob\* found 2 of \d+ key points/);
    expect(blockText(notice.blocks)).toContain('Say how you would measure.');
    const reviews = await bed.repos.peerReviews.listByAnswer(answerId as never);
    expect(reviews).toEqual([expect.objectContaining({ covered: [1, 2], comment: 'Say how you would measure.', points: 2 })]);
    const bob = await member('bob');
    const ws = (await bed.repos.workspaces.findByRef('slack', TEAM as never))!;
    expect(await bed.repos.scores.sumLedger(ws.id, bob.id)).toBe(2);
    await privateTo('bob', /Review sent to Alice/);
    expect(countPrivate('alice', /New review of your answer/)).toBe(1);
  });

  it('opens the review again with the earlier ticks, and refuses a self-review privately', async () => {
    const again = await openReview('bob', copy);
    const covered = (again.view.blocks as { block_id?: string; element?: { initial_options?: { value: string }[] } }[]).find(
      (b) => b.block_id === 'covered',
    )!;
    expect(covered.element!.initial_options!.map((o) => o.value)).toEqual(['1', '2']);
    await bed.press('alice', { channel: C, ts: copy.ts }, buttonId(copy.blocks, 'Review'));
    await privateTo('alice', /can't review your own answer/);
  });

  it('opens the review from the "Review answer" message shortcut on a member’s own thread reply', async () => {
    const reply = await bed.reply('bob', { channel: C, ts: question.ts }, 'Measure first, then cache the hottest read and watch p99.');
    await privateTo('bob', /Your answer is in/);
    const u = USERS.dave;
    const shortcut = {
      type: 'message_action',
      callback_id: 'dojo_review_answer',
      trigger_id: bed.fake.newTrigger(u.id),
      team: { id: TEAM, domain: 'fake' },
      user: { id: u.id, username: u.name, name: u.name, team_id: TEAM },
      channel: { id: C, name: 'practice' },
      message: { type: 'message', ts: reply.ts, thread_ts: question.ts, user: USERS.bob.id, text: reply.text },
      message_ts: reply.ts,
      response_url: bed.fake.responseUrl(C, u.id),
      action_ts: `${Date.now() / 1000}`,
    };
    const before = bed.fake.modals.length;
    expect(await bed.deliver('interactive', shortcut)).toBe(200);
    const modal = await waitFor(() => bed.fake.modals.slice(before).find((m) => m.user === u.id), 'the review modal for dave');
    expect(JSON.parse(String(modal.view.private_metadata)).f).toMatch(/^dojo:review-form:\d+$/);
    await bed.submit('dave', modal, { covered: '1', comment: '' });
    await privateTo('dave', /Review sent to Bob/);
    // On the question itself (not an answer) the shortcut says so privately.
    await bed.deliver('interactive', {
      ...shortcut,
      trigger_id: bed.fake.newTrigger(u.id),
      message: { type: 'message', ts: question.ts, text: '' },
    });
    await privateTo('dave', /not an answer/);
  });

  it('at close shows the coverage in the summary and sends the author one private summary', async () => {
    await bed.command('admin', 'close', C);
    const summary = await waitFor(
      () => bed.fake.inThread(C, question.ts).find((m) => m.bot_id && /Round closed/.test(blockText(m.blocks))),
      'the round summary',
    );
    // No votes: no places, and so no coverage line; the private summaries carry it.
    expect(blockText(summary.blocks)).toMatch(/2 answers but no votes/);
    const mine = await privateTo('alice', /Your peer reviews/);
    expect(blockText(mine.blocks)).toMatch(/covers \d+ of \d+ key points \(1 review\)/);
    expect(blockText(mine.blocks)).toContain('Bob: Say how you would measure.');
    expect(buttonId(mine.blocks, 'Self-check')).toBe(`dojo:self-check:${answerId}`);
    await bed.press('bob', { channel: C, ts: copy.ts }, buttonId(copy.blocks, 'Review'));
    await privateTo('bob', /Reviews for this round have closed/);
  });
});

import { describe, expect, it } from 'vitest';
import { messageRef, type Reply } from '../../src/core/index.js';
import { rowsMentioning } from '../support/db-scan.js';
import { createHarness, type Harness } from '../support/core-harness.js';

// pitch-hr-final-round has seven key points.
const QUESTION = 'pitch-hr-final-round';
const ALL = '1,2,3,4,5,6,7';

async function roundWithAnswers(opts: { setup?: string } = {}) {
  const h = createHarness();
  await h.command('admin', `setup${opts.setup ? ` ${opts.setup}` : ''}`, { admin: true });
  await h.command('admin', `ask ${QUESTION}`, { admin: true });
  const thread = h.port.questions()[0]!.ref;
  for (const u of ['alice', 'bob', 'carol'])
    await h.as(u, { kind: 'reply-posted', thread, message: messageRef(`m-${u}`), text: `The answer of ${u}, with reasons and evidence.` });
  const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
  const answerOf = async (u: string) => (await h.repos.answers.findByMessage(messageRef(`m-${u}`)))!;
  const memberOf = async (u: string) => (await h.repos.members.findByRef(ws.id, u as never))!;
  return { h, thread, ws, answerOf, memberOf };
}

const press = (h: Harness, user: string, actionId: string, opts: { bot?: boolean } = {}) =>
  h.as(user, { kind: 'button-pressed', actionId }, opts);

async function review(h: Harness, user: string, answerId: number, covered: string, comment = '', deliveryId?: string): Promise<Reply> {
  const opened = await press(h, user, `dojo:review:${answerId}`);
  expect(opened.form?.formId, JSON.stringify(opened.private)).toBe(`dojo:review-form:${answerId}`);
  return h.as(user, {
    kind: 'form-submitted',
    formId: opened.form!.formId,
    values: { covered, comment },
    ...(deliveryId ? { deliveryId } : {}),
  });
}

const told = (h: Harness, user: string) =>
  h.port.posts.filter((p) => p.to === user).map((p) => `${p.message.title ?? ''}\n${p.message.text}`);
const sum = async (h: Harness, wsId: number, memberId: number) => h.repos.scores.sumLedger(wsId, memberId);

describe('reviewing a teammate’s answer', () => {
  it('opens a checklist of the key points and a comment, then tells the author privately what the reviewer found', async () => {
    const { h, ws, answerOf, memberOf } = await roundWithAnswers();
    const alice = await answerOf('alice');
    const opened = await press(h, 'bob', `dojo:review:${alice.id}`);
    const [covered, comment] = opened.form!.inputs;
    expect(covered!.choices).toHaveLength(7);
    expect(covered!.choices![0]).toEqual({ label: expect.stringMatching(/^1\. Gives two or three specific reasons/), value: '1' });
    expect(comment).toMatchObject({ id: 'comment', maxLength: 500, optional: true });
    expect(opened.form!.intro).toContain('The answer of alice');

    const sent = await review(h, 'bob', alice.id, '1, 3', 'You never said what you are looking for.');
    expect(sent.private[0]!.text).toMatch(/Review sent to alice \(2 of 7 key points, \+2\)/);
    const notice = told(h, 'alice').at(-1)!;
    expect(notice).toMatch(/New review of your answer/);
    expect(notice).toMatch(/bob\*\* found 2 of 7 key points/);
    expect(notice).toContain('Gives two or three specific reasons');
    // The points the reviewer did not tick stay hidden until the summary.
    expect(notice).not.toContain('Handles compensation');
    expect(notice).toContain('You never said what you are looking for.');
    expect(await sum(h, ws.id, (await memberOf('bob')).id)).toBe(12);
  });

  it('keeps one review per reviewer and answer: submitting again edits it, with no new points', async () => {
    const { h, ws, answerOf, memberOf } = await roundWithAnswers();
    const alice = await answerOf('alice');
    await review(h, 'bob', alice.id, '1');
    const reopened = await press(h, 'bob', `dojo:review:${alice.id}`);
    expect(reopened.form!.title).toBe('Edit your review');
    expect(reopened.form!.inputs[0]!.value).toBe('1');
    const edited = await review(h, 'bob', alice.id, '1,2,4', 'Better on reflection.');
    expect(edited.private[0]!.text).toMatch(/updated \(3 of 7 key points\)/);
    expect(told(h, 'alice').at(-1)).toMatch(/A review of your answer changed/);
    const stored = (await h.repos.peerReviews.listByAnswer(alice.id))!;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ covered: [1, 2, 4], comment: 'Better on reflection.', points: 2 });
    expect(await sum(h, ws.id, (await memberOf('bob')).id)).toBe(12);
  });

  it('counts a review delivered twice once', async () => {
    const { h, ws, answerOf, memberOf } = await roundWithAnswers();
    const alice = await answerOf('alice');
    await review(h, 'bob', alice.id, '2', 'first', 'delivery-1');
    const again = await h.as('bob', {
      kind: 'form-submitted',
      formId: `dojo:review-form:${alice.id}`,
      values: { covered: '2', comment: 'first' },
      deliveryId: 'delivery-1',
    });
    expect(again.private).toEqual([]);
    expect(told(h, 'alice').filter((t) => /review of your answer/.test(t))).toHaveLength(1);
    expect(await sum(h, ws.id, (await memberOf('bob')).id)).toBe(12);
  });

  it('refuses self-reviews, bots, bad key point numbers, long comments and closed rounds with a reason', async () => {
    const { h, answerOf } = await roundWithAnswers();
    const alice = await answerOf('alice');
    expect((await press(h, 'alice', `dojo:review:${alice.id}`)).private[0]!.text).toMatch(/can't review your own answer/);
    expect((await press(h, 'robot', `dojo:review:${alice.id}`, { bot: true })).form).toBeUndefined();
    const form = `dojo:review-form:${alice.id}`;
    const bad = await h.as('bob', { kind: 'form-submitted', formId: form, values: { covered: '1,9', comment: '' } });
    expect(bad.private[0]!.text).toMatch(/1 to 7.*got "9".*not saved/);
    const long = await h.as('bob', { kind: 'form-submitted', formId: form, values: { covered: '1', comment: 'x'.repeat(501) } });
    expect(long.private[0]!.text).toMatch(/at most 500 characters; yours has 501/);
    expect(await h.repos.peerReviews.listByAnswer(alice.id)).toEqual([]);
    await h.command('admin', 'close', { admin: true });
    expect((await press(h, 'bob', `dojo:review:${alice.id}`)).private[0]!.text).toMatch(/Reviews for this round have closed/);
    const late = await h.as('bob', { kind: 'form-submitted', formId: form, values: { covered: '1', comment: '' } });
    expect(late.private[0]!.text).toMatch(/closed/);
  });

  it('in a blind round, opens reviews only after the reveal, on the revealed copies', async () => {
    const h = createHarness();
    await h.command('admin', 'setup mode=blind', { admin: true });
    await h.command('admin', `ask ${QUESTION}`, { admin: true });
    const roundId = Number(/(\d+)$/.exec(h.port.questions()[0]!.message.buttons![0]!.actionId)![1]);
    const answer = await h.as('alice', { kind: 'button-pressed', actionId: `dojo:answer:${roundId}` });
    await h.as('alice', { kind: 'form-submitted', formId: answer.form!.formId, values: { answer: 'Evidence, fit and a clear ask.' } });
    const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
    const alice = (await h.repos.answers.findByMember(roundId, (await h.repos.members.findByRef(ws.id, 'alice' as never))!.id))!;
    expect((await press(h, 'bob', `dojo:review:${alice.id}`)).private[0]!.text).toMatch(/reviews open when the answers are revealed/);
    h.clock.advance(5 * 3_600_000);
    await h.dojo.tick();
    await h.dojo.drain();
    const copy = h.port.posts.find((p) => p.message.marker === `answer:${alice.id}`)!;
    expect(copy.message.buttons!.map((b) => b.label)).toEqual(['Upvote', 'Review']);
    const opened = await h.as('bob', { kind: 'button-pressed', actionId: copy.message.buttons![1]!.actionId, message: copy.ref });
    expect(opened.form?.formId).toBe(`dojo:review-form:${alice.id}`);
  });

  it('never lets a member of another workspace review (or see) an answer', async () => {
    const { h, answerOf } = await roundWithAnswers();
    const alice = await answerOf('alice');
    const other = {
      platform: 'test' as const,
      workspace: 'T2' as never,
      channel: 'C9' as never,
      actor: { ref: 'zed' as never, name: 'zed', isBot: false, isPlatformAdmin: false },
    };
    const opened = await h.dojo.handle({ ...other, kind: 'button-pressed', actionId: `dojo:review:${alice.id}` });
    expect(opened.form).toBeUndefined();
    expect(opened.private[0]!.text).toMatch(/removed/);
    const sent = await h.dojo.handle({
      ...other,
      kind: 'form-submitted',
      formId: `dojo:review-form:${alice.id}`,
      values: { covered: '1', comment: 'x' },
    });
    expect(sent.private[0]!.text).toMatch(/removed/);
    expect(await h.repos.peerReviews.listByAnswer(alice.id)).toEqual([]);
  });

  it('opens the form from the answer message itself (a thread reply or the bot copy)', async () => {
    const { h, answerOf } = await roundWithAnswers();
    const opened = await h.as('bob', { kind: 'button-pressed', actionId: 'dojo:review-message', message: messageRef('m-carol') });
    expect(opened.form?.formId).toBe(`dojo:review-form:${(await answerOf('carol')).id}`);
    const none = await h.as('bob', { kind: 'button-pressed', actionId: 'dojo:review-message', message: messageRef('nope') });
    expect(none.private[0]!.text).toMatch(/not an answer/);
  });

  it('pays review points for the first three reviews a member gives per round, as configured', async () => {
    const { h, ws, thread, answerOf, memberOf } = await roundWithAnswers();
    await h.as('dave', { kind: 'reply-posted', thread, message: messageRef('m-dave'), text: 'The answer of dave, short and clear.' });
    await h.command('admin', 'config points.review=3 points.reviewcap=2', { admin: true });
    for (const u of ['alice', 'bob', 'carol', 'dave']) await review(h, 'erin', (await answerOf(u)).id, '1');
    const erin = await memberOf('erin');
    expect((await h.repos.peerReviews.listByReviewer(erin.id)).map((r) => r.points)).toEqual([3, 3, 0, 0]);
    expect(await sum(h, ws.id, erin.id)).toBe(6);
  });
});

describe('reviews at close', () => {
  it('breaks vote ties by coverage, shows coverage beside ranked answers and sends each reviewed author one summary', async () => {
    const { h, ws, answerOf, memberOf } = await roundWithAnswers();
    const [alice, bob, carol] = [await answerOf('alice'), await answerOf('bob'), await answerOf('carol')];
    await h.as('dave', { kind: 'reaction-added', message: messageRef('m-bob'), emoji: '+1' });
    await h.as('dave', { kind: 'reaction-added', message: messageRef('m-carol'), emoji: '+1' });
    await review(h, 'dave', carol.id, '1,2,3', 'Strong evidence.');
    await review(h, 'erin', carol.id, '1,2', 'Say what you want next.');
    await review(h, 'dave', bob.id, '1');
    await review(h, 'erin', alice.id, ALL);
    await review(h, 'dave', alice.id, ALL);
    const before = h.port.posts.length;
    await h.command('admin', 'close', { admin: true });
    const summary = h.port.posts.slice(before).find((p) => p.message.title === 'Round closed')!.message.text;
    expect(summary).toMatch(/🥇 \*\*carol\*\* · 1 vote \(\+15\) · covers 3 of 7 key points \(2 reviews\)/);
    expect(summary).toMatch(/🥈 \*\*bob\*\* · 1 vote \(\+10\) · covers 1 of 7 key points \(1 review\)/);
    // Two reviewers found every key point in alice's answer: the completeness award.
    expect(await sum(h, ws.id, (await memberOf('alice')).id)).toBe(10 + 5);
    const carolSummary = told(h, 'carol').find((t) => t.startsWith('Your peer reviews'))!;
    expect(carolSummary).toMatch(/covers 3 of 7 key points \(2 reviews\)/);
    expect(carolSummary).toMatch(/✅ 2\/2 · Gives two or three specific reasons/);
    expect(carolSummary).toMatch(/✅ 1\/2 · Shows leadership beyond code/);
    expect(carolSummary).toMatch(/\*\*Nobody found:\*\*\n- States what you are looking for/);
    expect(carolSummary).toContain('- dave: Strong evidence.');
    expect(carolSummary).toContain('- erin: Say what you want next.');
    expect(told(h, 'carol').filter((t) => t.startsWith('Your peer reviews'))).toHaveLength(1);
    expect(await h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
  });

  it('ranks by coverage when the channel says rank=coverage', async () => {
    const { h, answerOf } = await roundWithAnswers({ setup: 'rank=coverage' });
    await h.as('dave', { kind: 'reaction-added', message: messageRef('m-bob'), emoji: '+1' });
    await h.as('erin', { kind: 'reaction-added', message: messageRef('m-bob'), emoji: '+1' });
    await review(h, 'dave', (await answerOf('alice')).id, '1,2,3,4');
    await review(h, 'dave', (await answerOf('bob')).id, '1');
    const before = h.port.posts.length;
    await h.command('admin', 'close', { admin: true });
    const summary = h.port.posts.slice(before).find((p) => p.message.title === 'Round closed')!.message.text;
    expect(summary.indexOf('**alice**')).toBeLessThan(summary.indexOf('**bob**'));
    expect(summary).toMatch(/🥇 \*\*alice\*\* · 0 votes \(\+15\) · covers 4 of 7/);
    expect(summary).not.toMatch(/[🥇🥈🥉] \*\*carol/u);
  });

  it('lets the author self-check after close and shows only them the gap to their reviewers', async () => {
    const { h, answerOf } = await roundWithAnswers();
    const carol = await answerOf('carol');
    await review(h, 'dave', carol.id, '1,2');
    await review(h, 'erin', carol.id, '1,5');
    expect((await press(h, 'carol', `dojo:self-check:${carol.id}`)).private[0]!.text).toMatch(/opens when the round closes/);
    await h.command('admin', 'close', { admin: true });
    const summary = h.port.posts.filter((p) => p.to === 'carol').at(-1)!.message;
    const button = summary.buttons!.find((b) => b.label === 'Self-check')!;
    expect((await press(h, 'dave', button.actionId)).private[0]!.text).toMatch(/no answer of yours/);
    const form = await press(h, 'carol', button.actionId);
    const gap = await h.as('carol', { kind: 'form-submitted', formId: form.form!.formId, values: { covered: '1,3' } });
    const text = gap.private[0]!.text;
    expect(text).toMatch(/You think you covered 2 of 7 key points; your reviewers found 3 \(2 reviews\)/);
    expect(text).toMatch(/You counted, your reviewers did not:\*\*\n- Shows leadership beyond code/);
    expect(text).toMatch(/Your reviewers found, you did not count:\*\*\n- Connects your strengths[^\n]*\n- Handles compensation/);
    expect((await press(h, 'carol', button.actionId)).form!.inputs[0]!.value).toBe('1,3');
    // The same form from a command, where the summary's button cannot be pressed.
    expect((await h.command('carol', 'self-check')).form!.formId).toBe(`dojo:self-check-form:${carol.id}`);
    expect((await h.command('dave', 'self-check')).private[0]!.text).toMatch(/no answer in a closed round/);
  });
});

describe('reviews taken back', () => {
  it('a deleted answer takes back its reviews and the reviewers’ points; totals equal the ledger', async () => {
    const { h, ws, answerOf, memberOf } = await roundWithAnswers();
    const alice = await answerOf('alice');
    await review(h, 'dave', alice.id, '1');
    await review(h, 'dave', (await answerOf('bob')).id, '1');
    const dave = await memberOf('dave');
    expect(await sum(h, ws.id, dave.id)).toBe(4);
    await h.as('alice', { kind: 'reply-deleted', message: messageRef('m-alice') });
    expect(await h.repos.peerReviews.listByReviewer(dave.id)).toHaveLength(1);
    expect(await sum(h, ws.id, dave.id)).toBe(2);
    const keys = (await h.repos.scores.ledgerFor(dave.id)).map((a) => a.awardKey);
    expect(keys).toContain(`review-undo:${alice.id}:${dave.id}`);
    expect(await h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
  });

  it('forget-me erases the reviewer’s reviews and takes back a completeness award that needed them', async () => {
    const { h, ws, answerOf, memberOf } = await roundWithAnswers();
    const alice = await answerOf('alice');
    await review(h, 'dave', alice.id, ALL, 'dave-secret-comment');
    await review(h, 'erin', alice.id, ALL);
    await h.command('admin', 'close', { admin: true });
    const aliceId = (await memberOf('alice')).id;
    expect(await sum(h, ws.id, aliceId)).toBe(15);
    const daveId = (await memberOf('dave')).id;
    await h.as('dave', { kind: 'button-pressed', actionId: 'dojo:forget:confirm' });
    expect(await sum(h, ws.id, aliceId)).toBe(10);
    expect(await h.repos.peerReviews.listByAnswer(alice.id)).toHaveLength(1);
    // Messages already sent keep their text in the outbox log; no other table mentions the comment.
    expect(rowsMentioning(h.db.$client, 'dave-secret-comment').filter((r) => !r.startsWith('outbox'))).toEqual([]);
    expect(h.db.$client.prepare('SELECT count(*) FROM peer_reviews WHERE reviewer_id = ?').pluck().get(daveId)).toBe(0);
    expect(await h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
  });

  it('an erased author takes their self-checks and the reviews of their answers with them', async () => {
    const { h, answerOf } = await roundWithAnswers();
    const carol = await answerOf('carol');
    await review(h, 'dave', carol.id, '1');
    await h.command('admin', 'close', { admin: true });
    const form = await press(h, 'carol', `dojo:self-check:${carol.id}`);
    await h.as('carol', { kind: 'form-submitted', formId: form.form!.formId, values: { covered: '1' } });
    await h.as('carol', { kind: 'button-pressed', actionId: 'dojo:forget:confirm' });
    expect(await h.repos.peerReviews.listByAnswer(carol.id)).toEqual([]);
    expect(await h.repos.meta.get(`self-check:${carol.id}`)).toBeUndefined();
  });
});

describe('stats and export', () => {
  it('show reviews given and received, and average coverage over time', async () => {
    const { h, answerOf } = await roundWithAnswers();
    await review(h, 'dave', (await answerOf('carol')).id, '1,2', 'Good start.');
    await review(h, 'carol', (await answerOf('alice')).id, '1');
    await h.command('admin', 'close', { admin: true });
    const stats = (await h.command('carol', 'stats')).private[0]!.text;
    expect(stats).toMatch(
      /\*\*Peer reviews:\*\* 1 given · 1 received · \*\*key point coverage:\*\* 29% on average over 1 answer \(latest: 29%\)/,
    );
    const data = JSON.parse((await h.command('carol', 'export')).private[0]!.code!);
    expect(data.reviewsGiven).toEqual([expect.objectContaining({ keyPointsFound: [1], comment: '' })]);
    expect(data.reviewsReceived).toEqual([expect.objectContaining({ keyPointsFound: [1, 2], comment: 'Good start.' })]);
    expect(JSON.stringify(data)).not.toMatch(/"dave"/);
  });
});

import { describe, expect, it } from 'vitest';
import { createHarness, CH } from '../support/core-harness.js';
import { messageRef } from '../../src/core/index.js';

const reply = (h: ReturnType<typeof createHarness>, user: string, thread: string, id: string, text: string) =>
  h.as(user, { kind: 'reply-posted', thread: messageRef(thread), message: messageRef(id), text });
const react = (
  h: ReturnType<typeof createHarness>,
  user: string,
  message: string,
  kind: 'reaction-added' | 'reaction-removed' = 'reaction-added',
  emoji = '+1',
) => h.as(user, { kind, message: messageRef(message), emoji });

async function dailyRound() {
  const h = createHarness();
  await h.command('admin', 'setup', { admin: true });
  h.clock.set('2026-11-30T09:00:00Z');
  await h.dojo.tick();
  const q = h.port.questions()[0]!;
  return { h, thread: q.ref as string };
}

describe('the daily round', () => {
  it('posts the question at the scheduled local time, with an Answer button', async () => {
    const { h } = await dailyRound();
    const q = h.port.questions();
    expect(q).toHaveLength(1);
    expect(q[0]!.channel).toBe(CH);
    expect(q[0]!.message.buttons?.[0]?.label).toBe('Answer');
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(1);
  });

  it('takes the first non-empty reply as the answer and later replies as discussion', async () => {
    const { h, thread } = await dailyRound();
    const first = await reply(h, 'alice', thread, 'a1', 'Timers, poll, check.');
    expect(first.private[0]!.text).toContain('+10');
    const second = await reply(h, 'alice', thread, 'a2', 'Also close callbacks.');
    expect(second.private).toEqual([]);
    expect(await h.repos.answers.findByMessage(messageRef('a2'))).toBeUndefined();
    expect((await h.repos.answers.findByMessage(messageRef('a1')))!.text).toBe('Timers, poll, check.');
  });

  it('refuses self-votes, duplicate votes and bot votes with a short reason', async () => {
    const { h, thread } = await dailyRound();
    await reply(h, 'alice', thread, 'a1', 'answer');
    expect((await react(h, 'alice', 'a1')).private[0]!.text).toMatch(/own answer/);
    expect((await react(h, 'bob', 'a1')).private).toEqual([]);
    expect((await react(h, 'bob', 'a1')).private[0]!.text).toMatch(/already voted/);
    await h.as('robot', { kind: 'reaction-added', message: messageRef('a1'), emoji: '+1' }, { bot: true });
    const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
    expect(await h.repos.votes.countForAnswer((await h.repos.answers.findByMessage(messageRef('a1')))!.id)).toBe(1);
    expect((await h.repos.scores.top(ws.id, 'all', '', 5)).find((r) => r.displayName === 'alice')!.points).toBe(12);
  });

  it('ignores other reactions and retracts a vote when the reaction is removed', async () => {
    const { h, thread } = await dailyRound();
    await reply(h, 'alice', thread, 'a1', 'answer');
    await react(h, 'bob', 'a1', 'reaction-added', 'tada');
    await react(h, 'bob', 'a1');
    await react(h, 'bob', 'a1', 'reaction-removed');
    const answer = (await h.repos.answers.findByMessage(messageRef('a1')))!;
    expect(await h.repos.votes.countForAnswer(answer.id)).toBe(0);
    const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
    expect(await h.repos.scores.sumLedger(ws.id, answer.memberId)).toBe(10);
  });

  it('a vote cast again after a retraction earns its points again, under a new award key each time', async () => {
    const { h, thread } = await dailyRound();
    await reply(h, 'alice', thread, 'a1', 'answer');
    for (let i = 0; i < 3; i++) {
      await react(h, 'bob', 'a1');
      await react(h, 'bob', 'a1', 'reaction-removed');
    }
    await react(h, 'bob', 'a1');
    const answer = (await h.repos.answers.findByMessage(messageRef('a1')))!;
    const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
    expect(await h.repos.votes.countForAnswer(answer.id)).toBe(1);
    expect(await h.repos.scores.sumLedger(ws.id, answer.memberId)).toBe(12);
    const keys = (await h.repos.scores.ledgerFor(answer.memberId)).map((l) => l.awardKey.replace(/:\d+:\d+:/, ':A:V:'));
    expect(keys).toEqual([
      'answer:' + answer.id,
      'vote:A:V:1',
      'unvote:A:V:1',
      'vote:A:V:2',
      'unvote:A:V:2',
      'vote:A:V:3',
      'unvote:A:V:3',
      'vote:A:V:4',
    ]);
    expect(await h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
  });

  it('deleting an answer removes it, its votes and the points they earned', async () => {
    const { h, thread } = await dailyRound();
    await reply(h, 'alice', thread, 'a1', 'answer');
    await react(h, 'bob', 'a1');
    const memberId = (await h.repos.answers.findByMessage(messageRef('a1')))!.memberId;
    await h.as('alice', { kind: 'reply-deleted', message: messageRef('a1') });
    expect(await h.repos.answers.findByMessage(messageRef('a1'))).toBeUndefined();
    const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
    expect(await h.repos.scores.sumLedger(ws.id, memberId)).toBe(0);
    await reply(h, 'alice', thread, 'a3', 'a better answer');
    expect(await h.repos.scores.sumLedger(ws.id, memberId)).toBe(10);
  });

  it('follows edits while the round is open', async () => {
    const { h, thread } = await dailyRound();
    await reply(h, 'alice', thread, 'a1', 'draft');
    await h.as('alice', { kind: 'reply-edited', message: messageRef('a1'), text: 'final' });
    expect((await h.repos.answers.findByMessage(messageRef('a1')))!.text).toBe('final');
  });

  it('closes with a summary: top answers by votes (ties share a place), key points, points awarded', async () => {
    const { h, thread } = await dailyRound();
    await reply(h, 'alice', thread, 'a1', 'alice answer');
    await reply(h, 'bob', thread, 'b1', 'bob answer');
    await reply(h, 'carol', thread, 'c1', 'carol answer');
    await react(h, 'bob', 'a1');
    await react(h, 'carol', 'a1');
    await react(h, 'alice', 'b1');
    await react(h, 'alice', 'c1');
    h.clock.set('2026-12-01T08:00:00Z');
    await h.dojo.tick();
    const summary = h.port.inThread(thread as never);
    expect(summary[0]!.message.title).toBe('Round closed');
    expect(summary[0]!.message.text).toMatch(/🥇 \*\*alice\*\* · 2 votes \(\+15\)/);
    expect(summary[0]!.message.text).toMatch(/🥈 \*\*bob\*\* · 1 vote \(\+10\)/);
    expect(summary[0]!.message.text).toMatch(/🥈 \*\*carol\*\* · 1 vote \(\+10\)/);
    expect(summary[0]!.message.text).toContain('alice +29');
    expect(summary[1]!.message.title).toBe('Reference answer');
    expect(summary[1]!.message.text).toContain('**Key points**');
    expect((await react(h, 'carol', 'b1')).private[0]!.text).toMatch(/closed/);
    await h.dojo.tick();
    expect(h.port.inThread(thread as never)).toHaveLength(summary.length);
  });

  it('retries a close summary whose post failed once, after the outbox backoff, and posts it exactly once', async () => {
    const { h, thread } = await dailyRound();
    await reply(h, 'alice', thread, 'a1', 'alice answer');
    h.port.failNext = 1;
    h.clock.set('2026-12-01T08:00:00Z');
    await h.dojo.tick();
    expect(h.port.inThread(thread as never).filter((p) => p.message.title === 'Round closed')).toHaveLength(0);
    expect((await h.repos.rounds.findByMessage(thread as never))!.summaryRef).toBeNull();
    h.clock.advance(29_000);
    await h.dojo.tick();
    expect(h.port.inThread(thread as never).filter((p) => p.message.title === 'Round closed')).toHaveLength(0);
    h.clock.advance(2_000);
    await h.dojo.tick();
    await h.dojo.tick();
    const summaries = h.port.inThread(thread as never).filter((p) => p.message.title === 'Round closed');
    expect(summaries).toHaveLength(1);
    // The reference answer waited for the summary it follows.
    expect(h.port.inThread(thread as never).map((p) => p.message.title)).toEqual(['Round closed', 'Reference answer']);
    expect((await h.repos.rounds.findByMessage(thread as never))!.summaryRef).toBe(summaries[0]!.ref);
    h.clock.advance(24 * 3_600_000);
    await h.dojo.tick();
    expect(h.port.inThread(thread as never).filter((p) => p.message.title === 'Round closed')).toHaveLength(1);
  });

  it('shows the caller their own rank even outside the top ten, with 1,2,2,4 ranking', async () => {
    const { h, thread } = await dailyRound();
    const names = Array.from({ length: 12 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    for (const n of names) await reply(h, n, thread, `r-${n}`, `answer of ${n}`);
    await react(h, 'm01', 'r-m00');
    await react(h, 'm02', 'r-m00');
    await react(h, 'm00', 'r-m01');
    await react(h, 'm00', 'r-m02');
    const board = await h.command('m11', 'top');
    const text = board.private[0]!.text;
    expect(text).toMatch(/ 1\. m00 — 14/);
    expect(text).toMatch(/ 2\. m01 — 12\n 2\. m02 — 12\n 4\. m03 — 10/);
    expect(text).toMatch(/You: #4 of 12 with 10 points/);
  });
});

describe('blind mode', () => {
  it('collects answers privately, reveals them together, then opens voting', async () => {
    const h = createHarness();
    await h.command('admin', 'setup mode=blind blind=2h', { admin: true });
    h.clock.set('2026-11-30T09:00:00Z');
    await h.dojo.tick();
    const q = h.port.questions()[0]!;
    const viaThread = await h.as('alice', { kind: 'reply-posted', thread: q.ref, message: messageRef('x1'), text: 'visible' });
    expect(viaThread.private[0]!.text).toMatch(/blind round/i);
    const pressed = await h.as('alice', { kind: 'button-pressed', actionId: q.message.buttons![0]!.actionId });
    expect(pressed.form).toBeDefined();
    await h.as('alice', { kind: 'form-submitted', formId: pressed.form!.formId, values: { answer: 'hidden answer' } });
    expect(h.port.inThread(q.ref)).toHaveLength(0);
    const answer = (await h.repos.answers.findByMember(
      (await h.repos.rounds.findByMessage(q.ref))!.id,
      (await h.repos.members.findByRef(1, 'alice' as never))!.id,
    ))!;
    expect((await h.as('bob', { kind: 'button-pressed', actionId: `dojo:upvote:${answer.id}` })).private[0]!.text).toMatch(/Voting opens/);
    h.clock.set('2026-11-30T11:00:00Z');
    await h.dojo.tick();
    const revealed = h.port.inThread(q.ref);
    expect(revealed.map((p) => p.message.text).join('\n')).toContain('hidden answer');
    expect((await h.as('bob', { kind: 'button-pressed', actionId: `dojo:upvote:${answer.id}` })).private[0]!.text).toBe(
      "Vote counted for alice's answer.",
    );
  });
});

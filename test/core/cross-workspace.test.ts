import { describe, expect, it } from 'vitest';
import { channelRef, messageRef, userRef, workspaceRef, type InboundEvent } from '../../src/core/index.js';
import { createHarness } from '../support/core-harness.js';

type WithoutBase<T> = T extends unknown ? Omit<T, 'platform' | 'workspace' | 'actor' | 'channel'> : never;

const TABLES = ['quiz_attempts', 'answers', 'votes', 'score_ledger', 'score_totals', 'challenge_responses', 'members', 'meta', 'outbox'];

describe('a delivery that names another workspace’s data', () => {
  it('is refused whole: reactions, edits, deletions, replies, buttons, forms, challenge and quiz clicks write nothing', async () => {
    const h = createHarness();
    // Workspace T1: a posted round with a thread answer and a form answer, and a running challenge.
    await h.command('admin', 'setup', { admin: true });
    h.clock.set('2026-11-30T09:00:00Z');
    await h.dojo.tick();
    const question = h.port.questions()[0]!;
    const roundAction = question.message.buttons![0]!.actionId;
    await h.as('alice', { kind: 'reply-posted', thread: question.ref, message: messageRef('a1'), text: 'Timers, poll, check, close.' });
    const form = await h.as('carol', { kind: 'button-pressed', actionId: roundAction, message: question.ref });
    await h.as('carol', {
      kind: 'form-submitted',
      formId: form.form!.formId,
      values: { answer: 'Microtasks run between each phase of the loop.' },
    });
    const copy = h.port.inThread(question.ref).find((p) => p.message.buttons?.[0]?.label === 'Upvote')!;
    const upvote = copy.message.buttons![0]!.actionId;
    const answerId = upvote.split(':')[2]!;
    await h.command('admin', 'challenge 60', { admin: true });
    const challenge = h.port.posts.find((p) => p.message.buttons?.some((b) => b.actionId.startsWith('dojo:challenge:')))!;
    const pick = challenge.message.buttons![0]!.actionId;
    const quiz = await h.command('dave', 'quiz mcq');
    const quizChoice = quiz.private[0]!.buttons![0]!.actionId;

    // Workspace T2's member, with ids and refs of T1's messages, round, answer and challenge.
    const fromOther = async (event: WithoutBase<InboundEvent>) => {
      const reply = await h.dojo.handle({
        platform: 'test',
        workspace: workspaceRef('T2'),
        channel: channelRef('C2'),
        actor: { ref: userRef('mallory'), name: 'mallory', isBot: false, isPlatformAdmin: true },
        ...event,
      } as InboundEvent);
      await h.dojo.drain();
      return reply;
    };
    await fromOther({ kind: 'command', text: 'help' });
    const count = (t: string) => h.db.$client.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
    const before = TABLES.map(count);
    const answersBefore = h.db.$client.prepare('SELECT id, text FROM answers ORDER BY id').all();
    const postsBefore = h.port.posts.length;

    const replies = [
      await fromOther({ kind: 'reaction-added', message: messageRef('a1'), emoji: '+1' }),
      await fromOther({ kind: 'reaction-added', message: copy.ref, emoji: '+1' }),
      await fromOther({ kind: 'reply-edited', message: messageRef('a1'), text: 'Rewritten by someone from another workspace.' }),
      await fromOther({ kind: 'reply-deleted', message: messageRef('a1') }),
      await fromOther({ kind: 'reply-posted', thread: question.ref, message: messageRef('m1'), text: 'An answer from the wrong team.' }),
      await fromOther({ kind: 'button-pressed', actionId: upvote, message: copy.ref }),
      await fromOther({ kind: 'button-pressed', actionId: `dojo:withdraw:${answerId}` }),
      await fromOther({ kind: 'button-pressed', actionId: roundAction, message: question.ref }),
      await fromOther({ kind: 'form-submitted', formId: form.form!.formId, values: { answer: 'Posted into the other team’s round.' } }),
      await fromOther({ kind: 'button-pressed', actionId: pick, message: challenge.ref }),
      await fromOther({ kind: 'button-pressed', actionId: quizChoice }),
    ];

    expect(replies.map((r) => [r.private.length, Boolean(r.form)])).toEqual(replies.map(() => [0, false]));
    expect(TABLES.map(count)).toEqual(before);
    expect(h.db.$client.prepare('SELECT id, text FROM answers ORDER BY id').all()).toEqual(answersBefore);
    expect(h.port.posts.length).toBe(postsBefore);
    // The same buttons still work for T1's own members.
    expect((await h.as('bob', { kind: 'button-pressed', actionId: upvote, message: copy.ref })).private[0]!.text).toMatch(/Vote counted/);
  });
});

import { actions } from '../actions.js';
import { categoryLabel } from '../categories.js';
import { channelPort, nowMs, type Ctx } from '../context.js';
import { DojoUserError } from '../errors.js';
import type { NeutralMessage } from '../messages.js';
import { formatWhen } from '../schedule.js';
import { awardPoints } from '../scoring.js';
import { safeUserText } from '../text.js';
import type { Channel, Member, Question, Workspace } from '../types.js';
import { LETTERS, pickWeighted, shuffledIndexes } from './pick.js';
import type { Challenge } from './quiz-store.js';

export const CHALLENGE_SECONDS = { default: 60, min: 15, max: 600 };

function challengeMessage(ch: Challenge, q: Question, channel: Channel): NeutralMessage {
  const choices = q.body.choices ?? [];
  return {
    title: `⏱ Team challenge · ${categoryLabel(q.category)}`,
    text: `${q.prompt}\n\n${ch.choiceOrder.map((o, i) => `**${LETTERS[i]}.** ${choices[o]!.text}`).join('\n')}`,
    footer: `First click counts. Results at ${formatWhen(ch.endsAt, channel.timezone)} (${Math.round((ch.endsAt - ch.startedAt) / 1000)} s). Correct +5, fastest correct +3 more.`,
    buttons: ch.choiceOrder.map((_, i) => ({ label: LETTERS[i]!, actionId: actions.challengeChoice(ch.id, i) })),
    marker: `challenge:${ch.id}`,
  };
}

/** Posts a timed public MCQ in a practice channel; one challenge at a time per channel. */
export async function startChallenge(ctx: Ctx, ws: Workspace, channel: Channel, category: string | undefined, seconds: number): Promise<string> {
  if (ctx.store.quiz.liveChallenge(channel.id)) throw new DojoUserError('challenge-running', 'A challenge is already running here — wait for its results.');
  const pool = ctx.store.content.listEligible(ws.id, { type: 'mcq', categories: category ? [category] : undefined });
  const question = pickWeighted(pool, [], ctx.random);
  if (!question) throw new DojoUserError('no-mcq', 'There are no multiple-choice questions for that category.');
  const now = nowMs(ctx);
  const ch = ctx.store.quiz.createChallenge({
    channelId: channel.id,
    questionId: question.id,
    choiceOrder: shuffledIndexes(question.body.choices?.length ?? 0, ctx.random),
    startedAt: now,
    endsAt: now + seconds * 1000,
  });
  const ref = await channelPort(ctx, channel).postMessage(channel.ref, challengeMessage(ch, question, channel));
  ctx.store.quiz.setChallengePosted(ch.id, ref);
  return `Challenge posted: ${seconds} seconds on the clock.`;
}

/** A member's click: only the first counts, and nobody learns whether it was right until the end. */
export function answerChallenge(ctx: Ctx, member: Member, challengeId: number, choice: number): string {
  const ch = ctx.store.quiz.challenge(challengeId);
  const now = nowMs(ctx);
  if (!ch || ch.status === 'ended' || now >= ch.endsAt) throw new DojoUserError('challenge-ended', 'This challenge has ended.');
  if (member.isBot) throw new DojoUserError('bot', 'Bots cannot play.');
  const q = ctx.store.content.get(ch.questionId)!;
  const original = ch.choiceOrder[choice];
  if (original === undefined) throw new DojoUserError('bad-choice', 'That is not one of the choices.');
  const fresh = ctx.store.quiz.respond(ch.id, { memberId: member.id, chosen: original, isCorrect: q.body.choices![original]!.correct, at: now });
  if (!fresh) throw new DojoUserError('already-answered', 'Your first answer is locked in.');
  return `Locked in: ${LETTERS[choice]}. Results when the timer ends.`;
}

/** Ends a challenge once (even across restarts), awards points through the ledger, posts results. */
export async function endChallenge(ctx: Ctx, ch: Challenge): Promise<void> {
  const now = nowMs(ctx);
  const channel = ctx.store.channels.get(ch.channelId);
  const ws = ctx.store.workspaces.get(channel.workspaceId);
  const q = ctx.store.content.get(ch.questionId)!;
  const results = ctx.store.tx(() => {
    if (!ctx.store.quiz.endChallenge(ch.id)) return undefined;
    const responses = ctx.store.quiz.responses(ch.id);
    const correct = responses.filter((r) => r.isCorrect);
    const p = ws.settings.points;
    correct.forEach((r, i) => {
      awardPoints(ctx, ws, { memberId: r.memberId, awardKey: `challenge:${ch.id}:${r.memberId}`, points: p.challengeCorrect, reason: 'challenge', category: q.category }, now);
      if (i === 0) awardPoints(ctx, ws, { memberId: r.memberId, awardKey: `challenge-first:${ch.id}`, points: p.challengeFirst, reason: 'challenge-first', category: q.category }, now);
    });
    return { responses, correct: correct.map((r) => ctx.store.members.get(r.memberId).displayName) };
  });
  if (!results) return;
  const choices = q.body.choices ?? [];
  const rightAt = ch.choiceOrder.findIndex((o) => choices[o]!.correct);
  const who = results.correct.length
    ? results.correct.map((n, i) => `${safeUserText(n)}${i === 0 ? ' (first, +8)' : ' (+5)'}`).join(', ')
    : 'nobody this time';
  const port = channelPort(ctx, channel);
  const message: NeutralMessage = {
    title: `Challenge results · answer ${LETTERS[rightAt]}`,
    text: `**${LETTERS[rightAt]}.** ${choices[ch.choiceOrder[rightAt]!]!.text}\n\n${q.body.explanation ?? ''}\n\n**Got it (${results.correct.length}/${results.responses.length}):** ${who}`,
    hasUserText: true,
  };
  if (ch.messageRef) {
    await port.updateMessage(ch.messageRef, { ...challengeMessage(ch, q, channel), buttons: [], footer: 'Time is up.' });
    await port.replyInThread(channel.ref, ch.messageRef, message);
  } else {
    await port.postMessage(channel.ref, message);
  }
}

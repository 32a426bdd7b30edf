import { DateTime } from 'luxon';
import { actions } from '../actions.js';
import { categoryLabel } from '../categories.js';
import { nowMs, type Tx } from '../context.js';
import { DojoUserError } from '../errors.js';
import type { NeutralMessage } from '../messages.js';
import { say } from '../outbox.js';
import { awardPoints } from '../scoring.js';
import { assertOwnChannel } from '../ownership.js';
import { safeUserText } from '../text.js';
import type { Channel, Member, Question, Workspace } from '../types.js';
import { LETTERS, pickWeighted, shuffledIndexes } from './pick.js';
import type { Challenge } from './quiz-store.js';

export const CHALLENGE_SECONDS = { default: 60, min: 15, max: 600 };

/** When the tick next has work for this challenge: its end. */
export const challengeDueAt = (ch: Challenge) => ch.endsAt;

const endTime = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('HH:mm:ss ZZZZ');

/** The public challenge post: the question, lettered choices, one button per letter. */
export function challengeMessage(ch: Challenge, q: Question, channel: Channel, ws: Workspace): NeutralMessage {
  const choices = q.body.choices ?? [];
  const p = ws.settings.points;
  return {
    title: `⏱ Team challenge · ${categoryLabel(q.category)}`,
    text: `${q.prompt}\n\n${ch.choiceOrder.map((o, i) => `**${LETTERS[i]}.** ${choices[o]!.text}`).join('\n')}`,
    footer: `${Math.round((ch.endsAt - ch.startedAt) / 1000)} s on the clock, results at ${endTime(ch.endsAt, channel.timezone)}. Your first click counts and nobody sees it before the end. Correct +${p.challengeCorrect}, first correct +${p.challengeFirst} more.`,
    buttons: ch.choiceOrder.map((_, i) => ({ label: LETTERS[i]!, actionId: actions.challengeChoice(ch.id, i) })),
    marker: `challenge:${ch.id}`,
  };
}

/** Posts a timed public MCQ in a practice channel; one challenge at a time per channel. */
export async function startChallenge(
  ctx: Tx,
  ws: Workspace,
  channel: Channel,
  category: string | undefined,
  seconds: number,
): Promise<string> {
  if (await ctx.db.quiz.liveChallenge(channel.id))
    throw new DojoUserError('challenge-running', 'A challenge is already running here — wait for its results.');
  const pool = await ctx.db.content.listEligible(ws.id, { type: 'mcq', categories: category ? [category] : undefined });
  const previous = (await ctx.db.quiz.latestChallenge(channel.id))?.questionId;
  const fresh = pool.filter((q) => q.id !== previous);
  const question = pickWeighted(fresh.length ? fresh : pool, [], ctx.random);
  if (!question) throw new DojoUserError('no-mcq', 'There are no multiple-choice questions for that category.');
  const now = nowMs(ctx);
  const ch = await ctx.db.quiz.createChallenge({
    channelId: channel.id,
    questionId: question.id,
    choiceOrder: shuffledIndexes(question.body.choices?.length ?? 0, ctx.random),
    startedAt: now,
    endsAt: now + seconds * 1000,
  });
  await say(
    ctx,
    ws,
    { kind: 'post', channel: channel.ref, message: challengeMessage(ch, question, channel, ws) },
    { kind: 'challenge-posted', challengeId: ch.id },
  );
  return `Challenge posted: ${seconds} seconds on the clock.`;
}

/** A member's click: only the first counts, and nobody learns whether it was right until the end. */
export async function answerChallenge(ctx: Tx, ws: Workspace, member: Member, challengeId: number, choice: number): Promise<string> {
  const ch = await ctx.db.quiz.challenge(challengeId);
  if (ch) await assertOwnChannel(ctx, ws, ch.channelId, 'challenge');
  const now = nowMs(ctx);
  if (!ch || (ch.status !== 'posting' && ch.status !== 'running') || now >= ch.endsAt)
    throw new DojoUserError('challenge-ended', 'This challenge has ended.');
  if (member.isBot) throw new DojoUserError('bot', 'Bots cannot play.');
  const q = (await ctx.db.content.get(ch.questionId))!;
  const original = ch.choiceOrder[choice];
  if (original === undefined) throw new DojoUserError('bad-choice', 'That is not one of the choices.');
  const fresh = await ctx.db.quiz.respond(ch.id, {
    memberId: member.id,
    chosen: original,
    isCorrect: q.body.choices![original]!.correct,
    at: now,
  });
  if (!fresh) throw new DojoUserError('already-answered', 'Your first answer is locked in — only the first click counts.');
  return `Locked in: ${LETTERS[choice]}. Results when the timer ends.`;
}

/**
 * Ends a challenge: claims it, awards points through the ledger (award keys make that once,
 * even across restarts and instances) and records the results post, in one transaction.
 * Resolves true when this call ended it.
 */
export async function endChallenge(ctx: Tx, ch: Challenge): Promise<boolean> {
  const now = nowMs(ctx);
  if (ch.status === 'ended' || now < challengeDueAt(ch)) return false;
  if (!(await ctx.db.quiz.closeChallenge(ch.id))) return false;
  await ctx.db.quiz.finishChallenge(ch.id);
  const channel = await ctx.db.channels.get(ch.channelId);
  const ws = await ctx.db.workspaces.get(channel.workspaceId);
  if (ws.status !== 'active') return true;
  const responses = await ctx.db.quiz.responses(ch.id);
  // Its post never went out (the outbox is still retrying it, and drops it now): nobody saw it, so no results.
  if (!ch.messageRef && !responses.length) return true;
  const q = (await ctx.db.content.get(ch.questionId))!;
  const p = ws.settings.points;
  const correct = responses.filter((r) => r.isCorrect);
  // Dated by the scheduled end, not the tick, so a challenge ended after downtime lands in the same period on every instance.
  const at = ch.endsAt;
  for (const [i, r] of correct.entries()) {
    const award = { memberId: r.memberId, category: q.category };
    await awardPoints(
      ctx,
      ws,
      { ...award, awardKey: `challenge:${ch.id}:${r.memberId}`, points: p.challengeCorrect, reason: 'challenge' },
      at,
    );
    if (i === 0)
      await awardPoints(
        ctx,
        ws,
        { ...award, awardKey: `challenge-first:${ch.id}`, points: p.challengeFirst, reason: 'challenge-first' },
        at,
      );
  }
  await recordResults(ctx, ch, q, channel, ws);
  return true;
}

async function recordResults(ctx: Tx, ch: Challenge, q: Question, channel: Channel, ws: Workspace): Promise<void> {
  const responses = await ctx.db.quiz.responses(ch.id);
  const correct = responses.filter((r) => r.isCorrect);
  const p = ws.settings.points;
  const choices = q.body.choices ?? [];
  const rightAt = ch.choiceOrder.findIndex((o) => choices[o]!.correct);
  const names: string[] = [];
  for (const [i, r] of correct.entries()) {
    const name = safeUserText((await ctx.db.members.get(r.memberId)).displayName);
    names.push(`${name} (${i === 0 ? `first, +${p.challengeCorrect + p.challengeFirst}` : `+${p.challengeCorrect}`})`);
  }
  const who = names.length ? names.join(', ') : 'nobody this time';
  const tally = ch.choiceOrder.map((o, i) => `${LETTERS[i]} ${responses.filter((r) => r.chosen === o).length}`).join(' · ');
  const message: NeutralMessage = {
    title: `Challenge results · answer ${LETTERS[rightAt]}`,
    text: [
      `**${LETTERS[rightAt]}.** ${choices[ch.choiceOrder[rightAt]!]!.text}`,
      q.body.explanation ?? '',
      `**Got it (${correct.length}/${responses.length}):** ${who}`,
      `**Picks:** ${tally}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    hasUserText: true,
  };
  if (!ch.messageRef) {
    await say(ctx, ws, { kind: 'post', channel: channel.ref, message });
    return;
  }
  const closed = { ...challengeMessage(ch, q, channel, ws), buttons: [], footer: 'Time is up — results below.' };
  await say(ctx, ws, { kind: 'update', target: ch.messageRef, message: closed });
  await say(ctx, ws, { kind: 'reply', channel: channel.ref, thread: { message: ch.messageRef }, message });
}

import { DateTime } from 'luxon';
import { actions } from '../actions.js';
import { categoryLabel } from '../categories.js';
import { channelPort, nowMs, type Ctx } from '../context.js';
import { DojoUserError } from '../errors.js';
import type { NeutralMessage } from '../messages.js';
import { awardPoints } from '../scoring.js';
import { safeUserText } from '../text.js';
import type { Channel, Member, Question, Workspace } from '../types.js';
import { LETTERS, pickWeighted, shuffledIndexes } from './pick.js';
import type { Challenge } from './quiz-store.js';

export const CHALLENGE_SECONDS = { default: 60, min: 15, max: 600 };

/**
 * A challenge whose points are in but whose results post failed (or whose process died right
 * after awarding) is posted again this long after its end; the pause keeps a second instance
 * from posting results that the first is still sending.
 */
export const RESULTS_RETRY_MS = 2 * 60_000;
/** Results that still cannot be posted a day after the end are given up (the points stay). */
const RESULTS_GIVE_UP_MS = 24 * 60 * 60_000;

/** When the tick next has work for this challenge: its end, or the retry of its results. */
export const challengeDueAt = (ch: Challenge) => (ch.status === 'closing' ? ch.endsAt + RESULTS_RETRY_MS : ch.endsAt);

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
  ctx: Ctx,
  ws: Workspace,
  channel: Channel,
  category: string | undefined,
  seconds: number,
): Promise<string> {
  if (ctx.store.quiz.liveChallenge(channel.id))
    throw new DojoUserError('challenge-running', 'A challenge is already running here — wait for its results.');
  const pool = ctx.store.content.listEligible(ws.id, { type: 'mcq', categories: category ? [category] : undefined });
  const previous = ctx.store.quiz.latestChallenge(channel.id)?.questionId;
  const fresh = pool.filter((q) => q.id !== previous);
  const question = pickWeighted(fresh.length ? fresh : pool, [], ctx.random);
  if (!question) throw new DojoUserError('no-mcq', 'There are no multiple-choice questions for that category.');
  const now = nowMs(ctx);
  const ch = ctx.store.quiz.createChallenge({
    channelId: channel.id,
    questionId: question.id,
    choiceOrder: shuffledIndexes(question.body.choices?.length ?? 0, ctx.random),
    startedAt: now,
    endsAt: now + seconds * 1000,
  });
  let ref;
  try {
    ref = await channelPort(ctx, channel).postMessage(channel.ref, challengeMessage(ch, question, channel, ws));
  } catch (err) {
    // Nobody saw it: drop it silently so it neither blocks the channel nor posts results.
    ctx.store.quiz.finishChallenge(ch.id);
    throw err;
  }
  ctx.store.quiz.setChallengePosted(ch.id, ref);
  return `Challenge posted: ${seconds} seconds on the clock.`;
}

/** A member's click: only the first counts, and nobody learns whether it was right until the end. */
export function answerChallenge(ctx: Ctx, member: Member, challengeId: number, choice: number): string {
  const ch = ctx.store.quiz.challenge(challengeId);
  const now = nowMs(ctx);
  if (!ch || (ch.status !== 'posting' && ch.status !== 'running') || now >= ch.endsAt)
    throw new DojoUserError('challenge-ended', 'This challenge has ended.');
  if (member.isBot) throw new DojoUserError('bot', 'Bots cannot play.');
  const q = ctx.store.content.get(ch.questionId)!;
  const original = ch.choiceOrder[choice];
  if (original === undefined) throw new DojoUserError('bad-choice', 'That is not one of the choices.');
  const fresh = ctx.store.quiz.respond(ch.id, {
    memberId: member.id,
    chosen: original,
    isCorrect: q.body.choices![original]!.correct,
    at: now,
  });
  if (!fresh) throw new DojoUserError('already-answered', 'Your first answer is locked in — only the first click counts.');
  return `Locked in: ${LETTERS[choice]}. Results when the timer ends.`;
}

/**
 * Ends a challenge: claims it, awards points through the ledger in the same transaction (award
 * keys make that once, even across restarts and instances), then posts the results.
 */
export async function endChallenge(ctx: Ctx, ch: Challenge): Promise<void> {
  const now = nowMs(ctx);
  if (ch.status === 'ended' || now < challengeDueAt(ch)) return;
  const channel = ctx.store.channels.get(ch.channelId);
  const ws = ctx.store.workspaces.get(channel.workspaceId);
  if (ws.status !== 'active' || (ch.status === 'closing' && now >= ch.endsAt + RESULTS_GIVE_UP_MS)) {
    ctx.store.quiz.finishChallenge(ch.id);
    return;
  }
  const q = ctx.store.content.get(ch.questionId)!;
  const claimed = ctx.store.tx(() => {
    if (ch.status !== 'closing' && !ctx.store.quiz.closeChallenge(ch.id)) return false;
    const p = ws.settings.points;
    ctx.store.quiz
      .responses(ch.id)
      .filter((r) => r.isCorrect)
      .forEach((r, i) => {
        // Dated by the scheduled end, not the tick, so a challenge ended after downtime lands in the same period on every instance.
        const at = ch.endsAt;
        awardPoints(
          ctx,
          ws,
          {
            memberId: r.memberId,
            awardKey: `challenge:${ch.id}:${r.memberId}`,
            points: p.challengeCorrect,
            reason: 'challenge',
            category: q.category,
          },
          at,
        );
        if (i === 0)
          awardPoints(
            ctx,
            ws,
            {
              memberId: r.memberId,
              awardKey: `challenge-first:${ch.id}`,
              points: p.challengeFirst,
              reason: 'challenge-first',
              category: q.category,
            },
            at,
          );
      });
    return true;
  });
  if (!claimed) return;
  await postResults(ctx, ch, q, channel, ws);
  ctx.store.quiz.finishChallenge(ch.id);
}

async function postResults(ctx: Ctx, ch: Challenge, q: Question, channel: Channel, ws: Workspace): Promise<void> {
  const responses = ctx.store.quiz.responses(ch.id);
  const correct = responses.filter((r) => r.isCorrect);
  const p = ws.settings.points;
  const choices = q.body.choices ?? [];
  const rightAt = ch.choiceOrder.findIndex((o) => choices[o]!.correct);
  const who = correct.length
    ? correct
        .map(
          (r, i) =>
            `${safeUserText(ctx.store.members.get(r.memberId).displayName)} (${i === 0 ? `first, +${p.challengeCorrect + p.challengeFirst}` : `+${p.challengeCorrect}`})`,
        )
        .join(', ')
    : 'nobody this time';
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
  const port = channelPort(ctx, channel);
  if (ch.messageRef) {
    await port.updateMessage(ch.messageRef, {
      ...challengeMessage(ch, q, channel, ws),
      buttons: [],
      footer: 'Time is up — results below.',
    });
    await port.replyInThread(channel.ref, ch.messageRef, message);
  } else {
    await port.postMessage(channel.ref, message);
  }
}

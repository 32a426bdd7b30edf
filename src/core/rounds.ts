import { nowMs, type Tx } from './context.js';
import { say } from './outbox.js';
import { awardCompleteness, roundCoverage, tellReviewSummaries } from './peer-reviews.js';
import { rankAnswers, type Placed } from './rank-answers.js';
import { answerCopyMessage, questionMessage, summaryMessages, type RankedAnswer } from './render-round.js';
import { closeTime, revealTime } from './schedule.js';
import { awardPoints } from './scoring.js';
import { chooseQuestion } from './selection.js';
import { streakBonus, streakLength } from './streaks.js';
import type { Channel, Round, Workspace } from './types.js';

/**
 * Starts a round in a channel for a slot: closes the live round first, chooses a question,
 * claims (channel, slot) and records its post. Returns undefined when the slot was already
 * claimed or there is nothing to ask. The unique (channel, slot) claim and the outbox make the
 * post happen once, whatever restarts or second instances do.
 */
export async function openRound(
  ctx: Tx,
  channel: Channel,
  slot: { key: string; at: number; isScheduled: boolean; questionId?: string },
): Promise<Round | undefined> {
  if (await ctx.db.rounds.findBySlot(channel.id, slot.key)) return undefined;
  const live = await ctx.db.rounds.findLive(channel.id);
  // Where transactions run side by side, another instance may have claimed this very slot since the
  // check above: its round is the live one now, and is not this one's to close.
  if (live?.slot === slot.key) return undefined;
  if (live) await closeRound(ctx, live);
  // An admin's `/dojo ask <question id>` names the question; any enabled open question will do.
  const pool = await ctx.db.content.listEligible(channel.workspaceId, {
    type: 'open',
    categories: slot.questionId ? [] : channel.categories,
  });
  const question = slot.questionId
    ? pool.find((q) => q.id === slot.questionId)
    : chooseQuestion(pool, await ctx.db.rounds.questionUse(channel.id), ctx.random);
  if (!question) {
    ctx.log.warn({ channelId: channel.id }, 'no eligible question for channel');
    return undefined;
  }
  const closesAt = closeTime(channel, slot.at);
  const round = await ctx.db.rounds.claim({
    channelId: channel.id,
    slot: slot.key,
    questionId: question.id,
    isScheduled: slot.isScheduled,
    mode: channel.mode,
    slotAt: slot.at,
    revealAt: channel.mode === 'blind' ? revealTime(channel, slot.at, closesAt) : null,
    closesAt,
  });
  if (!round) return undefined;
  const ws = await ctx.db.workspaces.get(channel.workspaceId);
  await say(
    ctx,
    ws,
    { kind: 'post', channel: channel.ref, message: questionMessage(round, question, channel) },
    { kind: 'round-posted', roundId: round.id },
  );
  return round;
}

/** Blind rounds: stop answering, post every answer as the bot with an Upvote button, open voting. */
export async function revealRound(ctx: Tx, round: Round): Promise<void> {
  if (!(await ctx.db.rounds.setStatus(round.id, ['open'], 'revealed', nowMs(ctx)))) return;
  const channel = await ctx.db.channels.get(round.channelId);
  const ws = await ctx.db.workspaces.get(channel.workspaceId);
  const list = await ctx.db.answers.listByRound(round.id);
  const thread = { round: round.id };
  await say(ctx, ws, {
    kind: 'reply',
    channel: channel.ref,
    thread,
    message: {
      text: list.length
        ? `Answers are in: ${list.length}. Vote for the best ones with the Upvote buttons below.`
        : 'No answers came in for this blind round.',
    },
  });
  for (const a of list) {
    if (a.postedRef) continue;
    const message = answerCopyMessage(a, { ref: a.authorRef, name: a.authorName });
    await say(ctx, ws, { kind: 'reply', channel: channel.ref, thread, message }, { kind: 'answer-copy-posted', answerId: a.id });
  }
}

/**
 * Ends a round: awards top-3 (ties share a place; an answer needs a vote to place) and streak
 * bonuses with the status change, and records the summary post. Safe to call twice.
 */
export async function closeRound(ctx: Tx, round: Round, opts: { skip?: boolean } = {}): Promise<boolean> {
  const now = nowMs(ctx);
  if (!(await ctx.db.rounds.setStatus(round.id, ['open', 'revealed', 'posting'], opts.skip ? 'skipped' : 'closed', now))) return false;
  const channel = await ctx.db.channels.get(round.channelId);
  const ws = await ctx.db.workspaces.get(channel.workspaceId);
  ctx.log.info({ roundId: round.id, channelId: channel.id, skipped: Boolean(opts.skip) }, 'round closed');
  if (opts.skip) return true;
  const question = (await ctx.db.content.get(round.questionId))!;
  const coverage = await roundCoverage(ctx, round, question);
  const placed = rankAnswers(await ctx.db.answers.listByRound(round.id), coverage, channel.rankBy);
  const list = placed.map((p) => p.answer);
  const points = ws.settings.points;
  for (const { answer: a, place } of placed) {
    if (place > 3) continue;
    await awardPoints(
      ctx,
      ws,
      {
        memberId: a.memberId,
        awardKey: `top:${round.id}:${a.memberId}`,
        points: points.top[place - 1]!,
        reason: `top-${place}`,
        category: question.category,
        roundId: round.id,
      },
      now,
    );
  }
  if (round.isScheduled) await awardStreaks(ctx, ws, round, channel, list, question.category, now);
  await awardCompleteness(ctx, ws, round, question, list, coverage, now);
  await recordSummary(ctx, ws, round, channel, placed);
  await tellReviewSummaries(ctx, ws, channel, question, list, coverage);
  return true;
}

async function awardStreaks(
  ctx: Tx,
  ws: Workspace,
  round: Round,
  channel: Channel,
  list: { memberId: number }[],
  category: string,
  now: number,
): Promise<void> {
  const points = ws.settings.points;
  const history = await ctx.db.rounds.scheduledHistory(channel.id, 60);
  for (const a of list) {
    const answered = await ctx.db.answers.answeredRounds(
      a.memberId,
      history.map((r) => r.id),
    );
    const streak = streakLength(
      history.map((r) => ({ slotAt: r.slotAt, answered: answered.has(r.id) })),
      channel.timezone,
    );
    const bonus = streakBonus(streak, points.streakStep, points.streakMax);
    if (bonus <= 0) continue;
    await awardPoints(
      ctx,
      ws,
      {
        memberId: a.memberId,
        awardKey: `streak:${round.id}:${a.memberId}`,
        points: bonus,
        reason: `streak-${streak}`,
        category,
        roundId: round.id,
      },
      now,
    );
  }
}

/** Records the summary replies in the round's thread; the first one's ref marks the round summarised. */
async function recordSummary(
  ctx: Tx,
  ws: Workspace,
  round: Round,
  channel: Channel,
  placed: Placed<Awaited<ReturnType<Tx['db']['answers']['listByRound']>>[number]>[],
): Promise<void> {
  const question = (await ctx.db.content.get(round.questionId))!;
  const ranked: RankedAnswer[] = placed.map(({ answer: a, place, coverage }) => ({
    authorName: a.authorName,
    text: a.text,
    votes: a.votes,
    place,
    points: place <= 3 ? ws.settings.points.top[place - 1]! : 0,
    coverage,
  }));
  const awards = (await ctx.db.scores.pointsByRound(round.id)).map((p) => ({ name: p.displayName, points: p.points }));
  for (const [i, message] of summaryMessages(question, ranked, awards, channel.rankBy).entries()) {
    await say(
      ctx,
      ws,
      { kind: 'reply', channel: channel.ref, thread: { round: round.id }, message },
      i === 0 ? { kind: 'summary-posted', roundId: round.id } : undefined,
    );
  }
}

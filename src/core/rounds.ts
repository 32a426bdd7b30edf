import { channelPort, nowMs, type Ctx } from './context.js';
import { answerCopyMessage, questionMessage, summaryMessages, type RankedAnswer } from './render-round.js';
import { closeTime, revealTime } from './schedule.js';
import { awardPoints } from './scoring.js';
import { chooseQuestion } from './selection.js';
import { streakBonus, streakLength } from './streaks.js';
import { competitionRanks } from './ranking.js';
import type { Channel, Round } from './types.js';

const LEASE_MS = 60_000;
const MAX_POST_ATTEMPTS = 8;

/**
 * Starts a round in a channel for a slot: closes the live round first, chooses a question,
 * claims (channel, slot) and posts. Returns undefined when the slot was already claimed or
 * there is nothing to ask.
 */
export async function openRound(
  ctx: Ctx,
  channel: Channel,
  slot: { key: string; at: number; isScheduled: boolean; questionId?: string },
): Promise<Round | undefined> {
  if (ctx.store.rounds.findBySlot(channel.id, slot.key)) return undefined;
  const live = ctx.store.rounds.findLive(channel.id);
  if (live && live.status !== 'posting') await closeRound(ctx, live);
  // An admin's `/dojo ask <question id>` names the question; any enabled open question will do.
  const pool = ctx.store.content.listEligible(channel.workspaceId, {
    type: 'open',
    categories: slot.questionId ? [] : channel.categories,
  });
  const question = slot.questionId
    ? pool.find((q) => q.id === slot.questionId)
    : chooseQuestion(pool, ctx.store.rounds.questionUse(channel.id), ctx.random);
  if (!question) {
    ctx.log.warn({ channelId: channel.id }, 'no eligible question for channel');
    return undefined;
  }
  const now = nowMs(ctx);
  const closesAt = closeTime(channel, slot.at);
  const round = ctx.store.rounds.claim({
    channelId: channel.id,
    slot: slot.key,
    questionId: question.id,
    isScheduled: slot.isScheduled,
    mode: channel.mode,
    slotAt: slot.at,
    revealAt: channel.mode === 'blind' ? revealTime(channel, slot.at, closesAt) : null,
    closesAt,
    leaseUntil: now + LEASE_MS,
  });
  if (!round) return undefined;
  await publishRound(ctx, round, true);
  return ctx.store.rounds.get(round.id);
}

/**
 * Posts a claimed round. The claim row exists before the post, so a crash in between leaves a
 * 'posting' round that the next tick matches by marker (when the adapter can) or posts again.
 */
export async function publishRound(ctx: Ctx, round: Round, holdsLease = false): Promise<void> {
  if (!holdsLease && !ctx.store.rounds.takeLease(round.id, nowMs(ctx), LEASE_MS)) return;
  const channel = ctx.store.channels.get(round.channelId);
  const question = ctx.store.content.get(round.questionId)!;
  const port = channelPort(ctx, channel);
  const message = questionMessage(round, question, channel);
  try {
    const found = round.postAttempts > 0 || !holdsLease ? await port.findPosted?.(channel.ref, message.marker!) : undefined;
    const ref = found ?? (await port.postMessage(channel.ref, message));
    ctx.store.rounds.markPosted(round.id, ref);
    ctx.log.info({ roundId: round.id, channelId: channel.id, questionId: question.id, matched: Boolean(found) }, 'round posted');
  } catch (err) {
    const giveUp = round.postAttempts + 1 >= MAX_POST_ATTEMPTS;
    ctx.store.rounds.recordPostFailure(round.id, giveUp);
    ctx.log.error({ roundId: round.id, channelId: channel.id, err: String(err), giveUp }, 'posting round failed; will retry');
  }
}

/** Blind rounds: stop answering, post every answer as the bot with an Upvote button, open voting. */
export async function revealRound(ctx: Ctx, round: Round): Promise<void> {
  if (!ctx.store.rounds.setStatus(round.id, ['open'], 'revealed', nowMs(ctx))) return;
  const channel = ctx.store.channels.get(round.channelId);
  const port = channelPort(ctx, channel);
  const list = ctx.store.answers.listByRound(round.id);
  await port.replyInThread(channel.ref, round.messageRef!, {
    text: list.length
      ? `Answers are in: ${list.length}. Vote for the best ones with the Upvote buttons below.`
      : 'No answers came in for this blind round.',
  });
  for (const a of list) {
    if (a.postedRef) continue;
    const ref = await port.replyInThread(channel.ref, round.messageRef!, answerCopyMessage(a, { ref: a.authorRef, name: a.authorName }));
    ctx.store.answers.setPostedRef(a.id, ref);
  }
}

/**
 * Ends a round: awards top-3 (ties share a place; an answer needs a vote to place) and streak
 * bonuses in one transaction with the status change, then posts the summary. Safe to call twice.
 */
export async function closeRound(ctx: Ctx, round: Round, opts: { skip?: boolean } = {}): Promise<boolean> {
  const now = nowMs(ctx);
  const channel = ctx.store.channels.get(round.channelId);
  const ws = ctx.store.workspaces.get(channel.workspaceId);
  const question = ctx.store.content.get(round.questionId)!;
  const closed = ctx.store.tx(() => {
    if (!ctx.store.rounds.setStatus(round.id, ['open', 'revealed', 'posting'], opts.skip ? 'skipped' : 'closed', now)) return false;
    if (opts.skip) return true;
    const list = ctx.store.answers.listByRound(round.id).sort((a, b) => b.votes - a.votes || a.createdAt - b.createdAt);
    const ranks = competitionRanks(list.map((a) => a.votes));
    const points = ws.settings.points;
    list.forEach((a, i) => {
      const place = ranks[i]!;
      if (a.votes > 0 && place <= 3) {
        awardPoints(
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
    });
    if (round.isScheduled) {
      const history = ctx.store.rounds.scheduledHistory(channel.id, 60);
      for (const a of list) {
        const answered = ctx.store.answers.answeredRounds(
          a.memberId,
          history.map((r) => r.id),
        );
        const streak = streakLength(
          history.map((r) => ({ slotAt: r.slotAt, answered: answered.has(r.id) })),
          channel.timezone,
        );
        const bonus = streakBonus(streak, points.streakStep, points.streakMax);
        if (bonus > 0) {
          awardPoints(
            ctx,
            ws,
            {
              memberId: a.memberId,
              awardKey: `streak:${round.id}:${a.memberId}`,
              points: bonus,
              reason: `streak-${streak}`,
              category: question.category,
              roundId: round.id,
            },
            now,
          );
        }
      }
    }
    return true;
  });
  if (!closed) return false;
  ctx.log.info({ roundId: round.id, channelId: channel.id, skipped: Boolean(opts.skip) }, 'round closed');
  if (!opts.skip && round.messageRef) await postSummary(ctx, ctx.store.rounds.get(round.id), true);
  return true;
}

/** Posts (or retries) a closed round's summary in its thread, under a lease so it goes out once. */
export async function postSummary(ctx: Ctx, round: Round, fresh = false): Promise<void> {
  const now = nowMs(ctx);
  if (!ctx.store.rounds.takeLease(round.id, fresh ? Number.MAX_SAFE_INTEGER : now, LEASE_MS) && !fresh) return;
  const channel = ctx.store.channels.get(round.channelId);
  const ws = ctx.store.workspaces.get(channel.workspaceId);
  const question = ctx.store.content.get(round.questionId)!;
  const list = ctx.store.answers.listByRound(round.id).sort((a, b) => b.votes - a.votes || a.createdAt - b.createdAt);
  const ranks = competitionRanks(list.map((a) => a.votes));
  const ranked: RankedAnswer[] = list.map((a, i) => ({
    authorName: a.authorName,
    text: a.text,
    votes: a.votes,
    place: a.votes > 0 ? ranks[i]! : 99,
    points: a.votes > 0 && ranks[i]! <= 3 ? ws.settings.points.top[ranks[i]! - 1]! : 0,
  }));
  const awards = ctx.store.scores.pointsByRound(round.id).map((p) => ({ name: p.displayName, points: p.points }));
  const port = channelPort(ctx, channel);
  try {
    let first: string | undefined;
    for (const m of summaryMessages(question, ranked, awards)) {
      const ref = await port.replyInThread(channel.ref, round.messageRef!, m);
      first ??= ref;
    }
    ctx.store.rounds.setSummaryRef(round.id, first as never);
  } catch (err) {
    ctx.log.error({ roundId: round.id, err: String(err) }, 'posting summary failed; will retry');
  }
}

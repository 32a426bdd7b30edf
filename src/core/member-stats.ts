import type { Tx } from './context.js';
import { coverageOf } from './peer-review-render.js';
import { periodKey, PERIODS } from './periods.js';
import { streakLength } from './streaks.js';
import type { Channel, Member, MemberId, Period, Workspace } from './types.js';

/** The member's current streak in a channel; a live round they have not answered yet is not a miss. */
export async function currentStreak(ctx: Pick<Tx, 'db'>, channel: Channel, memberId: MemberId): Promise<number> {
  const history = await ctx.db.rounds.scheduledHistory(channel.id, 60);
  const answered = await ctx.db.answers.answeredRounds(
    memberId,
    history.map((r) => r.id),
  );
  const settled = history.filter((r) => r.status === 'closed' || answered.has(r.id));
  return streakLength(
    settled.map((r) => ({ slotAt: r.slotAt, answered: answered.has(r.id) })),
    channel.timezone,
  );
}

export interface MemberStats {
  points: Record<Period, number>;
  rank: number | undefined;
  answers: number;
  votesReceived: number;
  streak: number;
  dueReviews: number;
  reviewsDone: number;
  /** Share of reviews recalled (answered right, or graded Good/Easy); undefined before the first review. */
  retention: number | undefined;
  accuracy: { category: string; answered: number; correct: number; reviews: number }[];
  peerReviews: PeerReviewStats;
}

export interface PeerReviewStats {
  given: number;
  received: number;
  /** Share of key points the reviews found, per reviewed answer, oldest first. */
  coverage: number[];
}

/** Peer reviews given and received, and how much of each reviewed answer's key points the reviews found, in time order. */
export async function peerReviewStats(ctx: Pick<Tx, 'db'>, member: Member): Promise<PeerReviewStats> {
  const received = await ctx.db.peerReviews.listForAuthor(member.id);
  const byAnswer = new Map<number, typeof received>();
  for (const r of received) byAnswer.set(r.answerId, [...(byAnswer.get(r.answerId) ?? []), r]);
  const coverage: { at: number; share: number }[] = [];
  for (const reviews of byAnswer.values()) {
    const round = await ctx.db.rounds.get(reviews[0]!.roundId);
    const total = (await ctx.db.content.get(round.questionId))?.body.keyPoints?.length ?? 0;
    if (total) coverage.push({ at: round.slotAt, share: coverageOf(reviews, total).covered.length / total });
  }
  return {
    given: (await ctx.db.peerReviews.listByReviewer(member.id)).length,
    received: received.length,
    coverage: coverage.sort((a, b) => a.at - b.at).map((c) => c.share),
  };
}

export async function memberStats(ctx: Pick<Tx, 'db'>, ws: Workspace, member: Member, now: number): Promise<MemberStats> {
  const points = {} as Record<Period, number>;
  for (const p of PERIODS)
    points[p] = (await ctx.db.scores.rankOf(ws.id, periodKey(p, now, ws.timezone, ws.season), '', member.id))?.points ?? 0;
  const counts = await ctx.db.answers.countsForMember(member.id);
  const streaks = [0];
  for (const ch of await ctx.db.channels.listForWorkspace(ws.id)) streaks.push(await currentStreak(ctx, ch, member.id));
  const streak = Math.max(...streaks);
  const accuracy = await ctx.db.quiz.accuracy(member.id);
  return {
    points,
    rank: (await ctx.db.scores.rankOf(ws.id, 'all', '', member.id))?.rank,
    answers: counts.answers,
    votesReceived: counts.votesReceived,
    streak,
    dueReviews: await ctx.db.quiz.countDue(member.id, now),
    reviewsDone: accuracy.reduce((n, a) => n + a.reviews, 0),
    retention: retentionOf(accuracy),
    accuracy,
    peerReviews: await peerReviewStats(ctx, member),
  };
}

function retentionOf(accuracy: { reviews: number; reviewsCorrect: number }[]): number | undefined {
  const reviews = accuracy.reduce((n, a) => n + a.reviews, 0);
  return reviews ? accuracy.reduce((n, a) => n + a.reviewsCorrect, 0) / reviews : undefined;
}

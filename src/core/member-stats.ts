import type { Ctx } from './context.js';
import { periodKey, PERIODS } from './periods.js';
import { streakLength } from './streaks.js';
import type { Channel, Member, MemberId, Period, Workspace } from './types.js';

/** The member's current streak in a channel; a live round they have not answered yet is not a miss. */
export function currentStreak(ctx: Ctx, channel: Channel, memberId: MemberId): number {
  const history = ctx.store.rounds.scheduledHistory(channel.id, 60);
  const answered = ctx.store.answers.answeredRounds(
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
}

export function memberStats(ctx: Ctx, ws: Workspace, member: Member, now: number): MemberStats {
  const points = {} as Record<Period, number>;
  for (const p of PERIODS)
    points[p] = ctx.store.scores.rankOf(ws.id, periodKey(p, now, ws.timezone, ws.season), '', member.id)?.points ?? 0;
  const counts = ctx.store.answers.countsForMember(member.id);
  const streak = Math.max(0, ...ctx.store.channels.listForWorkspace(ws.id).map((ch) => currentStreak(ctx, ch, member.id)));
  const accuracy = ctx.store.quiz.accuracy(member.id);
  return {
    points,
    rank: ctx.store.scores.rankOf(ws.id, 'all', '', member.id)?.rank,
    answers: counts.answers,
    votesReceived: counts.votesReceived,
    streak,
    dueReviews: ctx.store.quiz.countDue(member.id, now),
    reviewsDone: accuracy.reduce((n, a) => n + a.reviews, 0),
    retention: retentionOf(accuracy),
    accuracy,
  };
}

function retentionOf(accuracy: { reviews: number; reviewsCorrect: number }[]): number | undefined {
  const reviews = accuracy.reduce((n, a) => n + a.reviews, 0);
  return reviews ? accuracy.reduce((n, a) => n + a.reviewsCorrect, 0) / reviews : undefined;
}

import type { Tx } from './context.js';
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
  };
}

function retentionOf(accuracy: { reviews: number; reviewsCorrect: number }[]): number | undefined {
  const reviews = accuracy.reduce((n, a) => n + a.reviews, 0);
  return reviews ? accuracy.reduce((n, a) => n + a.reviewsCorrect, 0) / reviews : undefined;
}

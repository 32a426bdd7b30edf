import type { Tx } from './context.js';
import { awardPoints } from './scoring.js';
import { voteKey } from './votes.js';
import type { Member, Workspace } from './types.js';

/** Everything stored about one member, as plain data. */
export async function exportMember(ctx: Tx, member: Member) {
  const { db } = ctx;
  return {
    member: { id: member.userRef, name: member.displayName, reviewNudge: member.nudge },
    ledger: (await db.scores.ledgerFor(member.id)).map((l) => ({
      key: l.awardKey,
      points: l.points,
      reason: l.reason,
      category: l.category,
      at: new Date(l.at).toISOString(),
    })),
    answers: (await db.answers.listForMember(member.id)).map((a) => ({
      round: a.roundId,
      text: a.text,
      source: a.source,
      at: new Date(a.createdAt).toISOString(),
    })),
    votesGiven: (await db.votes.listByVoter(member.id)).map((v) => ({ answer: v.answerId, source: v.source })),
    suggestions: (await db.suggestions.listByMember(member.id)).map((s) => ({ id: s.id, text: s.text, status: s.status })),
    quiz: await db.quiz.accuracy(member.id),
  };
}

/**
 * Erases a member: their votes' points are taken back from the authors they voted for (the
 * only change to anyone else's score), then the member row goes and cascades answers, votes,
 * ledger rows, totals, cards and attempts. Pending suggestions go too.
 */
export async function forgetMember(ctx: Tx, ws: Workspace, member: Member, now: number): Promise<void> {
  for (const vote of await ctx.db.votes.listByVoter(member.id)) {
    const answer = await ctx.db.answers.get(vote.answerId);
    if (answer && vote.points > 0) {
      const round = await ctx.db.rounds.get(answer.roundId);
      const question = (await ctx.db.content.get(round.questionId))!;
      await awardPoints(
        ctx,
        ws,
        {
          memberId: answer.memberId,
          awardKey: voteKey('forget', vote),
          points: -vote.points,
          reason: 'voter-erased',
          category: question.category,
          roundId: round.id,
        },
        now,
      );
    }
    await ctx.db.votes.remove(vote.answerId, vote.voterId);
  }
  await ctx.db.suggestions.removeForMember(member.id);
  // Per-member bookkeeping keyed by id: the remembered quiz filter and daily nudge markers.
  await ctx.db.meta.remove(`quiz.filter:${member.id}`);
  await ctx.db.meta.removePrefix(`nudge:${member.id}:`);
  await ctx.db.members.remove(member.id);
  ctx.log.info({ workspaceId: ws.id }, 'member data erased');
}

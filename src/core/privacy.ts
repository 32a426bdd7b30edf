import type { Ctx } from './context.js';
import { awardPoints } from './scoring.js';
import { voteKey } from './votes.js';
import type { Member, Workspace } from './types.js';

/** Everything stored about one member, as plain data. */
export function exportMember(ctx: Ctx, member: Member) {
  const db = ctx.store;
  return {
    member: { id: member.userRef, name: member.displayName, reviewNudge: member.nudge },
    ledger: db.scores
      .ledgerFor(member.id)
      .map((l) => ({ key: l.awardKey, points: l.points, reason: l.reason, category: l.category, at: new Date(l.at).toISOString() })),
    answers: db.answers
      .listForMember(member.id)
      .map((a) => ({ round: a.roundId, text: a.text, source: a.source, at: new Date(a.createdAt).toISOString() })),
    votesGiven: db.votes.listByVoter(member.id).map((v) => ({ answer: v.answerId, source: v.source })),
    suggestions: db.suggestions.listByMember(member.id).map((s) => ({ id: s.id, text: s.text, status: s.status })),
    quiz: db.quiz.accuracy(member.id),
    // `choice` is the question's own choice order (0 = the first choice in its file), not the shuffled letter.
    challengePicks: db.quiz.responsesOf(member.id).map((r) => ({
      challenge: r.challengeId,
      question: r.questionId,
      choice: r.chosen,
      correct: r.isCorrect,
      at: new Date(r.at).toISOString(),
    })),
  };
}

/**
 * Erases a member: their votes' points are taken back from the authors they voted for (the
 * only change to anyone else's score), then the member row goes and cascades answers, votes,
 * ledger rows, totals, cards and attempts. Pending suggestions go too.
 */
export function forgetMember(ctx: Ctx, ws: Workspace, member: Member, now: number): void {
  ctx.store.tx(() => {
    for (const vote of ctx.store.votes.listByVoter(member.id)) {
      const answer = ctx.store.answers.get(vote.answerId);
      if (answer && vote.points > 0) {
        const round = ctx.store.rounds.get(answer.roundId);
        const question = ctx.store.content.get(round.questionId)!;
        awardPoints(
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
      ctx.store.votes.remove(vote.answerId, vote.voterId);
    }
    ctx.store.suggestions.removeForMember(member.id);
    // Per-member bookkeeping keyed by id: the remembered quiz filter and daily nudge markers.
    ctx.store.meta.remove(`quiz.filter:${member.id}`);
    ctx.store.meta.removePrefix(`nudge:${member.id}:`);
    ctx.store.members.remove(member.id);
  });
  ctx.log.info({ workspaceId: ws.id }, 'member data erased');
}

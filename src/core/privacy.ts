import { channelPort, type Ctx } from './context.js';
import type { NeutralMessage } from './messages.js';
import { competitionRanks } from './ranking.js';
import type { MessageRef } from './refs.js';
import { summaryMessages, type RankedAnswer } from './render-round.js';
import { voteKey } from './votes.js';
import type { Award, Member, Round, Workspace } from './types.js';

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

/** The bot's own posts that quote a member's answers, with what each should say once the member is erased. */
export interface QuotingPosts {
  edits: { ref: MessageRef; round: Round; message: NeutralMessage; ranked?: RankedAnswer[] }[];
}

const REMOVED = '(removed at the member’s request)';

/**
 * Reads, before erasing, the bot's posts that repeat a member's answer text: form-answer copies
 * (replaced by a note, without the Upvote button) and close summaries (re-rendered with that
 * answer's author and text removed; places and the others' points stay as they were awarded).
 */
export function postsQuoting(ctx: Ctx, ws: Workspace, member: Member): QuotingPosts {
  const edits: QuotingPosts['edits'] = [];
  for (const answer of ctx.store.answers.listForMember(member.id)) {
    const round = ctx.store.rounds.get(answer.roundId);
    if (answer.postedRef) edits.push({ ref: answer.postedRef, round, message: { text: `An answer ${REMOVED}.` } });
    if (!round.summaryRef) continue;
    // The same ranking as the summary that was posted (postSummary): votes are final at close.
    const question = ctx.store.content.get(round.questionId)!;
    const list = ctx.store.answers.listByRound(round.id).sort((a, b) => b.votes - a.votes || a.createdAt - b.createdAt);
    const ranks = competitionRanks(list.map((a) => a.votes));
    const ranked: RankedAnswer[] = list.map((a, i) => ({
      authorName: a.memberId === member.id ? 'a removed member' : a.authorName,
      text: a.memberId === member.id ? REMOVED : a.text,
      votes: a.votes,
      place: a.votes > 0 ? ranks[i]! : 99,
      points: a.votes > 0 && ranks[i]! <= 3 ? ws.settings.points.top[ranks[i]! - 1]! : 0,
    }));
    // The points line is read after the erasure (see rewriteQuotingPosts): the votes taken back show.
    edits.push({ ref: round.summaryRef, round, message: summaryMessages(question, ranked, [])[0]!, ranked });
  }
  return { edits };
}

/** Applies `postsQuoting`'s edits after the erasure; a platform failure is logged, never undoes it. */
export async function rewriteQuotingPosts(ctx: Ctx, posts: QuotingPosts): Promise<void> {
  for (const e of posts.edits) {
    const awards = ctx.store.scores.pointsByRound(e.round.id).map((p) => ({ name: p.displayName, points: p.points }));
    const question = ctx.store.content.get(e.round.questionId)!;
    const message = e.ranked ? summaryMessages(question, e.ranked, awards)[0]! : e.message;
    try {
      await channelPort(ctx, ctx.store.channels.get(e.round.channelId)).updateMessage(e.ref, message);
    } catch (err) {
      ctx.log.warn({ roundId: e.round.id, err: String(err) }, 'editing a post after forget-me failed');
    }
  }
}

/**
 * Erases a member: their votes' points are taken back from the authors they voted for (the
 * only change to anyone else's score), then the member row goes and cascades answers, votes,
 * ledger rows, totals, cards and attempts. Pending suggestions go too.
 */
export function forgetMember(ctx: Ctx, ws: Workspace, member: Member, now: number): void {
  ctx.store.tx(() => {
    const ledgers = new Map<number, Map<string, Award>>();
    const originalAward = (authorId: Member['id'], key: string) => {
      if (!ledgers.has(authorId)) ledgers.set(authorId, new Map(ctx.store.scores.ledgerFor(authorId).map((a) => [a.awardKey, a])));
      return ledgers.get(authorId)!.get(key);
    };
    for (const vote of ctx.store.votes.listByVoter(member.id)) {
      const answer = ctx.store.answers.get(vote.answerId);
      const earned = answer && vote.points > 0 ? originalAward(answer.memberId, voteKey('vote', vote)) : undefined;
      if (answer && earned) {
        // Taken back in the periods the points were earned (week, month, season), so no board
        // of a later period shows a negative total and each board still equals its ledger rows.
        ctx.store.scores.award({
          ...earned,
          awardKey: voteKey('forget', vote),
          points: -earned.points,
          reason: 'voter-erased',
          at: now,
        });
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

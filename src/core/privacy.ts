import type { Tx } from './context.js';
import type { NeutralMessage } from './messages.js';
import { say } from './outbox.js';
import { forgetReviews, forgetSelfChecks, roundCoverage } from './peer-reviews.js';
import { rankAnswers } from './rank-answers.js';
import type { MessageRef } from './refs.js';
import { summaryMessages, type RankedAnswer } from './render-round.js';
import { voteKey } from './votes.js';
import type { Award, Member, RankBy, Round, Workspace } from './types.js';

/** Everything stored about one member, as plain data. */
export async function exportMember(ctx: Tx, member: Member) {
  const { db } = ctx;
  return {
    member: { id: member.userRef, name: member.displayName, reviewNudge: member.nudge },
    // Award keys name other members' internal ids (a vote's key holds its voter's): the kind and round say enough.
    ledger: (await db.scores.ledgerFor(member.id)).map((l) => ({
      kind: l.awardKey.split(':')[0],
      round: l.roundId,
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
    votesGiven: await Promise.all(
      (await db.votes.listByVoter(member.id)).map(async (v) => ({
        round: (await db.answers.get(v.answerId))?.roundId ?? null,
        source: v.source,
      })),
    ),
    reviewsGiven: (await db.peerReviews.listByReviewer(member.id)).map((r) => ({
      round: r.roundId,
      keyPointsFound: r.covered,
      comment: r.comment,
      at: new Date(r.createdAt).toISOString(),
    })),
    // Reviews of the member's answers, without who gave them (that is the reviewer's data).
    reviewsReceived: (await db.peerReviews.listForAuthor(member.id)).map((r) => ({
      round: r.roundId,
      keyPointsFound: r.covered,
      comment: r.comment,
      at: new Date(r.createdAt).toISOString(),
    })),
    suggestions: (await db.suggestions.listByMember(member.id)).map((s) => ({ id: s.id, text: s.text, status: s.status })),
    quiz: await db.quiz.accuracy(member.id),
    // `choice` is the question's own choice order (0 = the first choice in its file), not the shuffled letter.
    challengePicks: (await db.quiz.responsesOf(member.id)).map((r) => ({
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
  edits: { ref: MessageRef; round: Round; message: NeutralMessage; ranked?: RankedAnswer[]; rankBy?: RankBy }[];
}

const REMOVED = '(removed at the member’s request)';

/**
 * Reads, before erasing, the bot's posts that repeat a member's answer text: form-answer copies
 * (replaced by a note, without the Upvote button) and close summaries (re-rendered with that
 * answer's author and text removed; places and the others' points stay as they were awarded).
 */
export async function postsQuoting(ctx: Tx, ws: Workspace, member: Member): Promise<QuotingPosts> {
  const edits: QuotingPosts['edits'] = [];
  for (const answer of await ctx.db.answers.listForMember(member.id)) {
    const round = await ctx.db.rounds.get(answer.roundId);
    if (answer.postedRef) edits.push({ ref: answer.postedRef, round, message: { text: `An answer ${REMOVED}.` } });
    if (!round.summaryRef) continue;
    // The same ranking as the summary that was posted (closeRound): votes and reviews are final at close.
    const question = (await ctx.db.content.get(round.questionId))!;
    const channel = await ctx.db.channels.get(round.channelId);
    const placed = rankAnswers(await ctx.db.answers.listByRound(round.id), await roundCoverage(ctx, round, question), channel.rankBy);
    const ranked: RankedAnswer[] = placed.map(({ answer: a, place, coverage }) => ({
      authorName: a.memberId === member.id ? 'a removed member' : a.authorName,
      text: a.memberId === member.id ? REMOVED : a.text,
      votes: a.votes,
      place,
      points: place <= 3 ? ws.settings.points.top[place - 1]! : 0,
      coverage,
    }));
    // The points line is read after the erasure (see rewriteQuotingPosts): the votes taken back show.
    edits.push({
      ref: round.summaryRef,
      round,
      message: summaryMessages(question, ranked, [], channel.rankBy)[0]!,
      ranked,
      rankBy: channel.rankBy,
    });
  }
  return { edits };
}

/** Records `postsQuoting`'s edits after the erasure, in the same transaction; the outbox sends them after the commit. */
export async function rewriteQuotingPosts(ctx: Tx, ws: Workspace, posts: QuotingPosts): Promise<void> {
  for (const e of posts.edits) {
    let message = e.message;
    if (e.ranked) {
      const awards = (await ctx.db.scores.pointsByRound(e.round.id)).map((p) => ({ name: p.displayName, points: p.points }));
      const question = (await ctx.db.content.get(e.round.questionId))!;
      message = summaryMessages(question, e.ranked, awards, e.rankBy)[0]!;
    }
    await say(ctx, ws, { kind: 'update', target: e.ref, message });
  }
}

/**
 * Erases a member: their votes' points are taken back from the authors they voted for, and a
 * completeness award their review was needed for (the only changes to anyone else's score), then the member row goes and cascades answers, votes,
 * ledger rows, totals, cards and attempts. Pending suggestions go too.
 */
export async function forgetMember(ctx: Tx, ws: Workspace, member: Member, now: number): Promise<void> {
  const ledgers = new Map<number, Map<string, Award>>();
  const originalAward = async (authorId: Member['id'], key: string) => {
    if (!ledgers.has(authorId)) ledgers.set(authorId, new Map((await ctx.db.scores.ledgerFor(authorId)).map((a) => [a.awardKey, a])));
    return ledgers.get(authorId)!.get(key);
  };
  for (const vote of await ctx.db.votes.listByVoter(member.id)) {
    const answer = await ctx.db.answers.get(vote.answerId);
    const earned = answer && vote.points > 0 ? await originalAward(answer.memberId, voteKey('vote', vote)) : undefined;
    if (answer && earned) {
      // Taken back in the periods the points were earned (week, month, season), so no board
      // of a later period shows a negative total and each board still equals its ledger rows.
      await ctx.db.scores.award({
        ...earned,
        awardKey: voteKey('forget', vote),
        points: -earned.points,
        reason: 'voter-erased',
        at: now,
      });
    }
    await ctx.db.votes.remove(vote.answerId, vote.voterId);
  }
  await forgetReviews(ctx, member, now, originalAward);
  await forgetSelfChecks(ctx, await ctx.db.answers.listForMember(member.id));
  await ctx.db.suggestions.removeForMember(member.id);
  // Per-member bookkeeping keyed by id: the remembered quiz filter and daily nudge markers.
  await ctx.db.meta.remove(`quiz.filter:${member.id}`);
  await ctx.db.meta.removePrefix(`nudge:${member.id}:`);
  await ctx.db.members.remove(member.id);
  ctx.log.info({ workspaceId: ws.id }, 'member data erased');
}

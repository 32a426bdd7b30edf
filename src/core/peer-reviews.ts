import { nowMs, type Tx } from './context.js';
import { DojoUserError, fail, ok, type Result } from './errors.js';
import { privately, type Reply } from './messages.js';
import { say } from './outbox.js';
import {
  coverageOf,
  MAX_REVIEW_COMMENT,
  reviewForm,
  reviewNotice,
  reviewSummary,
  selfCheckForm,
  selfCheckGap,
  type Coverage,
} from './peer-review-render.js';
import { awardPoints } from './scoring.js';
import { safeUserText } from './text.js';
import { isVotingOpen } from './votes.js';
import type { Answer, AnswerId, Award, Channel, Member, PeerReview, Question, Round, Workspace } from './types.js';

/** Ledger keys: a review exists once per (answer, reviewer), and answer and member ids are never reused. */
export const reviewKey = (kind: 'review' | 'review-undo', r: Pick<PeerReview, 'answerId' | 'reviewerId'>) =>
  `${kind}:${r.answerId}:${r.reviewerId}`;
export const completenessKey = (kind: 'complete' | 'complete-undo', answerId: AnswerId) => `${kind}:${answerId}`;

/** Reviews follow the voting window: an open round, or a blind round once its answers are revealed. */
export const isReviewOpen = isVotingOpen;

/** Reads `raw` ("1,3,4", "1 3", or empty) as key point numbers from 1 to `count`, sorted, each once. */
export function parseCovered(raw: string, count: number): Result<number[]> {
  const words = raw.split(/[\s,;]+/).filter(Boolean);
  const bad = words.find((w) => !/^\d{1,3}$/.test(w) || Number(w) < 1 || Number(w) > count);
  if (bad !== undefined)
    return fail('bad-covered', `Tick key points by their numbers, 1 to ${count}, e.g. 1,3 (got "${safeUserText(bad.slice(0, 20))}").`);
  return ok([...new Set(words.map(Number))].sort((a, b) => a - b));
}

interface Target {
  answer: Answer;
  round: Round;
  question: Question;
  keyPoints: string[];
  author: Member;
}

/** The answer a member wants to review, with every refusal: gone (or another workspace's), closed or not revealed yet, a bot, their own. */
async function reviewTarget(ctx: Tx, ws: Workspace, answerId: AnswerId, reviewer: Member): Promise<Target> {
  const answer = await ctx.db.answers.get(answerId);
  if (!answer) throw new DojoUserError('no-answer', 'That answer was removed.');
  const round = await ctx.db.rounds.get(answer.roundId);
  // Action ids carry bare answer ids; one workspace's member never reaches another's answer.
  if ((await ctx.db.channels.get(round.channelId)).workspaceId !== ws.id) throw new DojoUserError('no-answer', 'That answer was removed.');
  if (!isReviewOpen(round))
    throw new DojoUserError(
      'review-closed',
      round.mode === 'blind' && (round.status === 'open' || round.status === 'posting')
        ? 'This is a blind round: reviews open when the answers are revealed.'
        : round.status === 'posting'
          ? 'This round is still being posted: try again in a moment.'
          : 'Reviews for this round have closed.',
    );
  if (reviewer.isBot) throw new DojoUserError('bot-review', 'Bots cannot review.');
  if (answer.memberId === reviewer.id) throw new DojoUserError('self-review', "You can't review your own answer.");
  const question = (await ctx.db.content.get(round.questionId))!;
  const keyPoints = question.body.keyPoints ?? [];
  if (!keyPoints.length) throw new DojoUserError('no-key-points', 'This question has no key points to review against.');
  return { answer, round, question, keyPoints, author: await ctx.db.members.get(answer.memberId) };
}

/** Review pressed: the checklist form, holding the member's earlier review of this answer if any. */
export async function openReviewForm(ctx: Tx, ws: Workspace, reviewer: Member, answerId: AnswerId): Promise<Reply> {
  const t = await reviewTarget(ctx, ws, answerId, reviewer);
  const earlier = await ctx.db.peerReviews.find(answerId, reviewer.id);
  return { private: [], form: reviewForm(answerId, t.author.displayName, t.answer.text, t.keyPoints, earlier) };
}

/**
 * A submitted review: the first one of this reviewer on this answer earns review points (for
 * the first `reviewCap` reviews they give in the round), a later one edits it while reviews are
 * open. The author is told privately either way, through the outbox.
 */
export async function submitReview(
  ctx: Tx,
  ws: Workspace,
  reviewer: Member,
  answerId: AnswerId,
  values: Record<string, string>,
): Promise<Reply> {
  const t = await reviewTarget(ctx, ws, answerId, reviewer);
  const covered = parseCovered(values.covered ?? '', t.keyPoints.length);
  if (!covered.ok) throw new DojoUserError(covered.code, `${covered.message} Your review was not saved.`);
  const comment = (values.comment ?? '').trim();
  if (comment.length > MAX_REVIEW_COMMENT)
    throw new DojoUserError('comment-too-long', `Comments can be at most ${MAX_REVIEW_COMMENT} characters; yours has ${comment.length}.`);
  const now = nowMs(ctx);
  const earlier = await ctx.db.peerReviews.find(answerId, reviewer.id);
  let points = 0;
  if (earlier) {
    await ctx.db.peerReviews.update(answerId, reviewer.id, covered.value, comment, now);
  } else {
    const p = ws.settings.points;
    const given = await ctx.db.peerReviews.countPointedInRound(reviewer.id, t.round.id);
    points = given < p.reviewCap ? p.review : 0;
    const review = { answerId, reviewerId: reviewer.id, roundId: t.round.id, covered: covered.value, comment, points, createdAt: now };
    if (!(await ctx.db.peerReviews.insert(review))) throw new DojoUserError('duplicate-review', 'You already reviewed this answer.');
    await awardPoints(
      ctx,
      ws,
      {
        memberId: reviewer.id,
        awardKey: reviewKey('review', review),
        points,
        reason: 'review',
        category: t.question.category,
        roundId: t.round.id,
      },
      now,
    );
  }
  const channel = await ctx.db.channels.get(t.round.channelId);
  await say(ctx, ws, {
    kind: 'tell',
    channel: channel.ref,
    user: t.author.userRef,
    message: reviewNotice(reviewer.displayName, t.keyPoints, { covered: covered.value, comment }, Boolean(earlier)),
  });
  const author = safeUserText(t.author.displayName);
  return privately({
    text: earlier
      ? `Your review of ${author}'s answer is updated (${covered.value.length} of ${t.keyPoints.length} key points).`
      : `Review sent to ${author} (${covered.value.length} of ${t.keyPoints.length} key points${points ? `, +${points}` : ''}). Press **Review** again to change it until the round closes.`,
  });
}

/** Takes back the reviews of an answer that is going away (deleted, withdrawn, voided): the reviewers' points too. */
export async function retractReviewsOnAnswer(ctx: Tx, ws: Workspace, answer: Answer, category: string, now: number): Promise<void> {
  for (const review of await ctx.db.peerReviews.listByAnswer(answer.id)) {
    if (review.points > 0)
      await awardPoints(
        ctx,
        ws,
        {
          memberId: review.reviewerId,
          awardKey: reviewKey('review-undo', review),
          points: -review.points,
          reason: 'review-retracted',
          category,
          roundId: answer.roundId,
        },
        now,
      );
    await ctx.db.peerReviews.remove(review.answerId, review.reviewerId);
  }
}

/**
 * Erasing a reviewer: their own review points go with their ledger; a completeness award that no
 * longer has two complete reviews without theirs is taken back from the author, in the periods
 * it was earned (as forget-me does with votes).
 */
export async function forgetReviews(
  ctx: Tx,
  member: Member,
  now: number,
  originalAward: (authorId: number, key: string) => Promise<Award | undefined>,
): Promise<void> {
  for (const review of await ctx.db.peerReviews.listByReviewer(member.id)) {
    const answer = await ctx.db.answers.get(review.answerId);
    const earned = answer ? await originalAward(answer.memberId, completenessKey('complete', review.answerId)) : undefined;
    if (answer && earned) {
      const round = await ctx.db.rounds.get(answer.roundId);
      const total = (await ctx.db.content.get(round.questionId))!.body.keyPoints?.length ?? 0;
      const rest = (await ctx.db.peerReviews.listByAnswer(answer.id)).filter((r) => r.reviewerId !== member.id);
      if (coverageOf(rest, total).complete < 2)
        await ctx.db.scores.award({
          ...earned,
          awardKey: completenessKey('complete-undo', answer.id),
          points: -earned.points,
          reason: 'reviewer-erased',
          at: now,
        });
    }
    await ctx.db.peerReviews.remove(review.answerId, review.reviewerId);
  }
}

/** Coverage of every answer in a round, by answer id (answers without reviews are absent). */
export async function roundCoverage(ctx: Tx, round: Round, question: Question): Promise<Map<AnswerId, Coverage>> {
  const byAnswer = new Map<AnswerId, PeerReview[]>();
  for (const r of await ctx.db.peerReviews.listByRound(round.id)) byAnswer.set(r.answerId, [...(byAnswer.get(r.answerId) ?? []), r]);
  const total = question.body.keyPoints?.length ?? 0;
  return new Map([...byAnswer].map(([id, reviews]) => [id, coverageOf(reviews, total)]));
}

/** At close: the completeness award for answers that at least two reviewers rate as covering every key point. */
export async function awardCompleteness(
  ctx: Tx,
  ws: Workspace,
  round: Round,
  question: Question,
  list: readonly Pick<Answer, 'id' | 'memberId'>[],
  coverage: Map<AnswerId, Coverage>,
  now: number,
): Promise<void> {
  for (const a of list) {
    if ((coverage.get(a.id)?.complete ?? 0) < 2) continue;
    await awardPoints(
      ctx,
      ws,
      {
        memberId: a.memberId,
        awardKey: completenessKey('complete', a.id),
        points: ws.settings.points.completeness,
        reason: 'completeness',
        category: question.category,
        roundId: round.id,
      },
      now,
    );
  }
}

/** At close, after the round's summary: one private summary for each author whose answer was reviewed. */
export async function tellReviewSummaries(
  ctx: Tx,
  ws: Workspace,
  channel: Channel,
  question: Question,
  list: readonly Pick<Answer, 'id' | 'memberId'>[],
  coverage: Map<AnswerId, Coverage>,
): Promise<void> {
  const keyPoints = question.body.keyPoints ?? [];
  for (const a of list) {
    const c = coverage.get(a.id);
    if (!c) continue;
    const comments: { name: string; text: string }[] = [];
    for (const r of await ctx.db.peerReviews.listByAnswer(a.id))
      if (r.comment) comments.push({ name: (await ctx.db.members.get(r.reviewerId)).displayName, text: r.comment });
    const author = await ctx.db.members.get(a.memberId);
    await say(ctx, ws, { kind: 'tell', channel: channel.ref, user: author.userRef, message: reviewSummary(a.id, keyPoints, c, comments) });
  }
}

/** The author's own answer in a closed round, for the self-check. */
async function selfCheckTarget(
  ctx: Tx,
  member: Member,
  answerId: AnswerId,
): Promise<{ round: Round; question: Question; keyPoints: string[] }> {
  const answer = await ctx.db.answers.get(answerId);
  if (!answer || answer.memberId !== member.id) throw new DojoUserError('no-answer', 'There is no answer of yours to check.');
  const round = await ctx.db.rounds.get(answer.roundId);
  if (round.status !== 'closed') throw new DojoUserError('not-closed', 'The self-check opens when the round closes.');
  const question = (await ctx.db.content.get(round.questionId))!;
  const keyPoints = question.body.keyPoints ?? [];
  if (!keyPoints.length) throw new DojoUserError('no-key-points', 'This question has no key points to check against.');
  return { round, question, keyPoints };
}

const selfCheckMeta = (answerId: AnswerId) => `self-check:${answerId}`;

export async function openSelfCheck(ctx: Tx, member: Member, answerId: AnswerId): Promise<Reply> {
  const { keyPoints } = await selfCheckTarget(ctx, member, answerId);
  const earlier = await ctx.db.meta.get(selfCheckMeta(answerId));
  return { private: [], form: selfCheckForm(answerId, keyPoints, earlier ? earlier.split(',').filter(Boolean).map(Number) : []) };
}

/** The author's self-check, kept (it can be redone) and compared with the reviewers' coverage, privately. */
export async function submitSelfCheck(ctx: Tx, member: Member, answerId: AnswerId, values: Record<string, string>): Promise<Reply> {
  const { round, question, keyPoints } = await selfCheckTarget(ctx, member, answerId);
  const mine = parseCovered(values.covered ?? '', keyPoints.length);
  if (!mine.ok) throw new DojoUserError(mine.code, mine.message);
  await ctx.db.meta.set(selfCheckMeta(answerId), mine.value.join(','), nowMs(ctx));
  const coverage = (await roundCoverage(ctx, round, question)).get(answerId) ?? coverageOf([], keyPoints.length);
  return privately(selfCheckGap(keyPoints, mine.value, coverage));
}

/** Forget-me: the member's self-checks (kept by answer id) go with their answers. */
export async function forgetSelfChecks(ctx: Tx, answers: readonly Pick<Answer, 'id'>[]): Promise<void> {
  for (const a of answers) await ctx.db.meta.remove(selfCheckMeta(a.id));
}

import { nowMs, type Tx } from './context.js';
import { say } from './outbox.js';
import { DojoUserError } from './errors.js';
import type { MessageRef } from './refs.js';
import { answerCopyMessage } from './render-round.js';
import { awardPoints } from './scoring.js';
import { retractVotesOnAnswer } from './votes.js';
import type { Answer, AnswerSource, Member, Round, Workspace } from './types.js';

/** Answers longer than this are refused: it keeps posts and summaries within platform limits. */
export const MAX_ANSWER_CHARS = 4000;

/** 'posting': the question is out on the platform (a member can see it) a moment before its post is recorded. */
export const isTakingAnswers = (round: Pick<Round, 'status'>) => round.status === 'open' || round.status === 'posting';

/**
 * Records a member's answer to a live round and awards the answer points, once. Returns
 * undefined when the member already answered (later replies are discussion).
 */
export async function recordAnswer(
  ctx: Tx,
  ws: Workspace,
  round: Round,
  member: Member,
  input: { text: string; source: AnswerSource; messageRef: MessageRef | null },
): Promise<Answer | undefined> {
  const text = input.text.trim();
  if (!text) return undefined;
  if (!isTakingAnswers(round)) throw new DojoUserError('answers-closed', 'This round is no longer taking answers.');
  if (text.length > MAX_ANSWER_CHARS)
    throw new DojoUserError('answer-too-long', `Answers can be at most ${MAX_ANSWER_CHARS} characters; yours has ${text.length}.`);
  const now = nowMs(ctx);
  const question = (await ctx.db.content.get(round.questionId))!;
  const answer = await ctx.db.answers.insert({
    roundId: round.id,
    memberId: member.id,
    text,
    source: input.source,
    messageRef: input.messageRef,
    now,
  });
  if (!answer) return undefined;
  await awardPoints(
    ctx,
    ws,
    {
      memberId: member.id,
      awardKey: `answer:${answer.id}`,
      points: ws.settings.points.answer,
      reason: 'answer',
      category: question.category,
      roundId: round.id,
    },
    now,
  );
  return answer;
}

/** Form answers are repeated by the bot in the thread (open rounds) so peers can upvote them. */
export async function postAnswerCopy(ctx: Tx, ws: Workspace, round: Round, answer: Answer, member: Member): Promise<void> {
  if (round.mode === 'blind') return;
  const channel = await ctx.db.channels.get(round.channelId);
  const message = answerCopyMessage(answer, { ref: member.userRef, name: member.displayName });
  await say(
    ctx,
    ws,
    { kind: 'reply', channel: channel.ref, thread: { round: round.id }, message },
    { kind: 'answer-copy-posted', answerId: answer.id },
  );
}

/** Follows an edit of the member's answer message while the round is live. */
export async function editAnswer(ctx: Tx, messageRef: MessageRef, text: string): Promise<boolean> {
  const answer = await ctx.db.answers.findByMessage(messageRef);
  if (!answer || answer.messageRef !== messageRef) return false;
  const round = await ctx.db.rounds.get(answer.roundId);
  if (!isTakingAnswers(round) || !text.trim()) return false;
  await ctx.db.answers.updateText(answer.id, text.trim().slice(0, MAX_ANSWER_CHARS), nowMs(ctx));
  return true;
}

/**
 * A deleted answer message removes the answer, its votes and the points they earned, while
 * the round is live; after close the results stand.
 */
export async function deleteAnswer(ctx: Tx, ws: Workspace, messageRef: MessageRef): Promise<boolean> {
  const answer = await ctx.db.answers.findByMessage(messageRef);
  if (!answer || answer.messageRef !== messageRef) return false;
  const round = await ctx.db.rounds.get(answer.roundId);
  if (round.status !== 'open' && round.status !== 'revealed') return false;
  const now = nowMs(ctx);
  const question = (await ctx.db.content.get(round.questionId))!;
  await retractVotesOnAnswer(ctx, ws, answer, question.category, now);
  await awardPoints(
    ctx,
    ws,
    {
      memberId: answer.memberId,
      awardKey: `answer-removed:${answer.id}`,
      points: -ws.settings.points.answer,
      reason: 'answer-removed',
      category: question.category,
      roundId: round.id,
    },
    now,
  );
  await ctx.db.answers.remove(answer.id);
  return true;
}

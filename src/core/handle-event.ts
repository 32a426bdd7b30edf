import { actions, parseAction } from './actions.js';
import {
  answerRefusal,
  deleteAnswer,
  editAnswer,
  effortProblem,
  forgetRefused,
  isTakingAnswers,
  MAX_ANSWER_CHARS,
  postAnswerCopy,
  recordAnswer,
  refusedRound,
  rememberRefused,
  withdrawAnswer,
} from './answers.js';
import { nowMs, type Tx } from './context.js';
import { runCommand } from './dispatch-command.js';
import { DojoUserError } from './errors.js';
import { homeView } from './home.js';
import { noReply, privately, type Reply } from './messages.js';
import { say } from './outbox.js';
import type { InboundEvent } from './ports.js';
import { forgetMember, postsQuoting, rewriteQuotingPosts } from './privacy.js';
import { answerChallenge } from './quiz/challenge.js';
import { answerQuiz, gradeQuiz, nextQuiz, revealQuiz } from './quiz/drill.js';
import { decideSuggestion } from './team-pack.js';
import { castVote, isVotingOpen, retractVote } from './votes.js';
import { openReviewForm, openSelfCheck, submitReview, submitSelfCheck } from './peer-reviews.js';
import { isAdmin } from './access.js';
import { assertOwnAnswer, assertOwned, assertOwnRound } from './ownership.js';
import { answerCopyMessage } from './render-round.js';
import { normaliseEmoji, safeUserText } from './text.js';
import type { VoteTarget } from './store.js';
import type { Answer, Member, Round, RoundId, Workspace } from './types.js';

type Of<K extends InboundEvent['kind']> = Extract<InboundEvent, { kind: K }>;

/** Reads an event needs that were made with its claim (see DeliveryRepo.start). */
export interface ReadAhead {
  /** A reaction's vote target; null when the message is no answer, absent when not read. */
  voteTarget?: VoteTarget | null;
}

/** The vote target of a reaction: read with the claim, or else now. */
export async function voteTargetOf(
  ctx: Tx,
  event: Of<'reaction-added' | 'reaction-removed'>,
  ahead: ReadAhead,
): Promise<VoteTarget | undefined> {
  if (ahead.voteTarget !== undefined) return ahead.voteTarget ?? undefined;
  return ctx.db.answers.findVoteTarget(event.message, event.actor.ref);
}

/** Routes one event whose workspace and member are known, inside the delivery's transaction. */
export async function routeEvent(ctx: Tx, event: InboundEvent, ws: Workspace, member: Member, ahead: ReadAhead = {}): Promise<Reply> {
  switch (event.kind) {
    case 'command':
      return runCommand(ctx, event, ws, member);
    case 'reply-posted':
      return onReply(ctx, event, ws, member);
    case 'reply-edited':
      return onEdit(ctx, event, ws, member);
    case 'reply-deleted':
      await deleteAnswer(ctx, ws, event.message);
      return noReply();
    case 'reaction-added':
    case 'reaction-removed':
      return onReaction(ctx, event, ws, member, ahead);
    case 'button-pressed':
      return onButton(ctx, event, ws, member);
    case 'form-submitted':
      return onForm(ctx, event, ws, member);
    case 'home-opened': {
      const view = await homeView(ctx, ws, member, event.actor, nowMs(ctx));
      await say(ctx, ws, { kind: 'home', workspace: ws.ref, user: member.userRef, view });
      return noReply();
    }
    case 'member-seen':
    case 'workspace-removed':
      return noReply();
  }
}

async function onReply(ctx: Tx, event: Of<'reply-posted'>, ws: Workspace, member: Member): Promise<Reply> {
  const round = await ctx.db.rounds.findByMessage(event.thread);
  if (!round || member.isBot) return noReply();
  await assertOwnRound(ctx, ws, round);
  if (!isTakingAnswers(round)) {
    // Someone who already answered is discussing; someone who has not probably meant to answer.
    if (await ctx.db.answers.findByMember(round.id, member.id)) return noReply();
    return privately({
      text:
        round.status === 'revealed'
          ? 'Answers for this round are closed (it is voting time now), so your reply is discussion, not an answer.'
          : 'This round has closed, so your reply is discussion, not an answer. The next question comes on schedule.',
    });
  }
  if (round.mode === 'blind') {
    // Remembered so a vote on this reply can say why it does not count (see onReaction).
    await ctx.db.meta.set(`not-votable:${event.message}`, `${round.id}:discussion`, nowMs(ctx));
    if (await ctx.db.answers.findByMember(round.id, member.id)) return noReply();
    return privately({
      text: 'This is a blind round: press **Answer** on the question so nobody sees your answer before the reveal. Thread replies count as discussion.',
    });
  }
  if (await ctx.db.answers.findByMember(round.id, member.id)) return noReply();
  // Refused as an answer but remembered (so this delivery commits): edited into a valid one, it counts.
  const refusal = event.text.trim() ? answerRefusal(event.text.trim(), true) : undefined;
  if (refusal) {
    await rememberRefused(ctx, event.message, round);
    return privately({ text: refusal.message });
  }
  const answer = await recordAnswer(ctx, ws, round, member, { text: event.text, source: 'thread', messageRef: event.message });
  return answer
    ? privately({
        text: `Your answer is in (+${ws.settings.points.answer}). Edit your reply to change it; peers vote until the round closes.`,
      })
    : noReply();
}

/** An edited thread reply: the answer follows it, and a refused answer edited into a valid one counts. */
async function onEdit(ctx: Tx, event: Of<'reply-edited'>, ws: Workspace, member: Member): Promise<Reply> {
  const result = await editAnswer(ctx, ws, event.message, event.text);
  if (result === 'edited') return noReply();
  if (result === 'closed') return privately({ text: 'This round has closed, so your answer stays as it was.' });
  if (result === 'invalid') {
    const text = event.text.trim();
    const why = !text
      ? 'it was empty'
      : text.length > MAX_ANSWER_CHARS
        ? `answers can be at most ${MAX_ANSWER_CHARS} characters`
        : effortProblem(text)!.replace(/\.$/, '').toLowerCase();
    return privately({ text: `Your edit was not saved (${why}); your answer stays as it was.` });
  }
  const round = await refusedRound(ctx, ws, event.message);
  if (!round || member.isBot || (await ctx.db.answers.findByMember(round.id, member.id))) return noReply();
  if (!isTakingAnswers(round)) return privately({ text: 'This round has closed, so your reply is discussion, not an answer.' });
  const answer = await recordAnswer(ctx, ws, round, member, { text: event.text, source: 'thread', messageRef: event.message });
  if (!answer) return noReply();
  await forgetRefused(ctx, event.message);
  return privately({ text: `Your edited reply counts as your answer (+${ws.settings.points.answer}).` });
}

async function onReaction(
  ctx: Tx,
  event: Of<'reaction-added' | 'reaction-removed'>,
  ws: Workspace,
  member: Member,
  ahead: ReadAhead,
): Promise<Reply> {
  const target = await voteTargetOf(ctx, event, ahead);
  if (!target) return whyNotVotable(ctx, event, ws);
  const { answer, round, channel, pointedVotes, lastCast } = target;
  assertOwned(ws, channel.workspaceId, 'answer');
  if (normaliseEmoji(event.emoji) !== normaliseEmoji(channel.voteEmoji)) return noReply();
  if (event.kind === 'reaction-removed') {
    if ((await retractVote(ctx, ws, answer, member, 'reaction')) || member.isBot || answer.memberId === member.id) return noReply();
    // A vote given by button is not taken back by a reaction, and needs no note either.
    if (await ctx.db.votes.find(answer.id, member.id)) return noReply();
    return privately({
      text: !isVotingOpen(round)
        ? 'Voting for this round has closed, so your vote stands.'
        : 'You had not voted for that answer, so there was nothing to take back.',
    });
  }
  // Read in this delivery's transaction, so the round and channel are current.
  await castVote(ctx, ws, answer, member, 'reaction', { round, channel, pointedVotes, lastCast });
  return noReply();
}

/** A vote on a message that takes none: a blind round's discussion reply, or a voided answer. */
async function whyNotVotable(ctx: Tx, event: Of<'reaction-added' | 'reaction-removed'>, ws: Workspace): Promise<Reply> {
  const note = event.kind === 'reaction-added' ? await ctx.db.meta.get(`not-votable:${event.message}`) : undefined;
  if (!note || event.actor.isBot) return noReply();
  const [roundId, why] = note.split(':');
  const round = await ctx.db.rounds.get(Number(roundId) as RoundId);
  const channel = await ctx.db.channels.get(round.channelId);
  assertOwned(ws, channel.workspaceId, 'message');
  if (normaliseEmoji(event.emoji) !== normaliseEmoji(channel.voteEmoji)) return noReply();
  return privately({
    text:
      why === 'voided'
        ? 'An admin voided that answer, so votes on it do not count.'
        : 'In a blind round, thread replies are discussion: vote with **Upvote** on the answers the bot reveals.',
  });
}

async function onButton(ctx: Tx, event: Of<'button-pressed'>, ws: Workspace, member: Member): Promise<Reply> {
  const action = parseAction(event.actionId);
  if (!action) throw new DojoUserError('unknown-action', 'That button is no longer active.');
  switch (action.kind) {
    case 'answer':
    case 'answer-form': {
      const round = await ctx.db.rounds.get(action.roundId);
      if (round) await assertOwnRound(ctx, ws, round);
      if (!round || !isTakingAnswers(round)) throw new DojoUserError('answers-closed', 'This round is no longer taking answers.');
      const earlier = await ctx.db.answers.findByMember(round.id, member.id);
      if (earlier && earlier.source !== 'form')
        throw new DojoUserError(
          'already-answered',
          'You answered with a thread reply: edit that reply to change your answer, or delete it to withdraw.',
        );
      const q = (await ctx.db.content.get(round.questionId))!;
      // Pressing Answer again opens the form with the current answer, to edit it.
      return {
        private: [],
        form: {
          formId: actions.answerForm(round.id),
          title: earlier ? 'Edit your answer' : 'Your answer',
          intro: q.prompt,
          inputs: [
            {
              id: 'answer',
              label: 'Your answer',
              multiline: true,
              maxLength: MAX_ANSWER_CHARS,
              placeholder: 'Key points first, then details.',
              ...(earlier ? { value: earlier.text } : {}),
            },
          ],
          submitLabel: 'Submit',
        },
      };
    }
    case 'withdraw': {
      const answer = await ctx.db.answers.get(action.answerId);
      if (answer) await assertOwnAnswer(ctx, ws, answer);
      if (!answer || answer.memberId !== member.id) throw new DojoUserError('no-answer', 'There is no answer of yours to withdraw.');
      if (!(await withdrawAnswer(ctx, ws, answer)))
        throw new DojoUserError('answers-closed', 'This round has closed, so your answer stays as it was.');
      // A copy not out yet is dropped by the outbox (its answer is gone); one already out says so.
      if (answer.postedRef)
        await say(ctx, ws, {
          kind: 'update',
          target: answer.postedRef,
          message: { text: `${safeUserText(member.displayName)} withdrew this answer.` },
        });
      return privately({
        text: `Your answer is withdrawn (−${ws.settings.points.answer}), with any votes it had. Press **Answer** on the question to answer again.`,
      });
    }
    case 'upvote': {
      const answer = await ctx.db.answers.get(action.answerId);
      if (!answer) throw new DojoUserError('no-answer', 'That answer was removed.');
      await assertOwnAnswer(ctx, ws, answer);
      await castVote(ctx, ws, answer, member, 'button');
      return privately({ text: `Vote counted for ${(await ctx.db.members.get(answer.memberId)).displayName}'s answer.` });
    }
    case 'review':
      return await openReviewForm(ctx, ws, member, action.answerId);
    case 'review-message': {
      const answer = event.message && (await ctx.db.answers.findByMessage(event.message));
      if (!answer) throw new DojoUserError('no-answer', 'That message is not an answer in a round.');
      return await openReviewForm(ctx, ws, member, answer.id);
    }
    case 'self-check':
      return await openSelfCheck(ctx, member, action.answerId);
    case 'review-form':
    case 'self-check-form':
      throw new DojoUserError('unknown-action', 'That button is no longer active.');
    case 'quiz':
      return await answerQuiz(ctx, ws, member, action.attemptId, action.choice);
    case 'reveal':
      return await revealQuiz(ctx, member, action.attemptId);
    case 'grade':
      return await gradeQuiz(ctx, ws, member, action.attemptId, action.rating);
    case 'next':
      return await nextQuiz(ctx, ws, member, action);
    case 'challenge':
      return privately({ text: await answerChallenge(ctx, ws, member, action.challengeId, action.choice) });
    case 'forget':
      if (!action.confirm) return privately({ text: 'Nothing was erased.' });
      {
        // Read before erasing: the bot's posts that quote the member, rewritten through the outbox.
        const quoting = await postsQuoting(ctx, ws, member);
        await forgetMember(ctx, ws, member, nowMs(ctx));
        await rewriteQuotingPosts(ctx, ws, quoting);
      }
      return privately({ text: 'Done: your answers, votes, points and quiz history here are erased.' });
    case 'suggestion':
      if (!isAdmin(ctx, ws, event.actor)) throw new DojoUserError('not-admin', 'Only admins can review suggestions.');
      // Deciding tells the suggestion's author (through the outbox).
      return privately({ text: await decideSuggestion(ctx, ws, action.id, action.approve, nowMs(ctx)) });
  }
}

async function onForm(ctx: Tx, event: Of<'form-submitted'>, ws: Workspace, member: Member): Promise<Reply> {
  const action = parseAction(event.formId);
  if (action?.kind === 'review-form') return submitReview(ctx, ws, member, action.answerId, event.values);
  if (action?.kind === 'self-check-form') return submitSelfCheck(ctx, member, action.answerId, event.values);
  if (action?.kind !== 'answer-form') throw new DojoUserError('unknown-form', 'That form has expired.');
  const round = await ctx.db.rounds.get(action.roundId);
  await assertOwnRound(ctx, ws, round);
  const text = event.values.answer ?? '';
  if (!text.trim()) throw new DojoUserError('empty-answer', 'Your answer was empty, so nothing was saved.');
  const earlier = await ctx.db.answers.findByMember(round.id, member.id);
  if (earlier && earlier.source === 'form') return onFormEdit(ctx, ws, member, round, earlier, text);
  if (earlier) throw new DojoUserError('already-answered', 'You have already answered this round.');
  const answer = await recordAnswer(ctx, ws, round, member, { text, source: 'form', messageRef: null });
  if (!answer) throw new DojoUserError('already-answered', 'You have already answered this round.');
  await postAnswerCopy(ctx, ws, round, answer, member);
  return privately({
    text:
      round.mode === 'blind'
        ? `Your answer is in (+${ws.settings.points.answer}). It stays hidden until the reveal. Press **Answer** again to edit it.`
        : `Your answer is in (+${ws.settings.points.answer}) and posted in the thread for votes. Press **Answer** again to edit it.`,
    buttons: [withdrawButton(answer.id)],
  });
}

const withdrawButton = (answerId: number) => ({
  label: 'Withdraw my answer',
  actionId: actions.withdraw(answerId),
  style: 'danger' as const,
});

/** A form answer submitted again: the answer and the bot's copy of it follow the new text. */
async function onFormEdit(ctx: Tx, ws: Workspace, member: Member, round: Round, answer: Answer, text: string): Promise<Reply> {
  const trimmed = text.trim();
  if (!isTakingAnswers(round)) throw new DojoUserError('answers-closed', 'This round has closed, so your answer stays as it was.');
  if (trimmed.length > MAX_ANSWER_CHARS)
    throw new DojoUserError('answer-too-long', `Answers can be at most ${MAX_ANSWER_CHARS} characters; yours has ${trimmed.length}.`);
  const effort = effortProblem(trimmed);
  if (effort) throw new DojoUserError('answer-too-short', `${effort} Your answer stays as it was.`);
  await ctx.db.answers.updateText(answer.id, trimmed, nowMs(ctx));
  // The bot's copy is updated through the outbox; a copy not sent yet (rare: it goes out right
  // after its commit) keeps the text it was recorded with.
  if (answer.postedRef)
    await say(ctx, ws, {
      kind: 'update',
      target: answer.postedRef,
      message: answerCopyMessage({ ...answer, text: trimmed }, { ref: member.userRef, name: member.displayName }),
    });
  return privately({ text: 'Your answer is updated; its votes stay.', buttons: [withdrawButton(answer.id)] });
}

import { actions, parseAction } from './actions.js';
import { deleteAnswer, editAnswer, postAnswerCopy, recordAnswer, isTakingAnswers, MAX_ANSWER_CHARS } from './answers.js';
import { nowMs, type Tx } from './context.js';
import { runCommand } from './dispatch-command.js';
import { DojoUserError } from './errors.js';
import { homeView } from './home.js';
import { noReply, privately, type Reply } from './messages.js';
import { say } from './outbox.js';
import type { InboundEvent } from './ports.js';
import { forgetMember } from './privacy.js';
import { answerChallenge } from './quiz/challenge.js';
import { answerQuiz, gradeQuiz, nextQuiz, revealQuiz } from './quiz/drill.js';
import { decideSuggestion } from './team-pack.js';
import { normaliseEmoji } from './text.js';
import { castVote, retractVote } from './votes.js';
import { isAdmin } from './access.js';
import type { Member, Workspace } from './types.js';

type Of<K extends InboundEvent['kind']> = Extract<InboundEvent, { kind: K }>;

/** Routes one event whose workspace and member are known, inside the delivery's transaction. */
export async function routeEvent(ctx: Tx, event: InboundEvent, ws: Workspace, member: Member): Promise<Reply> {
  switch (event.kind) {
    case 'command':
      return runCommand(ctx, event, ws, member);
    case 'reply-posted':
      return onReply(ctx, event, ws, member);
    case 'reply-edited':
      await editAnswer(ctx, event.message, event.text);
      return noReply();
    case 'reply-deleted':
      await deleteAnswer(ctx, ws, event.message);
      return noReply();
    case 'reaction-added':
    case 'reaction-removed':
      return onReaction(ctx, event, ws, member);
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
  if (round.status !== 'open') return noReply();
  if (round.mode === 'blind') {
    if (await ctx.db.answers.findByMember(round.id, member.id)) return noReply();
    return privately({
      text: 'This is a blind round: press **Answer** on the question so nobody sees your answer before the reveal. Thread replies count as discussion.',
    });
  }
  if (await ctx.db.answers.findByMember(round.id, member.id)) return noReply();
  const answer = await recordAnswer(ctx, ws, round, member, { text: event.text, source: 'thread', messageRef: event.message });
  return answer
    ? privately({
        text: `Your answer is in (+${ws.settings.points.answer}). Edit your reply to change it; peers vote until the round closes.`,
      })
    : noReply();
}

async function onReaction(ctx: Tx, event: Of<'reaction-added' | 'reaction-removed'>, ws: Workspace, member: Member): Promise<Reply> {
  const target = await ctx.db.answers.findVoteTarget(event.message);
  if (!target) return noReply();
  const { answer, round, channel, pointedVotes } = target;
  if (normaliseEmoji(event.emoji) !== normaliseEmoji(channel.voteEmoji)) return noReply();
  if (event.kind === 'reaction-removed') {
    await retractVote(ctx, ws, answer, member, 'reaction');
    return noReply();
  }
  // Read in this delivery's transaction, so the round and channel are current.
  await castVote(ctx, ws, answer, member, 'reaction', { round, channel, pointedVotes });
  return noReply();
}

async function onButton(ctx: Tx, event: Of<'button-pressed'>, ws: Workspace, member: Member): Promise<Reply> {
  const action = parseAction(event.actionId);
  if (!action) throw new DojoUserError('unknown-action', 'That button is no longer active.');
  switch (action.kind) {
    case 'answer':
    case 'answer-form': {
      const round = await ctx.db.rounds.get(action.roundId);
      if (!round || !isTakingAnswers(round)) throw new DojoUserError('answers-closed', 'This round is no longer taking answers.');
      if (await ctx.db.answers.findByMember(round.id, member.id))
        throw new DojoUserError('already-answered', 'You have already answered this round.');
      const q = (await ctx.db.content.get(round.questionId))!;
      return {
        private: [],
        form: {
          formId: actions.answerForm(round.id),
          title: 'Your answer',
          intro: q.prompt,
          inputs: [
            {
              id: 'answer',
              label: 'Your answer',
              multiline: true,
              maxLength: MAX_ANSWER_CHARS,
              placeholder: 'Key points first, then details.',
            },
          ],
          submitLabel: 'Submit',
        },
      };
    }
    case 'upvote': {
      const answer = await ctx.db.answers.get(action.answerId);
      if (!answer) throw new DojoUserError('no-answer', 'That answer was removed.');
      await castVote(ctx, ws, answer, member, 'button');
      return privately({ text: 'Vote counted.' });
    }
    case 'quiz':
      return await answerQuiz(ctx, ws, member, action.attemptId, action.choice);
    case 'reveal':
      return await revealQuiz(ctx, member, action.attemptId);
    case 'grade':
      return await gradeQuiz(ctx, ws, member, action.attemptId, action.rating);
    case 'next':
      return await nextQuiz(ctx, ws, member, action);
    case 'challenge':
      return privately({ text: await answerChallenge(ctx, member, action.challengeId, action.choice) });
    case 'forget':
      if (!action.confirm) return privately({ text: 'Nothing was erased.' });
      await forgetMember(ctx, ws, member, nowMs(ctx));
      return privately({ text: 'Done: your answers, votes, points and quiz history here are erased.' });
    case 'suggestion':
      if (!isAdmin(ctx, ws, event.actor)) throw new DojoUserError('not-admin', 'Only admins can review suggestions.');
      return privately({ text: await decideSuggestion(ctx, ws, action.id, action.approve, nowMs(ctx)) });
  }
}

async function onForm(ctx: Tx, event: Of<'form-submitted'>, ws: Workspace, member: Member): Promise<Reply> {
  const action = parseAction(event.formId);
  if (action?.kind !== 'answer-form') throw new DojoUserError('unknown-form', 'That form has expired.');
  const round = await ctx.db.rounds.get(action.roundId);
  const text = event.values.answer ?? '';
  if (!text.trim()) throw new DojoUserError('empty-answer', 'Your answer was empty, so nothing was saved.');
  if (await ctx.db.answers.findByMember(round.id, member.id))
    throw new DojoUserError('already-answered', 'You have already answered this round.');
  const answer = await recordAnswer(ctx, ws, round, member, { text, source: 'form', messageRef: null });
  if (!answer) throw new DojoUserError('already-answered', 'You have already answered this round.');
  await postAnswerCopy(ctx, ws, round, answer, member);
  return privately({
    text:
      round.mode === 'blind'
        ? `Your answer is in (+${ws.settings.points.answer}). It stays hidden until the reveal.`
        : `Your answer is in (+${ws.settings.points.answer}) and posted in the thread for votes.`,
  });
}

import { actions, parseAction } from './actions.js';
import {
  deleteAnswer,
  editAnswer,
  effortProblem,
  forgetRefused,
  MAX_ANSWER_CHARS,
  postAnswerCopy,
  recordAnswer,
  refusedRound,
  withdrawAnswer,
} from './answers.js';
import { channelPort, nowMs, type Ctx } from './context.js';
import { commandMode, runCommand } from './dispatch-command.js';
import { DojoUserError } from './errors.js';
import { homeView } from './home.js';
import { noReply, privately, type Reply } from './messages.js';
import type { InboundEvent } from './ports.js';
import { forgetMember, postsQuoting, rewriteQuotingPosts } from './privacy.js';
import { answerChallenge } from './quiz/challenge.js';
import { answerQuiz, gradeQuiz, nextQuiz, revealQuiz } from './quiz/drill.js';
import { decideSuggestion, tellSuggestionAuthor } from './team-pack.js';
import { castVote, isVotingOpen, retractVote } from './votes.js';
import { isAdmin } from './access.js';
import { answerCopyMessage } from './render-round.js';
import { normaliseEmoji, safeUserText } from './text.js';
import type { Answer, Member, Round, Workspace } from './types.js';

type Of<K extends InboundEvent['kind']> = Extract<InboundEvent, { kind: K }>;

/** Kinds handled entirely by database work, so their dedupe claim can share one transaction. */
const SYNC_KINDS = new Set<InboundEvent['kind']>(['reply-posted', 'reply-edited', 'reply-deleted', 'reaction-added', 'reaction-removed']);

/** Whether an event is handled entirely by database work: the kinds above and commands that do not post. */
export const isSyncEvent = (event: InboundEvent) =>
  SYNC_KINDS.has(event.kind) || (event.kind === 'command' && commandMode(event.text) !== 'posts');

/** A command that only reads (and so needs no record of its delivery). */
export const isReadOnly = (event: InboundEvent) => event.kind === 'command' && commandMode(event.text) === 'reads';

/** Whether a delivery needs a record to stay single: all but read-only commands. */
export const needsClaim = (event: InboundEvent) => event.deliveryId !== undefined && !isReadOnly(event);

/** Routes an event for which `isSyncEvent` holds; runs inside the caller's transaction, so it must not await. */
export function routeSync(ctx: Ctx, event: InboundEvent, ws: Workspace, member: Member): Reply {
  switch (event.kind) {
    case 'command': {
      const reply = runCommand(ctx, event, ws, member);
      if (reply instanceof Promise) throw new Error('a command that posts to chat was run as database work');
      return reply;
    }
    case 'reply-posted':
      return onReply(ctx, event, ws, member);
    case 'reply-edited':
      return onEdit(ctx, event, ws, member);
    case 'reply-deleted':
      deleteAnswer(ctx, ws, event.message);
      return noReply();
    case 'reaction-added':
    case 'reaction-removed':
      return onReaction(ctx, event, ws, member);
    default:
      throw new Error(`${event.kind} is not a synchronous event`);
  }
}

/** Routes one event whose workspace and member are known. */
export async function routeEvent(ctx: Ctx, event: InboundEvent, ws: Workspace, member: Member): Promise<Reply> {
  switch (event.kind) {
    case 'command':
      return runCommand(ctx, event, ws, member);
    case 'reply-posted':
    case 'reply-edited':
    case 'reply-deleted':
    case 'reaction-added':
    case 'reaction-removed':
      return routeSync(ctx, event, ws, member);
    case 'button-pressed':
      return onButton(ctx, event, ws, member);
    case 'form-submitted':
      return onForm(ctx, event, ws, member);
    case 'home-opened': {
      const port = ctx.ports.get(ws.platform);
      await port?.publishHome?.(ws.ref, member.userRef, homeView(ctx, ws, member, event.actor, nowMs(ctx)));
      return noReply();
    }
    case 'workspace-removed':
      return noReply();
  }
}

function onReply(ctx: Ctx, event: Of<'reply-posted'>, ws: Workspace, member: Member): Reply {
  const round = ctx.store.rounds.findByMessage(event.thread);
  if (!round || member.isBot) return noReply();
  if (round.status !== 'open') {
    // Someone who already answered is discussing; someone who has not probably meant to answer.
    if (ctx.store.answers.findByMember(round.id, member.id)) return noReply();
    return privately({
      text:
        round.status === 'revealed'
          ? 'Answers for this round are closed (it is voting time now), so your reply is discussion, not an answer.'
          : 'This round has closed, so your reply is discussion, not an answer. The next question comes on schedule.',
    });
  }
  if (round.mode === 'blind') {
    // Remembered so a vote on this reply can say why it does not count (see onReaction).
    ctx.store.meta.set(`not-votable:${event.message}`, `${round.id}:discussion`, nowMs(ctx));
    if (ctx.store.answers.findByMember(round.id, member.id)) return noReply();
    return privately({
      text: 'This is a blind round: press **Answer** on the question so nobody sees your answer before the reveal. Thread replies count as discussion.',
    });
  }
  if (ctx.store.answers.findByMember(round.id, member.id)) return noReply();
  const answer = recordAnswer(ctx, ws, round, member, { text: event.text, source: 'thread', messageRef: event.message });
  return answer
    ? privately({
        text: `Your answer is in (+${ws.settings.points.answer}). Edit your reply to change it; peers vote until the round closes.`,
      })
    : noReply();
}

/** An edited thread reply: the answer follows it, and a refused answer edited into a valid one counts. */
function onEdit(ctx: Ctx, event: Of<'reply-edited'>, ws: Workspace, member: Member): Reply {
  const result = editAnswer(ctx, event.message, event.text);
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
  const round = refusedRound(ctx, event.message);
  if (!round || member.isBot || ctx.store.answers.findByMember(round.id, member.id)) return noReply();
  if (round.status !== 'open') return privately({ text: 'This round has closed, so your reply is discussion, not an answer.' });
  const answer = recordAnswer(ctx, ws, round, member, { text: event.text, source: 'thread', messageRef: event.message });
  if (!answer) return noReply();
  forgetRefused(ctx, event.message);
  return privately({ text: `Your edited reply counts as your answer (+${ws.settings.points.answer}).` });
}

function onReaction(ctx: Ctx, event: Of<'reaction-added' | 'reaction-removed'>, ws: Workspace, member: Member): Reply {
  const target = ctx.store.answers.findVoteTarget(event.message);
  if (!target) return whyNotVotable(ctx, event);
  const { answer, round, channel, pointedVotes } = target;
  if (normaliseEmoji(event.emoji) !== normaliseEmoji(channel.voteEmoji)) return noReply();
  if (event.kind === 'reaction-removed') {
    if (retractVote(ctx, ws, answer, member, 'reaction') || member.isBot || answer.memberId === member.id) return noReply();
    // A vote given by button is not taken back by a reaction, and needs no note either.
    if (ctx.store.votes.find(answer.id, member.id)) return noReply();
    return privately({
      text: !isVotingOpen(round)
        ? 'Voting for this round has closed, so your vote stands.'
        : 'You had not voted for that answer, so there was nothing to take back.',
    });
  }
  // Inside handleSync's transaction, so the round and channel just read are current.
  castVote(ctx, ws, answer, member, 'reaction', { round, channel, pointedVotes });
  return noReply();
}

/** A vote on a message that takes none: a blind round's discussion reply, or a voided answer. */
function whyNotVotable(ctx: Ctx, event: Of<'reaction-added' | 'reaction-removed'>): Reply {
  const note = event.kind === 'reaction-added' ? ctx.store.meta.get(`not-votable:${event.message}`) : undefined;
  if (!note || event.actor.isBot) return noReply();
  const [roundId, why] = note.split(':');
  const round = ctx.store.rounds.get(Number(roundId));
  const channel = ctx.store.channels.get(round.channelId);
  if (normaliseEmoji(event.emoji) !== normaliseEmoji(channel.voteEmoji)) return noReply();
  return privately({
    text:
      why === 'voided'
        ? 'An admin voided that answer, so votes on it do not count.'
        : 'In a blind round, thread replies are discussion: vote with **Upvote** on the answers the bot reveals.',
  });
}

async function onButton(ctx: Ctx, event: Of<'button-pressed'>, ws: Workspace, member: Member): Promise<Reply> {
  const action = parseAction(event.actionId);
  if (!action) throw new DojoUserError('unknown-action', 'That button is no longer active.');
  switch (action.kind) {
    case 'answer':
    case 'answer-form': {
      const round = ctx.store.rounds.get(action.roundId);
      if (round?.status !== 'open') throw new DojoUserError('answers-closed', 'This round is no longer taking answers.');
      const earlier = ctx.store.answers.findByMember(round.id, member.id);
      if (earlier && earlier.source !== 'form')
        throw new DojoUserError(
          'already-answered',
          'You answered with a thread reply: edit that reply to change your answer, or delete it to withdraw.',
        );
      const q = ctx.store.content.get(round.questionId)!;
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
      const answer = ctx.store.answers.get(action.answerId);
      if (!answer || answer.memberId !== member.id) throw new DojoUserError('no-answer', 'There is no answer of yours to withdraw.');
      const round = ctx.store.rounds.get(answer.roundId);
      if (!withdrawAnswer(ctx, ws, answer))
        throw new DojoUserError('answers-closed', 'This round has closed, so your answer stays as it was.');
      if (answer.postedRef) {
        try {
          await channelPort(ctx, ctx.store.channels.get(round.channelId)).updateMessage(answer.postedRef, {
            text: `${safeUserText(member.displayName)} withdrew this answer.`,
          });
        } catch (err) {
          ctx.log.warn({ answerId: answer.id, err: String(err) }, 'updating a withdrawn answer copy failed');
        }
      }
      return privately({
        text: `Your answer is withdrawn (−${ws.settings.points.answer}), with any votes it had. Press **Answer** on the question to answer again.`,
      });
    }
    case 'upvote': {
      const answer = ctx.store.answers.get(action.answerId);
      if (!answer) throw new DojoUserError('no-answer', 'That answer was removed.');
      castVote(ctx, ws, answer, member, 'button');
      return privately({ text: `Vote counted for ${ctx.store.members.get(answer.memberId).displayName}'s answer.` });
    }
    case 'quiz':
      return answerQuiz(ctx, ws, member, action.attemptId, action.choice);
    case 'reveal':
      return revealQuiz(ctx, member, action.attemptId);
    case 'grade':
      return gradeQuiz(ctx, ws, member, action.attemptId, action.rating);
    case 'next':
      return nextQuiz(ctx, ws, member, action);
    case 'challenge':
      return privately({ text: answerChallenge(ctx, member, action.challengeId, action.choice) });
    case 'forget':
      if (!action.confirm) return privately({ text: 'Nothing was erased.' });
      {
        const quoting = postsQuoting(ctx, ws, member);
        forgetMember(ctx, ws, member, nowMs(ctx));
        await rewriteQuotingPosts(ctx, quoting);
      }
      return privately({ text: 'Done: your answers, votes, points and quiz history here are erased.' });
    case 'suggestion':
      if (!isAdmin(ctx, ws, event.actor)) throw new DojoUserError('not-admin', 'Only admins can review suggestions.');
      {
        const before = ctx.store.suggestions.get(action.id)?.status;
        const text = decideSuggestion(ctx, ws, action.id, action.approve, nowMs(ctx));
        if (before === 'pending') await tellSuggestionAuthor(ctx, ws, action.id);
        return privately({ text });
      }
  }
}

async function onForm(ctx: Ctx, event: Of<'form-submitted'>, ws: Workspace, member: Member): Promise<Reply> {
  const action = parseAction(event.formId);
  if (action?.kind !== 'answer-form') throw new DojoUserError('unknown-form', 'That form has expired.');
  const round = ctx.store.rounds.get(action.roundId);
  const text = event.values.answer ?? '';
  if (!text.trim()) throw new DojoUserError('empty-answer', 'Your answer was empty, so nothing was saved.');
  const earlier = ctx.store.answers.findByMember(round.id, member.id);
  if (earlier && earlier.source === 'form') return onFormEdit(ctx, member, round, earlier, text);
  if (earlier) throw new DojoUserError('already-answered', 'You have already answered this round.');
  const answer = recordAnswer(ctx, ws, round, member, { text, source: 'form', messageRef: null });
  if (!answer) throw new DojoUserError('already-answered', 'You have already answered this round.');
  try {
    await postAnswerCopy(ctx, round, answer, member);
  } catch (err) {
    ctx.log.error({ answerId: answer.id, err: String(err) }, 'posting answer copy failed');
  }
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
async function onFormEdit(ctx: Ctx, member: Member, round: Round, answer: Answer, text: string): Promise<Reply> {
  const trimmed = text.trim();
  if (round.status !== 'open') throw new DojoUserError('answers-closed', 'This round has closed, so your answer stays as it was.');
  if (trimmed.length > MAX_ANSWER_CHARS)
    throw new DojoUserError('answer-too-long', `Answers can be at most ${MAX_ANSWER_CHARS} characters; yours has ${trimmed.length}.`);
  const effort = effortProblem(trimmed);
  if (effort) throw new DojoUserError('answer-too-short', `${effort} Your answer stays as it was.`);
  ctx.store.answers.updateText(answer.id, trimmed, nowMs(ctx));
  if (answer.postedRef) {
    try {
      const channel = ctx.store.channels.get(round.channelId);
      await channelPort(ctx, channel).updateMessage(
        answer.postedRef,
        answerCopyMessage({ ...answer, text: trimmed }, { ref: member.userRef, name: member.displayName }),
      );
    } catch (err) {
      ctx.log.warn({ answerId: answer.id, err: String(err) }, 'updating an edited answer copy failed');
    }
  }
  return privately({ text: 'Your answer is updated; its votes stay.', buttons: [withdrawButton(answer.id)] });
}

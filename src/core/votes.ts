import { nowMs, type Ctx } from './context.js';
import { DojoUserError } from './errors.js';
import { awardPoints } from './scoring.js';
import type { VoteTarget } from './store.js';
import type { Answer, Member, Round, Vote, VoteSource, Workspace } from './types.js';

const duplicateVote = () => new DojoUserError('duplicate-vote', 'You already voted for this answer.');

/** The ledger key of one cast of a vote (and of its undoing): unique for ever, as casts only grow. */
export const voteKey = (kind: 'vote' | 'unvote' | 'forget', vote: Vote) => `${kind}:${vote.answerId}:${vote.voterId}:${vote.casts}`;

export const isVotingOpen = (round: Pick<Round, 'mode' | 'status'>) =>
  round.mode === 'blind' ? round.status === 'revealed' : round.status === 'open';

/**
 * One vote from `voter` for `answer`, with every rule in one transaction: voting window,
 * no bots, no self-votes, one vote per voter per answer, the optional per-round cap, and
 * upvote points only up to the per-answer cap.
 */
export function castVote(
  ctx: Ctx,
  ws: Workspace,
  answer: VoteTarget['answer'],
  voter: Member,
  source: VoteSource,
  /** The answer's round, channel and pointed-vote count, when the caller read them inside the transaction it is in. */
  read?: Omit<VoteTarget, 'answer'>,
): void {
  const now = nowMs(ctx);
  // Every refusal comes before the first write, so no savepoint is needed to take writes back.
  ctx.store.tx(
    () => {
      const round = read?.round ?? ctx.store.rounds.get(answer.roundId);
      if (!isVotingOpen(round)) {
        throw new DojoUserError(
          'voting-closed',
          round.status === 'open' ? 'Voting opens when the answers are revealed.' : 'Voting for this round has closed.',
        );
      }
      if (voter.isBot) throw new DojoUserError('bot-vote', 'Bots cannot vote.');
      if (answer.memberId === voter.id) throw new DojoUserError('self-vote', "You can't vote for your own answer.");
      const channel = read?.channel ?? ctx.store.channels.get(round.channelId);
      if (channel.voteCap > 0) {
        // A repeated vote is reported as such even when the cap is also used up.
        if (ctx.store.votes.find(answer.id, voter.id)) throw duplicateVote();
        if (ctx.store.votes.countByVoterInRound(voter.id, round.id) >= channel.voteCap) {
          throw new DojoUserError('vote-cap', `You have used all ${channel.voteCap} of your votes this round.`);
        }
      }
      const pointed = read?.pointedVotes ?? ctx.store.votes.countPointed(answer.id);
      const points = pointed < ws.settings.points.upvoteCap ? ws.settings.points.upvote : 0;
      const vote = ctx.store.votes.insert({ answerId: answer.id, voterId: voter.id, source, points, now });
      if (!vote) throw duplicateVote();
      if (points > 0) {
        const question = ctx.store.content.get(round.questionId)!;
        awardPoints(
          ctx,
          ws,
          {
            memberId: answer.memberId,
            awardKey: voteKey('vote', vote),
            points,
            reason: 'upvote',
            category: question.category,
            roundId: round.id,
          },
          now,
        );
      }
    },
    { savepoint: false },
  );
}

/** Takes back a vote (reaction removed) while voting is open; returns whether anything changed. */
export function retractVote(ctx: Ctx, ws: Workspace, answer: VoteTarget['answer'], voter: Member, source: VoteSource): boolean {
  const now = nowMs(ctx);
  return ctx.store.tx(() => {
    const round = ctx.store.rounds.get(answer.roundId);
    if (!isVotingOpen(round)) return false;
    const vote = ctx.store.votes.find(answer.id, voter.id);
    if (!vote || vote.source !== source) return false;
    ctx.store.votes.retract(answer.id, voter.id, now);
    if (vote.points > 0) {
      const question = ctx.store.content.get(round.questionId)!;
      awardPoints(
        ctx,
        ws,
        {
          memberId: answer.memberId,
          awardKey: voteKey('unvote', vote),
          points: -vote.points,
          reason: 'upvote-retracted',
          category: question.category,
          roundId: round.id,
        },
        now,
      );
    }
    return true;
  });
}

/** Undoes the points of every vote on an answer (the answer is going away). Call inside a tx. */
export function retractVotesOnAnswer(ctx: Ctx, ws: Workspace, answer: Answer, category: string, now: number): void {
  for (const vote of ctx.store.votes.listByAnswer(answer.id)) {
    if (vote.points > 0) {
      awardPoints(
        ctx,
        ws,
        {
          memberId: answer.memberId,
          awardKey: voteKey('unvote', vote),
          points: -vote.points,
          reason: 'answer-removed',
          category,
          roundId: answer.roundId,
        },
        now,
      );
    }
    ctx.store.votes.remove(vote.answerId, vote.voterId);
  }
}

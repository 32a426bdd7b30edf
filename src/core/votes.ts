import { nowMs, type Tx } from './context.js';
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
export async function castVote(
  ctx: Tx,
  ws: Workspace,
  answer: VoteTarget['answer'],
  voter: Member,
  source: VoteSource,
  /** The answer's round, channel, pointed-vote count and the voter's last cast, read in the transaction the caller is in. */
  read?: Omit<VoteTarget, 'answer'>,
): Promise<void> {
  const now = nowMs(ctx);
  const round = read?.round ?? (await ctx.db.rounds.get(answer.roundId));
  if (!isVotingOpen(round)) {
    throw new DojoUserError(
      'voting-closed',
      round.status === 'open' ? 'Voting opens when the answers are revealed.' : 'Voting for this round has closed.',
    );
  }
  if (voter.isBot) throw new DojoUserError('bot-vote', 'Bots cannot vote.');
  if (answer.memberId === voter.id) throw new DojoUserError('self-vote', "You can't vote for your own answer.");
  const channel = read?.channel ?? (await ctx.db.channels.get(round.channelId));
  // The count comes first: where transactions run side by side it takes the answer's lock, so the
  // last cast read after it stays true until this transaction ends.
  const pointed = read?.pointedVotes ?? (await ctx.db.votes.countPointed(answer.id));
  const last = read ? read.lastCast : await ctx.db.votes.lastCast(answer.id, voter.id);
  // A repeated vote is reported as such even when the cap is also used up.
  if (last?.standing) throw duplicateVote();
  if (channel.voteCap > 0 && (await ctx.db.votes.countByVoterInRound(voter.id, round.id)) >= channel.voteCap) {
    throw new DojoUserError('vote-cap', `You have used all ${channel.voteCap} of your votes this round.`);
  }
  const points = pointed < ws.settings.points.upvoteCap ? ws.settings.points.upvote : 0;
  const vote: Vote = { answerId: answer.id, voterId: voter.id, source, points, casts: (last?.casts ?? 0) + 1 };
  const category = points > 0 ? (await ctx.db.content.get(round.questionId))!.category : '';
  // Nothing reads these writes back in this transaction, so they go out with its commit.
  ctx.commitWith(() => ctx.db.votes.insert({ ...vote, now }));
  if (points > 0) {
    const award = { memberId: answer.memberId, awardKey: voteKey('vote', vote), points, reason: 'upvote', category, roundId: round.id };
    ctx.commitWith(() => awardPoints(ctx, ws, award, now));
  }
}

/** Takes back a vote (reaction removed) while voting is open; returns whether anything changed. */
export async function retractVote(
  ctx: Tx,
  ws: Workspace,
  answer: VoteTarget['answer'],
  voter: Member,
  source: VoteSource,
): Promise<boolean> {
  const now = nowMs(ctx);
  const round = await ctx.db.rounds.get(answer.roundId);
  if (!isVotingOpen(round)) return false;
  const vote = await ctx.db.votes.find(answer.id, voter.id);
  if (!vote || vote.source !== source) return false;
  await ctx.db.votes.retract(answer.id, voter.id, now);
  if (vote.points > 0) {
    const question = (await ctx.db.content.get(round.questionId))!;
    await awardPoints(
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
}

/** Undoes the points of every vote on an answer (the answer is going away). Call inside a tx. */
export async function retractVotesOnAnswer(ctx: Tx, ws: Workspace, answer: Answer, category: string, now: number): Promise<void> {
  for (const vote of await ctx.db.votes.listByAnswer(answer.id)) {
    if (vote.points > 0) {
      await awardPoints(
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
    await ctx.db.votes.remove(vote.answerId, vote.voterId);
  }
}

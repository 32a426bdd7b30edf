import type { VoteTarget } from '../../../core/store.js';
import type { RoundStatus } from '../../../core/types.js';
import type { PgDb } from '../db.js';
import { raw } from '../raw.js';

// SQLite runs one transaction at a time, so a vote's "count, then insert" cannot race there. Here
// transactions run side by side under READ COMMITTED, so every vote on an answer first takes the
// answer's lock, held until its transaction ends, and reads the answer's votes in a statement that
// starts after that: no other vote on the answer comes between that read and the commit. An
// advisory lock writes nothing (a row lock would dirty the answer's page at every vote).
const VOTE_LOCKS = 0x766f7465; // 'vote'

export const lockVotesOn = (db: PgDb, answerId: number) => raw(db, 'SELECT pg_advisory_xact_lock($1, $2)', [VOTE_LOCKS, answerId]);

// The answer a message is: a member's reply, or else the bot's copy of one in a blind round.
const answerOf = (message: string) =>
  `SELECT id FROM answers WHERE message_ref = ${message} OR posted_ref = ${message} ORDER BY message_ref = ${message} DESC NULLS LAST LIMIT 1`;

/** Takes the lock of the answer a message is, if it is one. */
export const LOCK_VOTES_ON_MESSAGE = `SELECT pg_advisory_xact_lock(${VOTE_LOCKS}, id) FROM (${answerOf('$1')}) a`;

/**
 * The answer a message is, with its round and channel, its pointed votes and the last cast on it
 * of the member `voter` names (found in the answer's workspace). Run after LOCK_VOTES_ON_MESSAGE.
 */
export const voteTargetSql = (message: string, voter: string) => `
  SELECT a.id AS answer_id, a.member_id AS author_id, a.round_id, r.status AS round_status, r.mode, r.question_id, r.channel_id,
         ch.vote_emoji, ch.vote_cap, ch.workspace_id AS answer_workspace_id,
         (SELECT count(*)::int FROM votes WHERE answer_id = a.id AND points > 0) AS pointed, v.casts, v.retracted_at IS NULL AS standing
    FROM answers a JOIN rounds r ON r.id = a.round_id JOIN channels ch ON ch.id = r.channel_id
    LEFT JOIN members m ON m.workspace_id = ch.workspace_id AND m.user_ref = ${voter}
    LEFT JOIN votes v ON v.answer_id = a.id AND v.voter_id = m.id
   WHERE a.id = (${answerOf(message)})`;

export interface VoteTargetRow {
  answer_id: number | null;
  author_id: number;
  round_id: number;
  round_status: string;
  mode: string;
  question_id: string;
  channel_id: number;
  vote_emoji: string;
  vote_cap: number;
  answer_workspace_id: number;
  pointed: number;
  casts: number | null;
  standing: boolean | null;
}

/** The vote target in a row of voteTargetSql's columns; undefined when the message is no answer. */
export function toVoteTarget(r: VoteTargetRow | undefined): VoteTarget | undefined {
  if (!r || r.answer_id === null) return undefined;
  return {
    answer: { id: r.answer_id, memberId: r.author_id, roundId: r.round_id },
    round: {
      id: r.round_id,
      status: r.round_status as RoundStatus,
      mode: r.mode === 'blind' ? 'blind' : 'open',
      questionId: r.question_id,
      channelId: r.channel_id,
    },
    channel: { voteEmoji: r.vote_emoji, voteCap: r.vote_cap, workspaceId: r.answer_workspace_id },
    pointedVotes: r.pointed,
    lastCast: r.casts === null ? undefined : { casts: r.casts, standing: r.standing === true },
  };
}

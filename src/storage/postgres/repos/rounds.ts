import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { UserRef } from '../../../core/refs.js';
import type { AnswerRepo, RoundRepo, VoteRepo } from '../../../core/store.js';
import type { RoundStatus } from '../../../core/types.js';
import type { PgDb } from '../db.js';
import { answers, members, rounds, votes } from '../schema.js';
import { toRound, toAnswer, toVote } from '../../rows.js';
import { raw } from '../raw.js';
import { LOCK_VOTES_ON_MESSAGE, lockVotesOn, toVoteTarget, voteTargetSql, type VoteTargetRow } from './vote-target.js';

const LIVE: RoundStatus[] = ['posting', 'open', 'revealed'];

// The per-round cap's count locks the voter, held until the vote's transaction ends (see
// vote-target.ts for the answer's lock). FOR NO KEY UPDATE leaves foreign-key checks alone.
const lockMember = (db: PgDb, memberId: number) => db.execute(sql`SELECT 1 FROM members WHERE id = ${memberId} FOR NO KEY UPDATE`);

const POINTED_VOTES = 'SELECT count(*)::int AS n FROM votes WHERE answer_id = $1 AND points > 0';

const LAST_CAST = 'SELECT casts, retracted_at IS NULL AS standing FROM votes WHERE answer_id = $1 AND voter_id = $2';

const VOTE_TARGET = voteTargetSql('$1', '$2');

const FIRST_CAST = 'INSERT INTO votes (answer_id, voter_id, source, points, created_at, casts) VALUES ($1, $2, $3, $4, $5, 1)';

const NEXT_CAST = `
  UPDATE votes SET source = $3, points = $4, created_at = $5, casts = $6, retracted_at = NULL
   WHERE answer_id = $1 AND voter_id = $2 AND retracted_at IS NOT NULL AND casts = $6 - 1`;

export function roundRepo(db: PgDb): RoundRepo {
  const one = async (where: ReturnType<typeof eq>) => {
    const [r] = await db.select().from(rounds).where(where).limit(1);
    return r && toRound(r);
  };
  return {
    async claim(input) {
      const [row] = await db
        .insert(rounds)
        .values({ ...input, status: 'posting' })
        .onConflictDoNothing({ target: [rounds.channelId, rounds.slot] })
        .returning();
      return row && toRound(row);
    },
    async get(id) {
      return (await one(eq(rounds.id, id)))!;
    },
    findBySlot: (channelId, slot) => one(and(eq(rounds.channelId, channelId), eq(rounds.slot, slot))!),
    findByMessage: (ref) => one(eq(rounds.messageRef, ref)),
    async findLive(channelId) {
      const [r] = await db
        .select()
        .from(rounds)
        .where(and(eq(rounds.channelId, channelId), inArray(rounds.status, LIVE)))
        .orderBy(desc(rounds.slotAt), desc(rounds.id))
        .limit(1);
      return r && toRound(r);
    },
    async markPosted(id, ref) {
      // A round closed or skipped before its post went out keeps its status but learns its thread.
      await db
        .update(rounds)
        .set({ messageRef: ref, status: sql`CASE WHEN ${rounds.status} = 'posting' THEN 'open' ELSE ${rounds.status} END` })
        .where(eq(rounds.id, id));
    },
    async setSummaryRef(id, ref) {
      await db.update(rounds).set({ summaryRef: ref }).where(eq(rounds.id, id));
    },
    async setStatus(id, from, to, now) {
      const done = to === 'closed' || to === 'skipped' || to === 'failed';
      const r = await db
        .update(rounds)
        .set({ status: to, ...(done ? { closedAt: now } : {}) })
        .where(and(eq(rounds.id, id), inArray(rounds.status, from)));
      return r.rowCount === 1;
    },
    async listDue(status, field, now) {
      const col = field === 'closesAt' ? rounds.closesAt : rounds.revealAt;
      const rows = await db
        .select()
        .from(rounds)
        .where(and(eq(rounds.status, status), lte(col, now)))
        .orderBy(col, rounds.id);
      return rows.map(toRound);
    },
    async nextDueTime() {
      const { rows } = await db.execute<{ close: string | null; reveal: string | null }>(sql`
        SELECT (SELECT min(closes_at) FROM rounds WHERE status IN ('open', 'revealed')) AS close,
               (SELECT min(reveal_at) FROM rounds WHERE status = 'open') AS reveal`);
      const times = [rows[0]?.close, rows[0]?.reveal].filter((t) => t != null).map(Number);
      return times.length ? Math.min(...times) : undefined;
    },
    async questionUse(channelId) {
      return db
        .select({ questionId: rounds.questionId, lastAt: sql<number>`max(${rounds.slotAt})`.mapWith(Number) })
        .from(rounds)
        .where(eq(rounds.channelId, channelId))
        .groupBy(rounds.questionId);
    },
    async scheduledHistory(channelId, limit) {
      const rows = await db
        .select()
        .from(rounds)
        .where(and(eq(rounds.channelId, channelId), eq(rounds.isScheduled, true), inArray(rounds.status, ['open', 'revealed', 'closed'])))
        .orderBy(desc(rounds.slotAt))
        .limit(limit);
      return rows.map(toRound);
    },
  };
}

export function answerRepo(db: PgDb): AnswerRepo {
  const one = async (where: ReturnType<typeof eq>) => {
    const [r] = await db.select().from(answers).where(where).limit(1);
    return r && toAnswer(r);
  };
  return {
    async insert({ roundId, memberId, text, source, messageRef, now }) {
      const [row] = await db
        .insert(answers)
        .values({ roundId, memberId, text, source, messageRef, createdAt: now })
        .onConflictDoNothing()
        .returning();
      return row && toAnswer(row);
    },
    get: (id) => one(eq(answers.id, id)),
    findByMember: (roundId, memberId) => one(and(eq(answers.roundId, roundId), eq(answers.memberId, memberId))!),
    async findByMessage(ref) {
      return (await one(eq(answers.messageRef, ref))) ?? (await one(eq(answers.postedRef, ref)));
    },
    async findVoteTarget(ref, voter) {
      // Both go out together (pipeline mode); the read is its own statement, so it starts once the lock is held.
      const [, target] = await Promise.all([raw(db, LOCK_VOTES_ON_MESSAGE, [ref]), raw<VoteTargetRow>(db, VOTE_TARGET, [ref, voter])]);
      return toVoteTarget(target.rows[0]);
    },
    async setPostedRef(id, ref) {
      await db.update(answers).set({ postedRef: ref }).where(eq(answers.id, id));
    },
    async updateText(id, text, now) {
      await db.update(answers).set({ text, editedAt: now }).where(eq(answers.id, id));
    },
    async remove(id) {
      await db.delete(answers).where(eq(answers.id, id));
    },
    async listByRound(roundId) {
      const rows = await db
        .select({
          a: answers,
          authorName: members.displayName,
          authorRef: members.userRef,
          votes: sql<number>`(SELECT count(*)::int FROM votes v WHERE v.answer_id = ${answers.id} AND v.retracted_at IS NULL)`,
        })
        .from(answers)
        .innerJoin(members, eq(members.id, answers.memberId))
        .where(eq(answers.roundId, roundId))
        .orderBy(answers.createdAt, answers.id);
      return rows.map((r) => ({ ...toAnswer(r.a), authorName: r.authorName, authorRef: r.authorRef as UserRef, votes: r.votes }));
    },
    async listForMember(memberId) {
      return (await db.select().from(answers).where(eq(answers.memberId, memberId)).orderBy(answers.id)).map(toAnswer);
    },
    async countsForMember(memberId) {
      const { rows } = await db.execute<{ answers: number; votesReceived: number }>(sql`
        SELECT (SELECT count(*)::int FROM answers WHERE member_id = ${memberId}) AS answers,
               (SELECT count(*)::int FROM votes v JOIN answers a ON a.id = v.answer_id
                 WHERE a.member_id = ${memberId} AND v.retracted_at IS NULL) AS "votesReceived"`);
      return { answers: rows[0]!.answers, votesReceived: rows[0]!.votesReceived };
    },
    async answeredRounds(memberId, roundIds) {
      if (!roundIds.length) return new Set();
      const rows = await db
        .select({ r: answers.roundId })
        .from(answers)
        .where(and(eq(answers.memberId, memberId), inArray(answers.roundId, roundIds)));
      return new Set(rows.map((r) => r.r));
    },
  };
}

export function voteRepo(db: PgDb): VoteRepo {
  const standing = (...where: ReturnType<typeof eq>[]) =>
    db
      .select()
      .from(votes)
      .where(and(sql`${votes.retractedAt} IS NULL`, ...where));
  return {
    async insert({ answerId, voterId, source, points, casts, now }) {
      // A first cast over a standing one breaks the unique key. A next cast that finds no retracted
      // one before it cannot happen while the answer's lock is held (see vote-target.ts); were it to,
      // this fails the transaction, though a commit already sent with it (commitWith) stands.
      if (casts === 1) await raw(db, FIRST_CAST, [answerId, voterId, source, points, now]);
      else if ((await raw(db, NEXT_CAST, [answerId, voterId, source, points, now, casts])).rowCount !== 1) {
        throw new Error(`vote cast ${casts} of voter ${voterId} on answer ${answerId} is not the next one`);
      }
    },
    async lastCast(answerId, voterId) {
      const r = (await raw<{ casts: number; standing: boolean }>(db, LAST_CAST, [answerId, voterId])).rows[0];
      return r && { casts: r.casts, standing: r.standing };
    },
    async find(answerId, voterId) {
      const [r] = await standing(eq(votes.answerId, answerId), eq(votes.voterId, voterId));
      return r && toVote(r);
    },
    async retract(answerId, voterId, now) {
      await db
        .update(votes)
        .set({ retractedAt: now, points: 0 })
        .where(and(eq(votes.answerId, answerId), eq(votes.voterId, voterId), sql`${votes.retractedAt} IS NULL`));
    },
    async remove(answerId, voterId) {
      await db.delete(votes).where(and(eq(votes.answerId, answerId), eq(votes.voterId, voterId)));
    },
    listByAnswer: async (answerId) => (await standing(eq(votes.answerId, answerId)).orderBy(votes.createdAt, votes.voterId)).map(toVote),
    async countForAnswer(answerId) {
      const { rows } = await db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM votes WHERE answer_id = ${answerId} AND retracted_at IS NULL`,
      );
      return rows[0]!.n;
    },
    async countPointed(answerId) {
      await lockVotesOn(db, answerId);
      return (await raw<{ n: number }>(db, POINTED_VOTES, [answerId])).rows[0]!.n;
    },
    listByVoter: async (voterId) => (await standing(eq(votes.voterId, voterId)).orderBy(votes.createdAt, votes.answerId)).map(toVote),
    async countByVoterInRound(voterId, roundId) {
      await lockMember(db, voterId);
      const { rows } = await db.execute<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM answers a JOIN votes v ON v.answer_id = a.id AND v.voter_id = ${voterId}
         WHERE a.round_id = ${roundId} AND v.retracted_at IS NULL`);
      return rows[0]!.n;
    },
  };
}

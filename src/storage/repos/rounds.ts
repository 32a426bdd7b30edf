import { and, desc, eq, inArray, lte, min, sql } from 'drizzle-orm';
import type { AnswerRepo, RoundRepo, VoteRepo } from '../../core/store.js';
import type { RoundStatus } from '../../core/types.js';
import type { UserRef } from '../../core/refs.js';
import type { Db } from '../db.js';
import type { Sync } from '../sync-repos.js';
import { rowStatement } from '../row-statement.js';
import { answers, members, rounds, votes } from '../schema/index.js';
import { toRound, toAnswer, toVote } from '../rows.js';

const LIVE: RoundStatus[] = ['posting', 'open', 'revealed'];

/**
 * How many of an answer's votes earned points. Retracted votes hold 0 points, so the partial index
 * of pointed votes has only standing ones; it is named because without statistics the planner
 * would walk every vote on the answer by key instead.
 */
const pointedVotes = (answerId: string) =>
  `SELECT count(*) FROM votes INDEXED BY votes_pointed_idx WHERE votes.answer_id = ${answerId} AND votes.points > 0`;

export function roundRepo(db: Db): Sync<RoundRepo> {
  const byIdQuery = rowStatement(db, rounds, 'id = ?');
  const byMessageQuery = rowStatement(db, rounds, 'message_ref = ?');
  // Prepared once: the daily tick runs these for every scheduled channel, and building and
  // preparing each query per call cost more than running it (~0.2 ms a query).
  const bySlotQuery = rowStatement(db, rounds, 'channel_id = ? AND slot = ?');
  const liveQuery = rowStatement(
    db,
    rounds,
    `channel_id = ? AND status IN (${LIVE.map((s) => `'${s}'`).join(', ')}) ORDER BY slot_at DESC, id DESC LIMIT 1`,
  );
  const claimQuery = db
    .insert(rounds)
    .values({
      channelId: sql.placeholder('channelId'),
      slot: sql.placeholder('slot'),
      questionId: sql.placeholder('questionId'),
      isScheduled: sql.placeholder('isScheduled'),
      mode: sql.placeholder('mode'),
      slotAt: sql.placeholder('slotAt'),
      revealAt: sql.placeholder('revealAt'),
      closesAt: sql.placeholder('closesAt'),
      status: 'posting',
    })
    .onConflictDoNothing({ target: [rounds.channelId, rounds.slot] })
    .returning()
    .prepare();
  const markPostedQuery = db
    .update(rounds)
    // A round closed or skipped before its post went out keeps its status but learns its thread.
    .set({
      messageRef: sql`${sql.placeholder('ref')}`,
      status: sql`CASE WHEN ${rounds.status} = 'posting' THEN 'open' ELSE ${rounds.status} END`,
    })
    .where(eq(rounds.id, sql.placeholder('id')))
    .prepare();
  const questionUseQuery = db
    .select({ questionId: rounds.questionId, lastAt: sql<number>`max(${rounds.slotAt})` })
    .from(rounds)
    .where(eq(rounds.channelId, sql.placeholder('channelId')))
    .groupBy(rounds.questionId)
    .prepare();
  return {
    claim(input) {
      // Placeholders reach better-sqlite3 as they are, so the boolean goes in as 0/1.
      const row = claimQuery.get({ ...input, isScheduled: input.isScheduled ? 1 : 0 });
      return row ? toRound(row) : undefined;
    },
    get(id) {
      return toRound(byIdQuery.get(id)!);
    },
    findBySlot(channelId, slot) {
      const r = bySlotQuery.get(channelId, slot);
      return r ? toRound(r) : undefined;
    },
    findByMessage(ref) {
      const r = byMessageQuery.get(ref);
      return r ? toRound(r) : undefined;
    },
    findLive(channelId) {
      const r = liveQuery.get(channelId);
      return r ? toRound(r) : undefined;
    },
    markPosted(id, ref) {
      markPostedQuery.run({ id, ref });
    },
    setSummaryRef(id, ref) {
      db.update(rounds).set({ summaryRef: ref }).where(eq(rounds.id, id)).run();
    },
    setStatus(id, from, to, now) {
      const done = to === 'closed' || to === 'skipped' || to === 'failed';
      return (
        db
          .update(rounds)
          .set({ status: to, ...(done ? { closedAt: now } : {}) })
          .where(and(eq(rounds.id, id), inArray(rounds.status, from)))
          .run().changes === 1
      );
    },
    listDue(status, field, now) {
      const col = field === 'closesAt' ? rounds.closesAt : rounds.revealAt;
      return db
        .select()
        .from(rounds)
        .where(and(eq(rounds.status, status), lte(col, now)))
        .orderBy(col, rounds.id)
        .all()
        .map(toRound);
    },
    nextDueTime() {
      const close = db
        .select({ t: min(rounds.closesAt) })
        .from(rounds)
        .where(inArray(rounds.status, ['open', 'revealed']))
        .get()?.t;
      const reveal = db
        .select({ t: min(rounds.revealAt) })
        .from(rounds)
        .where(eq(rounds.status, 'open'))
        .get()?.t;
      const times = [close, reveal].filter((t): t is number => typeof t === 'number');
      return times.length ? Math.min(...times) : undefined;
    },
    questionUse(channelId) {
      return questionUseQuery.all({ channelId });
    },
    scheduledHistory(channelId, limit) {
      return db
        .select()
        .from(rounds)
        .where(and(eq(rounds.channelId, channelId), eq(rounds.isScheduled, true), inArray(rounds.status, ['open', 'revealed', 'closed'])))
        .orderBy(desc(rounds.slotAt))
        .limit(limit)
        .all()
        .map(toRound);
    },
  };
}

export function answerRepo(db: Db): Sync<AnswerRepo> {
  const c = db.$client;
  const byIdQuery = rowStatement(db, answers, 'id = ?');
  const byOwnMessage = rowStatement(db, answers, 'message_ref = ?');
  const byBotCopy = rowStatement(db, answers, 'posted_ref = ?');
  const byMember = rowStatement(db, answers, 'round_id = ? AND member_id = ?');
  // Only the columns a vote reads: an answer's text can run to thousands of characters. The
  // reacting member's last cast comes along (by their ref: the read starts before they are known).
  const voteTarget = (column: string) =>
    c
      .prepare(
        `SELECT a.id, a.member_id, a.round_id, r.status, r.mode, r.question_id, r.channel_id, ch.vote_emoji, ch.vote_cap,
                ch.workspace_id, (${pointedVotes('a.id')}), v.casts, v.retracted_at IS NULL
           FROM answers a JOIN rounds r ON r.id = a.round_id JOIN channels ch ON ch.id = r.channel_id
           LEFT JOIN members m ON m.workspace_id = ch.workspace_id AND m.user_ref = ?
           LEFT JOIN votes v ON v.answer_id = a.id AND v.voter_id = m.id
          WHERE a.${column} = ?`,
      )
      .raw();
  const targetByOwn = voteTarget('message_ref');
  const targetByCopy = voteTarget('posted_ref');
  return {
    insert({ roundId, memberId, text, source, messageRef, now }) {
      const row = db
        .insert(answers)
        .values({ roundId, memberId, text, source, messageRef, createdAt: now })
        .onConflictDoNothing()
        .returning()
        .get();
      return row ? toAnswer(row) : undefined;
    },
    get(id) {
      const r = byIdQuery.get(id);
      return r ? toAnswer(r) : undefined;
    },
    findByMember(roundId, memberId) {
      const r = byMember.get(roundId, memberId);
      return r ? toAnswer(r) : undefined;
    },
    findByMessage(ref) {
      // Two indexed lookups: an OR across the two columns would scan the table.
      const r = byOwnMessage.get(ref) ?? byBotCopy.get(ref);
      return r ? toAnswer(r) : undefined;
    },
    findVoteTarget(ref, voter) {
      const r = (targetByOwn.get(voter, ref) ?? targetByCopy.get(voter, ref)) as
        | [number, number, number, string, string, string, number, string, number, number, number, number | null, number]
        | undefined;
      if (!r) return undefined;
      const [id, memberId, roundId, status, mode, questionId, channelId, voteEmoji, voteCap, workspaceId, pointedVotes, casts, standing] =
        r;
      return {
        answer: { id, memberId, roundId },
        round: { id: roundId, status: status as RoundStatus, mode: mode === 'blind' ? 'blind' : 'open', questionId, channelId },
        channel: { voteEmoji, voteCap, workspaceId },
        pointedVotes,
        lastCast: casts === null ? undefined : { casts, standing: standing === 1 },
      };
    },
    setPostedRef(id, ref) {
      db.update(answers).set({ postedRef: ref }).where(eq(answers.id, id)).run();
    },
    updateText(id, text, now) {
      db.update(answers).set({ text, editedAt: now }).where(eq(answers.id, id)).run();
    },
    remove(id) {
      db.delete(answers).where(eq(answers.id, id)).run();
    },
    listByRound(roundId) {
      return db
        .select({
          a: answers,
          authorName: members.displayName,
          authorRef: members.userRef,
          votes: sql<number>`(SELECT count(*) FROM votes v WHERE v.answer_id = ${answers.id} AND v.retracted_at IS NULL)`,
        })
        .from(answers)
        .innerJoin(members, eq(members.id, answers.memberId))
        .where(eq(answers.roundId, roundId))
        .orderBy(answers.createdAt, answers.id)
        .all()
        .map((r) => ({ ...toAnswer(r.a), authorName: r.authorName, authorRef: r.authorRef as UserRef, votes: r.votes }));
    },
    listForMember(memberId) {
      return db.select().from(answers).where(eq(answers.memberId, memberId)).orderBy(answers.id).all().map(toAnswer);
    },
    countsForMember(memberId) {
      const r = db.$client
        .prepare(
          `SELECT (SELECT count(*) FROM answers WHERE member_id = ?) AS answers,
                  (SELECT count(*) FROM votes v JOIN answers a ON a.id = v.answer_id WHERE a.member_id = ? AND v.retracted_at IS NULL) AS votesReceived`,
        )
        .get(memberId, memberId) as { answers: number; votesReceived: number };
      return r;
    },
    answeredRounds(memberId, roundIds) {
      if (!roundIds.length) return new Set();
      const rows = db
        .select({ r: answers.roundId })
        .from(answers)
        .where(and(eq(answers.memberId, memberId), inArray(answers.roundId, roundIds)))
        .all();
      return new Set(rows.map((r) => r.r));
    },
  };
}

export function voteRepo(db: Db): Sync<VoteRepo> {
  const c = db.$client;
  const firstCastStmt = c.prepare('INSERT INTO votes (answer_id, voter_id, source, points, created_at, casts) VALUES (?, ?, ?, ?, ?, 1)');
  const nextCastStmt = c.prepare(
    `UPDATE votes SET source = ?, points = ?, created_at = ?, casts = ?, retracted_at = NULL
      WHERE answer_id = ? AND voter_id = ? AND retracted_at IS NOT NULL AND casts = ? - 1`,
  );
  const lastCastStmt = c.prepare('SELECT casts, retracted_at IS NULL FROM votes WHERE answer_id = ? AND voter_id = ?').raw();
  const standing = (tail: string) => rowStatement(db, votes, `retracted_at IS NULL AND ${tail}`);
  const findStmt = standing('answer_id = ? AND voter_id = ?');
  const byAnswerStmt = standing('answer_id = ? ORDER BY created_at');
  const byVoterStmt = standing('voter_id = ? ORDER BY created_at');
  const retractStmt = c.prepare(
    'UPDATE votes SET retracted_at = ?, points = 0 WHERE answer_id = ? AND voter_id = ? AND retracted_at IS NULL',
  );
  const removeStmt = c.prepare('DELETE FROM votes WHERE answer_id = ? AND voter_id = ?');
  const countStmt = c.prepare('SELECT count(*) FROM votes WHERE answer_id = ? AND retracted_at IS NULL').pluck();
  const pointedStmt = c.prepare(pointedVotes('?')).pluck();
  const byVoterRoundStmt = c
    .prepare(
      'SELECT count(*) FROM answers a JOIN votes v ON v.answer_id = a.id AND v.voter_id = ? WHERE a.round_id = ? AND v.retracted_at IS NULL',
    )
    .pluck();
  return {
    insert({ answerId, voterId, source, points, casts, now }) {
      // A first cast over a standing one breaks the unique key; a next cast must find the one before it retracted.
      if (casts === 1) firstCastStmt.run(answerId, voterId, source, points, now);
      else if (nextCastStmt.run(source, points, now, casts, answerId, voterId, casts).changes !== 1) {
        throw new Error(`vote cast ${casts} of voter ${voterId} on answer ${answerId} is not the next one`);
      }
    },
    lastCast(answerId, voterId) {
      const r = lastCastStmt.get(answerId, voterId) as [number, number] | undefined;
      return r && { casts: r[0], standing: r[1] === 1 };
    },
    find(answerId, voterId) {
      const r = findStmt.get(answerId, voterId);
      return r && toVote(r);
    },
    retract(answerId, voterId, now) {
      retractStmt.run(now, answerId, voterId);
    },
    remove(answerId, voterId) {
      removeStmt.run(answerId, voterId);
    },
    listByAnswer: (answerId) => byAnswerStmt.all(answerId).map(toVote),
    countForAnswer: (answerId) => countStmt.get(answerId) as number,
    countPointed: (answerId) => pointedStmt.get(answerId) as number,
    listByVoter: (voterId) => byVoterStmt.all(voterId).map(toVote),
    countByVoterInRound: (voterId, roundId) => byVoterRoundStmt.get(voterId, roundId) as number,
  };
}

import { type SQL, sql } from 'drizzle-orm';
import type { ArchiveEntry, DashboardRepo } from '../../../core/dashboard-store.js';
import type { MemberId } from '../../../core/types.js';
import { toEntry } from '../../repos/dashboard.js';
import type { PgDb } from '../db.js';

// Written exactly as the GIN expression indexes in ../schema.ts, so the planner uses them.
const QUESTION_DOCUMENT = sql`(to_tsvector('english'::regconfig, q.prompt) || jsonb_to_tsvector('english'::regconfig, q.body::jsonb, '["string"]'::jsonb))`;
const ANSWER_DOCUMENT = sql`to_tsvector('english'::regconfig, a.text)`;

const closedIn = (ws: number) =>
  sql`FROM rounds r JOIN channels c ON c.id = r.channel_id JOIN questions q ON q.id = r.question_id
       WHERE c.workspace_id = ${ws} AND r.status = 'closed'`;

export function dashboardRepo(db: PgDb): DashboardRepo {
  return {
    async periodPoints(ws, periods, category, memberIds) {
      if (!periods.length || !memberIds.length) return [];
      const { rows } = await db.execute<{ memberId: MemberId; period: string; points: number }>(sql`
        SELECT member_id AS "memberId", period, points FROM score_totals
         WHERE workspace_id = ${ws} AND category = ${category}
           AND period = ANY(${sql.param(periods)}::text[]) AND member_id = ANY(${sql.param(memberIds)}::int[])`);
      return rows;
    },
    async roundActivity(ws, since) {
      const { rows } = await db.execute<{ roundId: number; slotAt: string; answers: number; voters: number }>(sql`
        SELECT r.id AS "roundId", r.slot_at AS "slotAt",
               (SELECT count(*)::int FROM answers a WHERE a.round_id = r.id) AS answers,
               (SELECT count(DISTINCT v.voter_id)::int FROM answers a JOIN votes v ON v.answer_id = a.id
                 WHERE a.round_id = r.id AND v.retracted_at IS NULL) AS voters
          ${closedIn(ws)} AND r.slot_at >= ${since}
         ORDER BY r.slot_at, r.id`);
      return rows.map((r) => ({ ...r, roundId: r.roundId as never, slotAt: Number(r.slotAt) }));
    },
    async categoryCoverage(ws) {
      const { rows } = await db.execute<{ category: string; rounds: number; answers: number }>(sql`
        SELECT q.category, count(*)::int AS rounds,
               COALESCE(sum((SELECT count(*) FROM answers a WHERE a.round_id = r.id)), 0)::int AS answers
          ${closedIn(ws)} GROUP BY q.category ORDER BY q.category COLLATE "C"`);
      return rows;
    },
    async archive(ws, filter) {
      const conditions: SQL[] = [];
      if (filter.category) conditions.push(sql`AND q.category = ${filter.category}`);
      if (filter.memberId !== undefined)
        conditions.push(sql`AND EXISTS (SELECT 1 FROM answers a WHERE a.round_id = r.id AND a.member_id = ${filter.memberId})`);
      if (filter.words?.length) {
        const query = sql`plainto_tsquery('english'::regconfig, ${filter.words.join(' ')})`;
        conditions.push(sql`AND (${QUESTION_DOCUMENT} @@ ${query}
          OR r.id IN (SELECT a.round_id FROM answers a WHERE ${ANSWER_DOCUMENT} @@ ${query}))`);
      }
      const where = sql.join(conditions, sql` `);
      const counted = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n ${closedIn(ws)} ${where}`);
      const { rows } = await db.execute<Parameters<typeof toEntry>[0]>(sql`
        SELECT r.id AS "roundId", r.slot_at AS "slotAt", r.closed_at AS "closedAt", c.name AS "channelName", q.id AS "questionId",
               q.category, q.difficulty, q.prompt, q.body
          ${closedIn(ws)} ${where}
         ORDER BY r.slot_at DESC, r.id DESC LIMIT ${filter.limit} OFFSET ${filter.offset}`);
      const ids = rows.map((r) => r.roundId);
      const answers = ids.length
        ? (
            await db.execute<ArchiveEntry['answers'][number] & { roundId: number }>(sql`
              SELECT a.round_id AS "roundId", a.member_id AS "memberId", m.display_name AS "displayName", a.text,
                     (SELECT count(*)::int FROM votes v WHERE v.answer_id = a.id AND v.retracted_at IS NULL) AS votes
                FROM answers a JOIN members m ON m.id = a.member_id
               WHERE a.round_id = ANY(${sql.param(ids)}::int[])
               ORDER BY votes DESC, a.created_at, a.id`)
          ).rows
        : [];
      return { total: counted.rows[0]!.n, entries: rows.map((r) => toEntry(r, answers)) };
    },
  };
}

import { asc, eq, sql } from 'drizzle-orm';
import type { ScoreRepo } from '../../../core/store.js';
import type { Award } from '../../../core/types.js';
import { periodKeys } from '../../repos/scores.js';
import type { PgDb } from '../db.js';
import { ledger, totals } from '../schema.js';
import { raw } from '../raw.js';
import { BoardPoints, type BoardTx, type TopRow } from '../board-cache.js';

type TotalRow = typeof totals.$inferInsert;

/**
 * The totals rows one award adds to (four periods × all categories and its own), with rows that
 * name the same key merged: SQLite applies such rows one after another, PostgreSQL refuses to
 * update one row twice in a statement, so both end with the points counted once per listed row.
 */
function totalsRows(a: Award): TotalRow[] {
  const rows = new Map<string, TotalRow>();
  for (const period of periodKeys(a)) {
    for (const category of ['', a.category]) {
      const key = `${period}\u0000${category}`;
      const row = rows.get(key);
      if (row) row.points += a.points;
      else rows.set(key, { workspaceId: a.workspaceId, period, category, memberId: a.memberId, points: a.points });
    }
  }
  return [...rows.values()];
}

// The ledger row and the totals it adds to, in one statement: the totals only when the key is new.
const AWARD = `
  WITH added AS (
    INSERT INTO score_ledger (workspace_id, member_id, award_key, points, reason, category, round_id, week, month, season, at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
    ON CONFLICT (award_key) DO NOTHING
    RETURNING workspace_id, member_id
  )
  INSERT INTO score_totals (workspace_id, period, category, member_id, points)
  SELECT added.workspace_id, t.period, t.category, added.member_id, t.points
    FROM added, unnest($12::text[], $13::text[], $14::int[]) AS t(period, category, points)
  ON CONFLICT (workspace_id, period, category, member_id) DO UPDATE SET points = score_totals.points + excluded.points`;

// The viewer's points, then two counts over the board's index (members above, members on it):
// plain index-only counts, several times faster than one pass that joins the board to itself.
const STANDING = `
  SELECT me.points,
         (SELECT count(*)::int FROM score_totals o
           WHERE o.workspace_id = $1 AND o.period = $2 AND o.category = $3 AND o.points > me.points) AS above,
         (SELECT count(*)::int FROM score_totals o WHERE o.workspace_id = $1 AND o.period = $2 AND o.category = $3) AS ranked
    FROM score_totals me
   WHERE me.workspace_id = $1 AND me.period = $2 AND me.category = $3 AND me.member_id = $4`;

// COLLATE "C": names tie-break in byte order, as SQLite's binary collation orders them.
const topOf = (limit: number) => `
  SELECT t.member_id AS "memberId", m.display_name AS "displayName", t.points
    FROM score_totals t JOIN members m ON m.id = t.member_id
   WHERE t.workspace_id = $1 AND t.period = $2 AND t.category = $3
   ORDER BY t.points DESC, m.display_name COLLATE "C", t.member_id LIMIT ${Math.max(0, Math.trunc(limit))}`;

const BOARD_POINTS = 'SELECT member_id, points FROM score_totals WHERE workspace_id = $1 AND period = $2 AND category = $3';

export function scoreRepo(db: PgDb, boards: BoardTx): ScoreRepo {
  const { cache } = boards;
  /** The board's points from the cache, or loaded whole when it is read again before it changes. */
  const boardPoints = async (ws: number, period: string, category: string): Promise<BoardPoints | undefined> => {
    if (!boards.cached(ws)) return undefined;
    const key = `${ws}\u0000${period}\u0000${category}`;
    const hit = cache.board(ws, key);
    if (hit || !cache.wantsBoard(ws, key) || !(await cache.watch(ws))) return hit;
    const epoch = cache.epoch(ws);
    const { rows } = await raw<{ member_id: number; points: number }>(db, BOARD_POINTS, [ws, period, category]);
    const board = new BoardPoints(new Map(rows.map((r) => [r.member_id, r.points])));
    cache.putBoard(ws, key, epoch, board);
    return board;
  };
  return {
    async award(a) {
      const rows = totalsRows(a);
      const [added] = await Promise.all([
        raw(db, AWARD, [
          a.workspaceId,
          a.memberId,
          a.awardKey,
          a.points,
          a.reason,
          a.category,
          a.roundId,
          a.week,
          a.month,
          a.season,
          a.at,
          rows.map((r) => r.period),
          rows.map((r) => r.category),
          rows.map((r) => r.points),
        ]),
        boards.changing(a.workspaceId),
      ]);
      // Every award adds to at least its all-time total, so no row written means a replayed key.
      return (added.rowCount ?? 0) > 0;
    },
    async hasAward(key) {
      const rows = await db.select({ one: sql`1` }).from(ledger).where(eq(ledger.awardKey, key)).limit(1);
      return rows.length > 0;
    },
    async top(ws, period, category, limit) {
      const key = `${ws}\u0000${period}\u0000${category}\u0000${limit}`;
      const cached = boards.cached(ws);
      const hit = cached ? cache.top(ws, key) : undefined;
      if (hit) return hit.map((r) => ({ ...r }));
      const caching = cached && (await cache.watch(ws));
      const epoch = cache.epoch(ws);
      // The limit is part of the text (a board has few sizes): with LIMIT $4 the server cannot
      // price a generic plan and plans each execution anew, which took longer than running it.
      const { rows } = await raw<TopRow>(db, topOf(limit), [ws, period, category]);
      if (caching) cache.putTop(ws, key, epoch, rows);
      return rows.map((r) => ({ ...r }));
    },
    async rankOf(ws, period, category, memberId) {
      const board = await boardPoints(ws, period, category);
      if (board) {
        const mine = board.standing(memberId);
        return mine && { points: mine.points, rank: mine.rank };
      }
      const { rows } = await db.execute<{ points: number; above: number }>(sql`
        SELECT t.points, (SELECT count(*)::int FROM score_totals o
                           WHERE o.workspace_id = t.workspace_id AND o.period = t.period AND o.category = t.category
                             AND o.points > t.points) AS above
          FROM score_totals t
         WHERE t.workspace_id = ${ws} AND t.period = ${period} AND t.category = ${category} AND t.member_id = ${memberId}`);
      const r = rows[0];
      return r && { points: r.points, rank: 1 + r.above };
    },
    async standing(ws, period, category, memberId) {
      const board = await boardPoints(ws, period, category);
      if (board) return board.standing(memberId);
      const r = (await raw<{ points: number; above: number; ranked: number }>(db, STANDING, [ws, period, category, memberId])).rows[0];
      return r && { points: r.points, rank: 1 + r.above, ranked: r.ranked };
    },
    async rebuildTotals(workspaceId) {
      // Awards committing while the ledger is read would be lost by the rewrite below: SHARE mode
      // waits for the awards under way and holds new ones back until this transaction ends.
      await Promise.all([db.execute(sql`LOCK TABLE score_ledger IN SHARE MODE`), boards.changing(workspaceId)]);
      const before = new Map<string, number>();
      for (const r of await db
        .select({ m: totals.memberId, p: totals.period, c: totals.category, points: totals.points })
        .from(totals)
        .where(eq(totals.workspaceId, workspaceId)))
        before.set(`${r.m}\u0000${r.p}\u0000${r.c}`, r.points);
      const after = new Map<string, number>();
      const add = (key: string, pts: number) => after.set(key, (after.get(key) ?? 0) + pts);
      for (const r of await db
        .select({
          m: ledger.memberId,
          points: ledger.points,
          category: ledger.category,
          week: ledger.week,
          month: ledger.month,
          season: ledger.season,
        })
        .from(ledger)
        .where(eq(ledger.workspaceId, workspaceId))) {
        for (const p of periodKeys(r)) {
          add(`${r.m}\u0000${p}\u0000`, r.points);
          add(`${r.m}\u0000${p}\u0000${r.category}`, r.points);
        }
      }
      const diffs: Awaited<ReturnType<ScoreRepo['rebuildTotals']>> = [];
      for (const key of new Set([...before.keys(), ...after.keys()])) {
        const b = before.get(key) ?? 0;
        const a = after.get(key) ?? 0;
        if (a !== b) {
          const [m, period, category] = key.split('\u0000') as [string, string, string];
          diffs.push({ memberId: Number(m), period, category, before: b, after: a });
        }
      }
      await db.delete(totals).where(eq(totals.workspaceId, workspaceId));
      const rows = [...after].map(([key, points]): TotalRow => {
        const [m, period, category] = key.split('\u0000') as [string, string, string];
        return { workspaceId, period, category, memberId: Number(m), points };
      });
      // 5 parameters a row, under PostgreSQL's 65,535 per statement.
      for (let i = 0; i < rows.length; i += 5000) await db.insert(totals).values(rows.slice(i, i + 5000));
      return diffs;
    },
    async ledgerFor(memberId) {
      return db
        .select({
          workspaceId: ledger.workspaceId,
          memberId: ledger.memberId,
          awardKey: ledger.awardKey,
          points: ledger.points,
          reason: ledger.reason,
          category: ledger.category,
          roundId: ledger.roundId,
          week: ledger.week,
          month: ledger.month,
          season: ledger.season,
          at: ledger.at,
        })
        .from(ledger)
        .where(eq(ledger.memberId, memberId))
        .orderBy(asc(ledger.id));
    },
    async sumLedger(ws, memberId) {
      const { rows } = await db.execute<{ n: number }>(
        sql`SELECT COALESCE(SUM(points), 0)::int AS n FROM score_ledger WHERE workspace_id = ${ws} AND member_id = ${memberId}`,
      );
      return rows[0]!.n;
    },
    async pointsByRound(roundId) {
      const { rows } = await db.execute<{ memberId: number; displayName: string; points: number }>(sql`
        SELECT l.member_id AS "memberId", m.display_name AS "displayName", SUM(l.points)::int AS points
          FROM score_ledger l JOIN members m ON m.id = l.member_id
         WHERE l.round_id = ${roundId} GROUP BY l.member_id, m.display_name HAVING SUM(l.points) <> 0
         ORDER BY points DESC, m.display_name COLLATE "C"`);
      return rows.map((r) => ({ ...r }));
    },
  };
}

import type { ScoreRepo } from '../../core/store.js';
import type { Award } from '../../core/types.js';
import type { BoardCache } from '../board-cache.js';
import type { Db } from '../db.js';
import type { Sync } from '../sync-repos.js';

/** Period keys a ledger row counts toward; category '' is the all-categories board. */
export const periodKeys = (a: Pick<Award, 'week' | 'month' | 'season'>) => ['all', `w:${a.week}`, `m:${a.month}`, `s:${a.season}`];

export function scoreRepo(db: Db, boards: BoardCache<Awaited<Awaited<ReturnType<ScoreRepo['top']>>>>): Sync<ScoreRepo> {
  const c = db.$client;
  const insertLedger = c.prepare(
    `INSERT INTO score_ledger (workspace_id, member_id, award_key, points, reason, category, round_id, week, month, season, at)
     VALUES (@workspaceId, @memberId, @awardKey, @points, @reason, @category, @roundId, @week, @month, @season, @at)
     ON CONFLICT (award_key) DO NOTHING`,
  );
  // One statement for all eight totals an award touches (four periods × overall and its category).
  const bumpTotals = c.prepare(
    `INSERT INTO score_totals (workspace_id, period, category, member_id, points) VALUES
       (@ws, 'all', '', @m, @p), (@ws, 'all', @c, @m, @p), (@ws, @w, '', @m, @p), (@ws, @w, @c, @m, @p),
       (@ws, @mo, '', @m, @p), (@ws, @mo, @c, @m, @p), (@ws, @s, '', @m, @p), (@ws, @s, @c, @m, @p)
     ON CONFLICT (workspace_id, period, category, member_id) DO UPDATE SET points = points + excluded.points`,
  );
  const hasKey = c.prepare('SELECT 1 FROM score_ledger WHERE award_key = ?').pluck();
  const topStmt = c.prepare(
    `SELECT t.member_id AS memberId, m.display_name AS displayName, t.points AS points
       FROM score_totals t JOIN members m ON m.id = t.member_id
      WHERE t.workspace_id = ? AND t.period = ? AND t.category = ?
      ORDER BY t.points DESC, m.display_name, t.member_id LIMIT ?`,
  );
  const mine = c
    .prepare('SELECT points FROM score_totals WHERE workspace_id = ? AND period = ? AND category = ? AND member_id = ?')
    .pluck();
  const above = c
    .prepare('SELECT count(*) FROM score_totals WHERE workspace_id = ? AND period = ? AND category = ? AND points > ?')
    .pluck();
  const ranked = c.prepare('SELECT count(*) FROM score_totals WHERE workspace_id = ? AND period = ? AND category = ?').pluck();
  const ledgerForStmt = c.prepare(
    `SELECT workspace_id AS workspaceId, member_id AS memberId, award_key AS awardKey, points, reason, category,
            round_id AS roundId, week, month, season, at FROM score_ledger WHERE member_id = ? ORDER BY id`,
  );
  const sumStmt = c.prepare('SELECT COALESCE(SUM(points), 0) FROM score_ledger WHERE workspace_id = ? AND member_id = ?').pluck();
  const rankOf = (ws: number, period: string, category: string, memberId: number) => {
    const points = mine.get(ws, period, category, memberId) as number | undefined;
    if (points === undefined) return undefined;
    return { points, rank: 1 + (above.get(ws, period, category, points) as number) };
  };

  const award = (a: Award): boolean => {
    if (insertLedger.run(a).changes === 0) return false;
    boards.invalidate();
    const [, w, mo, s] = periodKeys(a);
    bumpTotals.run({ ws: a.workspaceId, m: a.memberId, p: a.points, c: a.category, w, mo, s });
    return true;
  };

  const byRound = c.prepare(
    `SELECT l.member_id AS memberId, m.display_name AS displayName, SUM(l.points) AS points
       FROM score_ledger l JOIN members m ON m.id = l.member_id
      WHERE l.round_id = ? GROUP BY l.member_id HAVING SUM(l.points) <> 0 ORDER BY points DESC, m.display_name`,
  );
  return {
    award: c.transaction(award),
    pointsByRound: (roundId) => byRound.all(roundId) as Awaited<ReturnType<ScoreRepo['pointsByRound']>>,
    hasAward: (key) => hasKey.get(key) !== undefined,
    top: (ws, period, category, limit) =>
      boards
        .get(
          `${ws}\u0000${period}\u0000${category}\u0000${limit}`,
          () => topStmt.all(ws, period, category, limit) as Awaited<ReturnType<ScoreRepo['top']>>,
        )
        .slice(),
    rankOf,
    standing(ws, period, category, memberId) {
      const mine = rankOf(ws, period, category, memberId);
      return mine && { ...mine, ranked: ranked.get(ws, period, category) as number };
    },
    rebuildTotals(workspaceId) {
      boards.invalidate();
      return c
        .transaction(() => {
          const before = new Map<string, number>();
          for (const r of c
            .prepare('SELECT member_id AS m, period AS p, category AS c, points FROM score_totals WHERE workspace_id = ?')
            .all(workspaceId) as { m: number; p: string; c: string; points: number }[]) {
            before.set(`${r.m}\u0000${r.p}\u0000${r.c}`, r.points);
          }
          const after = new Map<string, number>();
          const add = (key: string, pts: number) => after.set(key, (after.get(key) ?? 0) + pts);
          for (const r of c
            .prepare('SELECT member_id AS m, points, category, week, month, season FROM score_ledger WHERE workspace_id = ?')
            .iterate(workspaceId) as Iterable<{
            m: number;
            points: number;
            category: string;
            week: string;
            month: string;
            season: number;
          }>) {
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
          c.prepare('DELETE FROM score_totals WHERE workspace_id = ?').run(workspaceId);
          const ins = c.prepare('INSERT INTO score_totals (workspace_id, period, category, member_id, points) VALUES (?, ?, ?, ?, ?)');
          for (const [key, pts] of after) {
            const [m, period, category] = key.split('\u0000') as [string, string, string];
            ins.run(workspaceId, period, category, Number(m), pts);
          }
          return diffs;
        })
        .immediate();
    },
    ledgerFor: (memberId) => ledgerForStmt.all(memberId) as Award[],
    sumLedger: (ws, memberId) => sumStmt.get(ws, memberId) as number,
  };
}

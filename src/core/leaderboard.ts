import type { Tx } from './context.js';
import { categoryLabel } from './categories.js';
import type { NeutralMessage } from './messages.js';
import { periodKey, periodLabel } from './periods.js';
import { competitionRanks } from './ranking.js';
import { safeUserText } from './text.js';
import type { Member, Period, Standing, Workspace } from './types.js';

export interface Leaderboard {
  period: Period;
  category: string;
  rows: Standing[];
  viewer?: Standing;
  /** How many members have a standing (counted only when the viewer is below the board). */
  ranked: number;
}

/** Top `limit` members with competition ranks, plus the viewer's own standing. */
export async function leaderboard(
  ctx: Tx,
  ws: Workspace,
  period: Period,
  category: string,
  viewer: Member | undefined,
  now: number,
  limit = 10,
): Promise<Leaderboard> {
  const key = periodKey(period, now, ws.timezone, ws.season);
  // Issued together (one round trip on a store that pipelines); a viewer on the board needs
  // neither their own standing nor the count of ranked members, which is only shown below it.
  const [top, standing] = await Promise.all([
    ctx.db.scores.top(ws.id, key, category, limit),
    viewer ? ctx.db.scores.standing(ws.id, key, category, viewer.id) : undefined,
  ]);
  const ranks = competitionRanks(top.map((r) => r.points));
  const rows = top.map((r, i) => ({ ...r, rank: ranks[i]! }));
  const onBoard = viewer && rows.find((r) => r.memberId === viewer.id);
  const mine = onBoard ?? standing;
  return {
    period,
    category,
    rows,
    viewer: mine && viewer ? { memberId: viewer.id, displayName: viewer.displayName, points: mine.points, rank: mine.rank } : undefined,
    ranked: standing && !onBoard ? standing.ranked : rows.length,
  };
}

export function leaderboardMessage(board: Leaderboard): NeutralMessage {
  const scope = board.category ? categoryLabel(board.category) : 'all categories';
  const lines = board.rows.map((r) => `${String(r.rank).padStart(2)}. ${safeUserText(r.displayName)} — ${r.points}`);
  const inTop = board.viewer && board.rows.some((r) => r.memberId === board.viewer!.memberId);
  let you = '';
  if (board.viewer && !inTop)
    you = `\nYou: #${board.viewer.rank} of ${board.ranked} with ${board.viewer.points} point${board.viewer.points === 1 ? '' : 's'}.`;
  else if (!board.viewer) you = '\nYou have no points here yet — answer a question to get on the board.';
  return {
    title: `Leaderboard · ${periodLabel(board.period)} · ${scope}`,
    text: lines.length ? `\`\`\`\n${lines.join('\n')}\n\`\`\`${you}` : `No points yet for ${periodLabel(board.period)}.${you}`,
    hasUserText: true,
  };
}

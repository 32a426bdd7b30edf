import type { Tx } from './context.js';
import { periodOf } from './periods.js';
import type { MemberId, RoundId, Workspace } from './types.js';

export interface AwardInput {
  memberId: MemberId;
  awardKey: string;
  points: number;
  reason: string;
  category: string;
  roundId?: RoundId | null;
}

/**
 * Appends one award to the ledger and updates every total it counts toward, in the caller's
 * transaction. Returns false when the award key was already used (a replay).
 */
export async function awardPoints(ctx: Tx, workspace: Workspace, input: AwardInput, at: number): Promise<boolean> {
  if (input.points === 0) return false;
  const { week, month } = periodOf(at, workspace.timezone);
  return await ctx.db.scores.award({
    workspaceId: workspace.id,
    memberId: input.memberId,
    awardKey: input.awardKey,
    points: input.points,
    reason: input.reason,
    category: input.category,
    roundId: input.roundId ?? null,
    week,
    month,
    season: workspace.season,
    at,
  });
}

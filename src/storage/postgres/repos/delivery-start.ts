import type { DeliveryStart, DeliveryStartInput } from '../../../core/store.js';
import type { PgDb } from '../db.js';
import { raw } from '../raw.js';
import { LOCK_VOTES_ON_MESSAGE, toVoteTarget, voteTargetSql, type VoteTargetRow } from './vote-target.js';
import { toFound, WORKSPACE_AND_MEMBER_COLUMNS, type WorkspaceWithMemberRow } from './workspaces.js';

// A handled delivery stores no payload; a concurrent claim of the same delivery waits for the
// other's transaction and then finds done_at set.
export const claimDelivery = (platform: string, delivery: string, now: string) => `
  INSERT INTO processed_events (platform, delivery_id, at, done_at) VALUES (${platform}, ${delivery}, ${now}, ${now})
  ON CONFLICT (platform, delivery_id) DO UPDATE SET done_at = excluded.done_at, payload = NULL
   WHERE processed_events.done_at IS NULL`;

/**
 * One statement for the claim and the reads, in four fixed texts (with or without a claim, with or
 * without a vote target). Parameters: platform, workspace, actor, then delivery and time when
 * claiming, then the reaction's message.
 */
function startText(claim: boolean, target: boolean): string {
  const message = claim ? '$6' : '$4';
  return `
  ${claim ? `WITH claimed AS (${claimDelivery('$1', '$4', '$5')} RETURNING 1)` : ''}
  SELECT ${claim ? '(SELECT count(*) FROM claimed) = 1' : 'true'} AS claimed, ${WORKSPACE_AND_MEMBER_COLUMNS}${target ? ', t.*' : ''}
    FROM (SELECT 1) one
    LEFT JOIN (workspaces w LEFT JOIN members m ON m.workspace_id = w.id AND m.user_ref = $3) ON w.platform = $1 AND w.ref = $2
    ${target ? `LEFT JOIN (${voteTargetSql(message, '$3')}) t ON true` : ''}`;
}

const TEXTS = [startText(false, false), startText(false, true), startText(true, false), startText(true, true)];

type StartRow = { claimed: boolean } & WorkspaceWithMemberRow & Partial<VoteTargetRow>;

/**
 * DeliveryRepo.start in one round trip: for a reaction, the answer's lock (see vote-target.ts) and
 * then the statement, whose reads start once the lock is held; otherwise the statement alone.
 */
export async function startDelivery(db: PgDb, input: DeliveryStartInput): Promise<DeliveryStart> {
  const { platform, deliveryId, now, workspace, actor, reactionOn } = input;
  const claim = deliveryId !== undefined;
  const target = reactionOn !== undefined;
  const values: unknown[] = [platform, workspace, actor];
  if (claim) values.push(deliveryId, now);
  if (target) values.push(reactionOn);
  const text = TEXTS[(claim ? 2 : 0) + (target ? 1 : 0)]!;
  const [, result] = await Promise.all([
    target ? raw(db, LOCK_VOTES_ON_MESSAGE, [reactionOn]) : undefined,
    raw<StartRow>(db, text, values),
  ]);
  const row = result.rows[0]!;
  if (!row.claimed) return { claimed: false, found: undefined };
  const found = toFound(row, actor);
  if (!target) return { claimed: true, found };
  return { claimed: true, found, voteTarget: toVoteTarget(row as VoteTargetRow) ?? null };
}

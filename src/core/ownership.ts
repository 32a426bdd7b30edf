import type { Tx } from './context.js';
import { ForeignTargetError } from './errors.js';
import type { Answer, ChannelId, Round, Workspace, WorkspaceId } from './types.js';

// Platform refs of messages are not unique across workspaces in general (a shared channel, or a
// hand-built payload naming another team's message), so everything a delivery looks up by a
// platform ref or an id from a button is checked against the delivery's own workspace.

/** Refuses the delivery unless the row belongs to the delivery's workspace. */
export function assertOwned(ws: Pick<Workspace, 'id'>, ownerId: WorkspaceId, target: string): void {
  if (ownerId !== ws.id) throw new ForeignTargetError(target);
}

/** Refuses the delivery unless the channel (of a round or challenge) is the workspace's. */
export async function assertOwnChannel(t: Tx, ws: Workspace, channelId: ChannelId, target: string): Promise<void> {
  assertOwned(ws, (await t.db.channels.get(channelId)).workspaceId, target);
}

/** Refuses the delivery unless the round is the workspace's. */
export const assertOwnRound = (t: Tx, ws: Workspace, round: Pick<Round, 'channelId'>): Promise<void> =>
  assertOwnChannel(t, ws, round.channelId, 'round');

/** Refuses the delivery unless the answer's author is a member of the workspace. */
export async function assertOwnAnswer(t: Tx, ws: Workspace, answer: Pick<Answer, 'memberId'>): Promise<void> {
  assertOwned(ws, (await t.db.members.get(answer.memberId)).workspaceId, 'answer');
}

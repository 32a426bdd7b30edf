import { refusedRound } from './answers.js';
import type { Tx } from './context.js';
import { type ReadAhead, voteTargetOf } from './handle-event.js';
import type { InboundEvent } from './ports.js';
import type { Workspace } from './types.js';

/** Events a platform sends about whatever happens in a channel, not only about the bot. */
const PASSIVE = new Set<InboundEvent['kind']>([
  'reply-posted',
  'reply-edited',
  'reply-deleted',
  'reaction-added',
  'reaction-removed',
  'member-seen',
]);

/**
 * Whether an event may create the workspace row: only a person addressing the bot (a command, a
 * press or form on its messages, its home) does; chatter in a workspace the bot has no row for
 * concerns nothing it keeps.
 */
export const mayCreateWorkspace = (event: InboundEvent): boolean => !PASSIVE.has(event.kind);

/**
 * Whether an event from a member the bot has no row for concerns something it keeps: a reply in a
 * round's thread, an edit of an answer (or of a reply refused as one), a reaction on an answer,
 * a name change of a known member. Anything else would only create a member row for a stranger.
 */
export async function concernsTracked(t: Tx, ws: Workspace, event: InboundEvent, ahead: ReadAhead = {}): Promise<boolean> {
  switch (event.kind) {
    case 'reply-posted':
      return Boolean(await t.db.rounds.findByMessage(event.thread));
    case 'reply-edited':
      return Boolean((await t.db.answers.findByMessage(event.message)) ?? (await refusedRound(t, ws, event.message)));
    case 'reaction-added':
    case 'reaction-removed':
      if (await voteTargetOf(t, event, ahead)) return true;
      return event.kind === 'reaction-added' && Boolean(await t.db.meta.get(`not-votable:${event.message}`));
    case 'member-seen':
      return Boolean(await t.db.members.findByRef(ws.id, event.actor.ref));
    case 'reply-deleted':
      return false;
    default:
      return true;
  }
}

import { DojoUserError } from '../errors.js';
import type { Channel, Round } from '../types.js';
import type { CommandCtx } from './command.js';

export function requireChannel(c: CommandCtx): Channel {
  if (!c.channel)
    throw new DojoUserError('not-practice-channel', 'This is not a practice channel yet. An admin can run `/dojo setup` here.');
  return c.channel;
}

export async function requireLiveRound(c: CommandCtx): Promise<Round> {
  const round = await c.ctx.db.rounds.findLive(requireChannel(c).id);
  if (!round) throw new DojoUserError('no-round', 'There is no open round in this channel.');
  return round;
}

/**
 * The slot key of a manual post: the invocation's delivery id keeps a platform retry from
 * posting twice, while two admins asking in the same millisecond still get two rounds.
 */
export const manualSlot = (kind: 'ask' | 'skip', c: CommandCtx) =>
  `${kind}:${new Date(c.now).toISOString()}:${c.event.deliveryId ?? Math.floor(c.ctx.random.next() * 1e9).toString(36)}`;

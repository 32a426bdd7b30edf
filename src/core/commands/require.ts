import { DojoUserError } from '../errors.js';
import type { Channel, Round } from '../types.js';
import type { CommandCtx } from './command.js';

export function requireChannel(c: CommandCtx): Channel {
  if (!c.channel) throw new DojoUserError('not-practice-channel', 'This is not a practice channel yet. An admin can run `/dojo setup` here.');
  return c.channel;
}

export function requireLiveRound(c: CommandCtx): Round {
  const round = c.ctx.store.rounds.findLive(requireChannel(c).id);
  if (!round) throw new DojoUserError('no-round', 'There is no open round in this channel.');
  return round;
}

import { privately } from '../messages.js';
import { closeRound } from '../rounds.js';
import { defineCommand } from './command.js';
import { requireLiveRound } from './require.js';

export const close = defineCommand({
  name: 'close',
  summary: 'End the current round now and post its summary.',
  admin: true,
  params: [],
  async run(c) {
    const round = await requireLiveRound(c);
    const done = await closeRound(c.ctx, round);
    return privately({ text: done ? 'Round closed; the summary is in its thread.' : 'That round was already closed.' });
  },
});

import { privately } from '../messages.js';
import { defineCommand } from './command.js';
import { requireChannel } from './require.js';

export const pause = defineCommand({
  name: 'pause',
  summary: 'Stop scheduled questions in this channel.',
  admin: true,
  params: [],
  async run(c) {
    const ch = requireChannel(c);
    if (ch.paused) return privately({ text: 'This channel is already paused. `/dojo resume` restarts scheduled questions.' });
    await c.ctx.db.channels.setPaused(ch.id, true, c.now);
    return privately({ text: 'Paused: no scheduled questions here until `/dojo resume`. The current round still closes on time.' });
  },
});

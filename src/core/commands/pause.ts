import { ok } from '../errors.js';
import { privately } from '../messages.js';
import { defineCommand } from './command.js';
import { requireChannel } from './require.js';

export const pause = defineCommand({
  name: 'pause',
  usage: '/dojo pause',
  summary: 'Stop scheduled questions in this channel.',
  admin: true,
  parse: () => ok(null),
  run(c) {
    const ch = requireChannel(c);
    if (ch.paused) return privately({ text: 'This channel is already paused. `/dojo resume` restarts scheduled questions.' });
    c.ctx.store.channels.setPaused(ch.id, true, c.now);
    return privately({ text: 'Paused: no scheduled questions here until `/dojo resume`. The current round still closes on time.' });
  },
});

import { privately } from '../messages.js';
import { defineCommand } from './command.js';
import { requireChannel } from './require.js';
import { describeChannel } from '../channel-settings.js';

export const resume = defineCommand({
  name: 'resume',
  summary: 'Restart scheduled questions in this channel.',
  admin: true,
  params: [],
  async run(c) {
    const ch = requireChannel(c);
    await c.ctx.db.channels.setPaused(ch.id, false, c.now);
    return privately({
      text: `Resumed. Missed days are skipped, not posted late.\n${describeChannel(await c.ctx.db.channels.get(ch.id), c.now)}`,
    });
  },
});

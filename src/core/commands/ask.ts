import { DojoUserError } from '../errors.js';
import { privately } from '../messages.js';
import { openRound } from '../rounds.js';
import { defineCommand } from './command.js';
import { manualSlot, requireChannel } from './require.js';

export const ask = defineCommand({
  name: 'ask',
  summary: 'Post a question now (closes the open round first).',
  admin: true,
  params: [],
  async run(c) {
    const ch = requireChannel(c);
    const round = await openRound(c.ctx, ch, { key: manualSlot('ask', c), at: c.now, isScheduled: false });
    if (!round) throw new DojoUserError('no-question', 'There is no question left to ask: check `/dojo packs` and the channel categories.');
    return privately({ text: 'Posted a new question.' });
  },
});

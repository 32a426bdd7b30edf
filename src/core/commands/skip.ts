import { privately } from '../messages.js';
import { closeRound, openRound } from '../rounds.js';
import { defineCommand } from './command.js';
import { manualSlot, requireChannel, requireLiveRound } from './require.js';

export const skip = defineCommand({
  name: 'skip',
  summary: 'Drop the current question without points and post another.',
  admin: true,
  params: [],
  async run(c) {
    const ch = requireChannel(c);
    const round = await requireLiveRound(c);
    await closeRound(c.ctx, round, { skip: true });
    const next = await openRound(c.ctx, ch, { key: manualSlot('skip', c), at: c.now, isScheduled: false });
    return privately({ text: next ? 'Skipped. A new question is up.' : 'Skipped. There is no other question to ask right now.' });
  },
});

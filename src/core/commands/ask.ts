import { DojoUserError, fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { openRound } from '../rounds.js';
import { clip, safeUserText } from '../text.js';
import { defineCommand } from './command.js';
import { manualSlot, requireChannel } from './require.js';

export const ask = defineCommand<{ questionId?: string }>({
  name: 'ask',
  usage: '/dojo ask [question id]',
  summary: 'Post a question now, or the one with that id (closes the open round first).',
  admin: true,
  posts: true,
  parse(args) {
    if (args.length > 1) return fail('usage', 'Use /dojo ask, or /dojo ask <question id> (e.g. pitch-hr-final-round).');
    return ok(args[0] ? { questionId: args[0].toLowerCase() } : {});
  },
  async run(c, { questionId }) {
    const ch = requireChannel(c);
    if (questionId && !c.ctx.store.content.listEligible(c.ws.id, { type: 'open' }).some((q) => q.id === questionId))
      throw new DojoUserError(
        'unknown-question',
        `No open question has the id "${safeUserText(clip(questionId, 60))}" in this workspace's enabled packs.`,
      );
    const round = await openRound(c.ctx, ch, { key: manualSlot('ask', c), at: c.now, isScheduled: false, questionId });
    if (!round) throw new DojoUserError('no-question', 'There is no question left to ask: check `/dojo packs` and the channel categories.');
    return privately({
      text: round.status === 'open' ? 'Posted a new question.' : 'The question could not be posted yet; I will keep trying.',
    });
  },
});

import { DojoUserError, ok } from '../errors.js';
import { privately } from '../messages.js';
import { openRound } from '../rounds.js';
import { formatWhen, nextSlot } from '../schedule.js';
import { clip, safeUserText } from '../text.js';
import { defineCommand } from './command.js';
import { manualSlot, requireChannel } from './require.js';

/** How close to a scheduled post an ask takes that post's place. */
const STAND_IN_MS = 6 * 3_600_000;

export const ask = defineCommand<{ questionId?: string }>({
  name: 'ask',
  summary: 'Post a question now, or the one with that id (closes the open round first).',
  admin: true,
  params: [
    {
      kind: 'word',
      name: 'question',
      description: 'A question id, e.g. pitch-hr-final-round (default: the next in line)',
    },
  ],
  check: (a) => ok(a.has('question') ? { questionId: a.get('question')!.toLowerCase() } : {}),
  async run(c, { questionId }) {
    const ch = requireChannel(c);
    if (questionId && !(await c.ctx.db.content.listEligible(c.ws.id, { type: 'open' })).some((q) => q.id === questionId))
      throw new DojoUserError(
        'unknown-question',
        `No open question has the id "${safeUserText(clip(questionId, 60))}" in this workspace's enabled packs.`,
      );
    // Asked shortly before a scheduled post, the question stands in for it (same slot key, same
    // close time), so an 08:00 ask is not a one-hour round closed by the 09:00 post.
    const next = ch.paused ? undefined : nextSlot(ch, c.now);
    const standsIn = next !== undefined && next.at - c.now <= STAND_IN_MS && !(await c.ctx.db.rounds.findBySlot(ch.id, next.key));
    const slot = standsIn
      ? { key: next.key, at: next.at, isScheduled: true, questionId }
      : { key: manualSlot('ask', c), at: c.now, isScheduled: false, questionId };
    const round = await openRound(c.ctx, ch, slot);
    if (!round) throw new DojoUserError('no-question', 'There is no question left to ask: check `/dojo packs` and the channel categories.');
    // The post goes out after this transaction commits (the outbox), so it is reported as done.
    return privately({
      text: standsIn
        ? `Posted a new question. It stands in for the one due ${formatWhen(next.at, ch.timezone)} and closes ${formatWhen(round.closesAt, ch.timezone)}.`
        : 'Posted a new question.',
    });
  },
});

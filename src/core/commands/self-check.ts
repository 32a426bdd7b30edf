import { DojoUserError } from '../errors.js';
import { openSelfCheck } from '../peer-reviews.js';
import { defineCommand } from './command.js';

/**
 * `/dojo self-check`: the self-check of the member's answer in their latest closed round, for
 * platforms where the summary's button cannot be pressed (Discord direct messages) or has gone
 * (Slack ephemeral messages).
 */
export const selfCheck = defineCommand({
  name: 'self-check',
  summary: 'Tick the key points you think your last closed answer covered, and compare with your reviewers.',
  admin: false,
  params: [],
  async run(c) {
    const answers = await c.ctx.db.answers.listForMember(c.member.id);
    for (const answer of answers.reverse()) {
      if ((await c.ctx.db.rounds.get(answer.roundId)).status === 'closed') return openSelfCheck(c.ctx, c.member, answer.id);
    }
    throw new DojoUserError(
      'no-answer',
      'You have no answer in a closed round yet: the self-check opens when a round you answered closes.',
    );
  },
});

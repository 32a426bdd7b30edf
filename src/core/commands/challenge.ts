import { ok } from '../errors.js';
import { privately } from '../messages.js';
import { CHALLENGE_SECONDS, startChallenge } from '../quiz/challenge.js';
import { defineCommand } from './command.js';
import { requireChannel } from './require.js';

export const challenge = defineCommand<{ category?: string; seconds: number }>({
  name: 'challenge',
  summary: `A timed multiple-choice question for the whole channel (${CHALLENGE_SECONDS.min}–${CHALLENGE_SECONDS.max} s).`,
  admin: false,
  params: [
    { kind: 'category', name: 'category', description: 'The question’s category' },
    {
      kind: 'integer',
      name: 'seconds',
      description: 'Time on the clock',
      min: CHALLENGE_SECONDS.min,
      max: CHALLENGE_SECONDS.max,
      suffix: 's',
    },
  ],
  check: (a) => ok({ category: a.get('category'), seconds: a.num('seconds') ?? CHALLENGE_SECONDS.default }),
  async run(c, { category, seconds }) {
    const ch = requireChannel(c);
    return privately({ text: await startChallenge(c.ctx, c.ws, ch, category, seconds) });
  },
});

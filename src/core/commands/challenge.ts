import { resolveCategory } from '../categories.js';
import { fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { CHALLENGE_SECONDS, startChallenge } from '../quiz/challenge.js';
import { clip, safeUserText } from '../text.js';
import { defineCommand } from './command.js';
import { requireChannel } from './require.js';

export const challenge = defineCommand<{ category?: string; seconds: number }>({
  name: 'challenge',
  usage: '/dojo challenge [category] [seconds]',
  summary: `A timed multiple-choice question for the whole channel (${CHALLENGE_SECONDS.min}–${CHALLENGE_SECONDS.max} s).`,
  admin: false,
  parse(args) {
    let category: string | undefined;
    let seconds = CHALLENGE_SECONDS.default;
    for (const a of args) {
      const n = /^(\d{1,9})s?$/i.exec(a);
      if (n) {
        seconds = Number(n[1]);
        if (seconds < CHALLENGE_SECONDS.min || seconds > CHALLENGE_SECONDS.max)
          return fail('bad-seconds', `Pick between ${CHALLENGE_SECONDS.min} and ${CHALLENGE_SECONDS.max} seconds.`);
      } else if (resolveCategory(a)) category = resolveCategory(a);
      else return fail('usage', `I don't know "${safeUserText(clip(a, 40))}". Try /dojo challenge nodejs 90.`);
    }
    return ok({ category, seconds });
  },
  async run(c, { category, seconds }) {
    const ch = requireChannel(c);
    return privately({ text: await startChallenge(c.ctx, c.ws, ch, category, seconds) });
  },
});

import { fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { startQuiz } from '../quiz/drill.js';
import { defineCommand } from './command.js';

export const review = defineCommand<{ nudge?: boolean }>({
  name: 'review',
  usage: '/dojo review [nudge on|off]',
  summary: 'Work through your due reviews; `nudge on` for a daily reminder.',
  admin: false,
  parse(args) {
    const [a, b, ...rest] = args.map((x) => x.toLowerCase());
    if (a === undefined) return ok({});
    if (a === 'nudge' && (b === 'on' || b === 'off') && !rest.length) return ok({ nudge: b === 'on' });
    return fail('usage', 'Use /dojo review, or /dojo review nudge on|off.');
  },
  async run(c, { nudge }) {
    if (nudge !== undefined) {
      await c.ctx.db.members.setNudge(c.member.id, nudge);
      return privately({ text: nudge ? 'I will tell you once a day when reviews are due.' : 'Daily review reminders are off.' });
    }
    return await startQuiz(c.ctx, c.ws, c.member, {}, true);
  },
});

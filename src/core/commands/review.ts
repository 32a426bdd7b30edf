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
    if (!args.length) return ok({});
    if (args[0] === 'nudge' && (args[1] === 'on' || args[1] === 'off')) return ok({ nudge: args[1] === 'on' });
    return fail('usage', 'Use /dojo review, or /dojo review nudge on|off.');
  },
  run(c, { nudge }) {
    if (nudge !== undefined) {
      c.ctx.store.members.setNudge(c.member.id, nudge);
      return privately({ text: nudge ? 'I will tell you once a day when reviews are due.' : 'Daily review reminders are off.' });
    }
    return startQuiz(c.ctx, c.ws, c.member, {}, true);
  },
});

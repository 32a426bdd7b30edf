import { ok } from '../errors.js';
import { privately } from '../messages.js';
import { startQuiz } from '../quiz/drill.js';
import { defineCommand } from './command.js';

export const review = defineCommand<{ nudge?: boolean }>({
  name: 'review',
  summary: 'Work through your due reviews; `nudge on` for a daily reminder.',
  admin: false,
  params: [{ kind: 'switch', name: 'nudge', description: 'A daily reminder when reviews are due', values: ['on', 'off'] }],
  check: (a) => ok(a.has('nudge') ? { nudge: a.get('nudge') === 'on' } : {}),
  async run(c, { nudge }) {
    if (nudge !== undefined) {
      await c.ctx.db.members.setNudge(c.member.id, nudge);
      return privately({ text: nudge ? 'I will tell you once a day when reviews are due.' : 'Daily review reminders are off.' });
    }
    return await startQuiz(c.ctx, c.ws, c.member, {}, true);
  },
});

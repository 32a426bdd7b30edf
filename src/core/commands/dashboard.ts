import { privately } from '../messages.js';
import { formatWhen } from '../schedule.js';
import { defineCommand } from './command.js';

export const dashboard = defineCommand({
  name: 'dashboard',
  aliases: ['web'],
  summary: 'A private link to the team dashboard: charts, your progress and the archive of answers.',
  admin: false,
  params: [],
  async run(c) {
    const links = c.ctx.dashboard;
    if (!links) {
      return privately({ text: 'The web dashboard is not switched on for this bot (its operator sets DOJO_SECRET_KEY).' });
    }
    const { url, expiresAt } = links.linkFor({ workspaceId: c.ws.id, memberId: c.member.id, isAdmin: c.isAdmin }, c.now);
    return privately({
      title: 'Your dashboard',
      text: [
        `[Open the dashboard](${url})`,
        `This link is yours alone${c.isAdmin ? ' (with the admin view)' : ''} and works until ${formatWhen(expiresAt, c.ws.timezone)}; run \`/dojo dashboard\` again for a fresh one.`,
      ].join('\n'),
    });
  },
});

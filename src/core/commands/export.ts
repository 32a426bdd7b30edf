import { privately } from '../messages.js';
import { exportMember } from '../privacy.js';
import { defineCommand } from './command.js';

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Get a copy of your own data (JSON).',
  admin: false,
  params: [],
  async run(c) {
    const data = await exportMember(c.ctx, c.member);
    return privately({
      title: 'Your data',
      text: 'Everything Interview Dojo stores about you in this workspace:',
      code: JSON.stringify(data, null, 1),
      hasUserText: true,
    });
  },
});

import { privately } from '../messages.js';
import { defineCommand } from './command.js';
import { commandList } from './registry.js';

export const help = defineCommand({
  name: 'help',
  summary: 'Show what the bot can do.',
  admin: false,
  params: [],
  async run(c) {
    const line = (cmd: { usage: string; summary: string }) => `- \`${cmd.usage}\` — ${cmd.summary}`;
    const member = commandList().filter((x) => !x.admin);
    const admin = commandList().filter((x) => x.admin);
    const text = [
      'Every working day a question appears here. **Reply in its thread** (or press **Answer**) to answer; vote for the best answers with the reaction or **Upvote**. Points: answer +10, upvote +2, top three +15/+10/+5, streaks up to +10.',
      '',
      member.map(line).join('\n'),
      ...(c.isAdmin ? ['', '**Admin**', admin.map(line).join('\n')] : []),
    ].join('\n');
    return privately({ title: 'Interview Dojo', text });
  },
});

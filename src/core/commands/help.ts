import { fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { defineCommand } from './command.js';
import { categoryNames } from '../categories.js';
import { commandList, findCommand } from './registry.js';

export const help = defineCommand<{ topic?: string }>({
  name: 'help',
  summary: 'Show what the bot can do, or how one command works.',
  admin: false,
  params: [{ kind: 'word', name: 'command', description: 'Explain one command, e.g. config' }],
  check(a) {
    const word = a.get('command');
    if (!word) return ok({});
    const cmd = findCommand(word);
    if (!cmd) return fail('usage', `I have no help on "${word.slice(0, 40)}". Try \`/dojo help\` for every command.`);
    return ok({ topic: cmd.name });
  },
  async run(c, { topic }) {
    const line = (cmd: { usage: string; summary: string }) => `- \`${cmd.usage}\` — ${cmd.summary}`;
    if (topic) {
      const cmd = findCommand(topic)!;
      // Workspace settings and channel settings are easy to mix up, so config's help shows both.
      const related = topic === 'config' ? [findCommand('setup')!] : [];
      return privately({
        title: `/dojo ${cmd.name}${cmd.admin ? ' (admin)' : ''}`,
        text: [cmd, ...related].map(line).join('\n'),
      });
    }
    const member = commandList().filter((x) => !x.admin);
    const admin = commandList().filter((x) => x.admin);
    const text = [
      'Every working day a question appears here. **Reply in its thread** (or press **Answer**) to answer; vote for the best answers with the reaction or **Upvote**. Points: answer +10, upvote +2, top three +15/+10/+5, streaks up to +10.',
      '',
      member.map(line).join('\n'),
      '',
      `**Categories** (for quiz, challenge, top and setup): ${categoryNames()}. Type them with spaces if you like: \`/dojo quiz system design\`.`,
      ...(c.isAdmin ? ['', '**Admin**', admin.map(line).join('\n')] : []),
    ].join('\n');
    return privately({ title: 'Interview Dojo', text });
  },
});

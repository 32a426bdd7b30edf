import { resolveCategory } from '../categories.js';
import { fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { defineCommand } from './command.js';

const MAX_SUGGESTION = 1000;

export const suggest = defineCommand({
  name: 'suggest',
  usage: '/dojo suggest [category:] <question>',
  summary: 'Propose a question for the team pack.',
  admin: false,
  parse(args) {
    let words = args;
    let category = 'general';
    const head = words[0]?.match(/^([\w-]+):$/);
    if (head && resolveCategory(head[1]!)) {
      category = resolveCategory(head[1]!)!;
      words = words.slice(1);
    }
    const text = words.join(' ').trim();
    if (text.length < 10)
      return fail('usage', 'Write the question after /dojo suggest, e.g. `/dojo suggest security: How would you rotate a leaked API key?`');
    if (text.length > MAX_SUGGESTION) return fail('too-long', `Keep suggestions under ${MAX_SUGGESTION} characters.`);
    return ok({ text, category });
  },
  async run(c, { text, category }) {
    const s = await c.ctx.db.suggestions.add({ workspaceId: c.ws.id, memberId: c.member.id, text, category, now: c.now });
    return privately({ text: `Thanks! Suggestion #${s.id} is waiting for an admin to review it.` });
  },
});

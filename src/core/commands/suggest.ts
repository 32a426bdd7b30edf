import { categoryNames } from '../categories.js';
import { fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { defineCommand } from './command.js';

const MAX_SUGGESTION = 1000;

export const suggest = defineCommand({
  name: 'suggest',
  summary: 'Propose a question for the team pack.',
  admin: false,
  params: [
    { kind: 'category', name: 'category', description: 'Where it belongs, written before the question (default: general)', prefixed: true },
    { kind: 'text', name: 'question', description: 'The interview question you propose', required: true, maxLength: MAX_SUGGESTION },
  ],
  check(a) {
    const text = a.get('question') ?? '';
    if (text.length < 10)
      return fail('usage', 'Write the question after /dojo suggest, e.g. `/dojo suggest security: How would you rotate a leaked API key?`');
    // "word:" that is no category stays part of the question ("Kafka: why…"); the reply says so.
    const head = a.has('category') ? undefined : /^([\w-]+):(\s|$)/.exec(text)?.[1];
    return ok({ text, category: a.get('category') ?? 'general', unknownHead: head?.slice(0, 40) });
  },
  async run(c, { text, category, unknownHead }) {
    const s = await c.ctx.db.suggestions.add({ workspaceId: c.ws.id, memberId: c.member.id, text, category, now: c.now });
    const note = unknownHead ? ` It is filed under general: "${unknownHead}" is not a category (categories: ${categoryNames()}).` : '';
    return privately({ text: `Thanks! Suggestion #${s.id} is waiting for an admin to review it.${note}` });
  },
});

import { fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { safeUserText, clip } from '../text.js';
import { decideSuggestion } from '../team-pack.js';
import { actions } from '../actions.js';
import { defineCommand } from './command.js';

export const suggestions = defineCommand({
  name: 'suggestions',
  usage: '/dojo suggestions [approve|reject <id>]',
  summary: 'Review suggested questions.',
  admin: true,
  parse(args) {
    if (!args.length) return ok(undefined);
    const [verb, id] = args;
    if ((verb !== 'approve' && verb !== 'reject') || !id || !/^\d+$/.test(id))
      return fail('usage', 'Use /dojo suggestions, or /dojo suggestions approve 12 / reject 12.');
    return ok({ approve: verb === 'approve', id: Number(id) });
  },
  async run(c, args) {
    if (args) {
      const text = await decideSuggestion(c.ctx, c.ws, args.id, args.approve, c.now);
      return privately({ text });
    }
    const pending = (await c.ctx.db.suggestions.listPending(c.ws.id)).slice(0, 10);
    if (!pending.length) return privately({ text: 'No suggestions are waiting.' });
    return privately(
      ...pending.map((s) => ({
        text: `#${s.id} · ${s.category}\n${safeUserText(clip(s.text, 900))}`,
        hasUserText: true,
        buttons: [
          { label: 'Approve', actionId: actions.suggestion(s.id, 'approve'), style: 'primary' as const },
          { label: 'Reject', actionId: actions.suggestion(s.id, 'reject'), style: 'danger' as const },
        ],
      })),
    );
  },
});

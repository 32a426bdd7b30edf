import { fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { safeUserText, clip } from '../text.js';
import { decideSuggestion } from '../team-pack.js';
import { actions } from '../actions.js';
import { defineCommand } from './command.js';

export const suggestions = defineCommand({
  name: 'suggestions',
  summary: 'Review suggested questions.',
  admin: true,
  params: [
    { kind: 'choice', name: 'action', description: 'Decide on one suggestion', values: ['approve', 'reject'] },
    { kind: 'integer', name: 'id', description: 'The suggestion number', min: 1, max: 999_999_999 },
  ],
  check(a) {
    const action = a.get('action');
    const id = a.num('id');
    if (!action && id === undefined) return ok(undefined);
    if (!action || id === undefined) return fail('usage', 'Use /dojo suggestions, or /dojo suggestions approve 12 / reject 12.');
    return ok({ approve: action === 'approve', id });
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

import type { Tx } from './context.js';
import { DojoUserError } from './errors.js';
import type { Workspace } from './types.js';

export const teamPackId = (ws: Workspace) => `team-${ws.id}`;

/** Approving turns a suggestion into an open question in the workspace's own team pack. */
export async function decideSuggestion(ctx: Tx, ws: Workspace, id: number, approve: boolean, now: number): Promise<string> {
  const s = await ctx.db.suggestions.get(id);
  if (!s || s.workspaceId !== ws.id) throw new DojoUserError('unknown-suggestion', `There is no suggestion #${id}.`);
  if (s.status !== 'pending') return `Suggestion #${id} was already ${s.status}.`;
  if (!approve) {
    await ctx.db.suggestions.decide(id, 'rejected', null, now);
    return `Suggestion #${id} rejected.`;
  }
  const packId = teamPackId(ws);
  await ctx.db.content.ensurePack(
    { id: packId, title: 'Team questions', version: '1', description: 'Questions suggested by this team.', workspaceId: ws.id },
    now,
  );
  const questionId = `${packId}-s${id}`;
  await ctx.db.content.addQuestion(
    packId,
    { id: questionId, type: 'open', category: s.category, difficulty: 'medium', tags: ['team'], prompt: s.text, body: {} },
    now,
  );
  await ctx.db.suggestions.decide(id, 'approved', questionId, now);
  return `Suggestion #${id} approved: it is now in the team pack.`;
}

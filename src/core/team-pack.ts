import type { Tx } from './context.js';
import { DojoUserError } from './errors.js';
import { say } from './outbox.js';
import type { Suggestion, Workspace } from './types.js';

export const teamPackId = (ws: Workspace) => `team-${ws.id}`;

/** Tells a suggestion's author what became of it (through the outbox, after the decision commits). */
async function tellSuggestionAuthor(ctx: Tx, ws: Workspace, s: Suggestion, status: 'approved' | 'rejected'): Promise<void> {
  // An erased author (forget-me) leaves the suggestion without a member to tell.
  if (s.memberId === null) return;
  const author = await ctx.db.members.get(s.memberId);
  const quoted = `"${s.text.slice(0, 120)}${s.text.length > 120 ? '…' : ''}"`;
  const text =
    status === 'approved'
      ? `Your suggested question was approved and is now in the team pack: ${quoted}. Thank you!`
      : `Your suggested question was not taken this time: ${quoted}.`;
  await say(ctx, ws, { kind: 'tell', user: author.userRef, message: { text, hasUserText: true } });
}

/** Approving turns a suggestion into an open question in the workspace's own team pack; its author is told either way. */
export async function decideSuggestion(ctx: Tx, ws: Workspace, id: number, approve: boolean, now: number): Promise<string> {
  const s = await ctx.db.suggestions.get(id);
  if (!s || s.workspaceId !== ws.id) throw new DojoUserError('unknown-suggestion', `There is no suggestion #${id}.`);
  if (s.status !== 'pending') return `Suggestion #${id} was already ${s.status}.`;
  if (!approve) {
    await ctx.db.suggestions.decide(id, 'rejected', null, now);
    await tellSuggestionAuthor(ctx, ws, s, 'rejected');
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
  await tellSuggestionAuthor(ctx, ws, s, 'approved');
  return `Suggestion #${id} approved: it is now in the team pack.`;
}

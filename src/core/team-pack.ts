import { portFor, type Ctx } from './context.js';
import { DojoUserError } from './errors.js';
import type { Workspace } from './types.js';

export const teamPackId = (ws: Workspace) => `team-${ws.id}`;

/** Tells a suggestion's author what became of it; a failed message never undoes the decision. */
export async function tellSuggestionAuthor(ctx: Ctx, ws: Workspace, id: number): Promise<void> {
  const s = ctx.store.suggestions.get(id);
  // An erased author (forget-me) leaves the suggestion without a member to tell.
  if (!s || s.status === 'pending' || s.memberId === null) return;
  const author = ctx.store.members.get(s.memberId);
  const text =
    s.status === 'approved'
      ? `Your suggested question was approved and is now in the team pack: "${s.text.slice(0, 120)}${s.text.length > 120 ? '…' : ''}". Thank you!`
      : `Your suggested question was not taken this time: "${s.text.slice(0, 120)}${s.text.length > 120 ? '…' : ''}".`;
  try {
    await portFor(ctx, ws).tellPrivately(undefined, author.userRef, { text, hasUserText: true });
  } catch (err) {
    ctx.log.warn({ suggestionId: id, err: String(err) }, 'telling the suggestion author failed');
  }
}

/** Approving turns a suggestion into an open question in the workspace's own team pack. */
export function decideSuggestion(ctx: Ctx, ws: Workspace, id: number, approve: boolean, now: number): string {
  const s = ctx.store.suggestions.get(id);
  if (!s || s.workspaceId !== ws.id) throw new DojoUserError('unknown-suggestion', `There is no suggestion #${id}.`);
  if (s.status !== 'pending') return `Suggestion #${id} was already ${s.status}.`;
  return ctx.store.tx(() => {
    if (!approve) {
      ctx.store.suggestions.decide(id, 'rejected', null, now);
      return `Suggestion #${id} rejected.`;
    }
    const packId = teamPackId(ws);
    ctx.store.content.ensurePack(
      { id: packId, title: 'Team questions', version: '1', description: 'Questions suggested by this team.', workspaceId: ws.id },
      now,
    );
    const questionId = `${packId}-s${id}`;
    ctx.store.content.addQuestion(
      packId,
      { id: questionId, type: 'open', category: s.category, difficulty: 'medium', tags: ['team'], prompt: s.text, body: {} },
      now,
    );
    ctx.store.suggestions.decide(id, 'approved', questionId, now);
    return `Suggestion #${id} approved: it is now in the team pack.`;
  });
}

import type { Ctx } from './context.js';
import type { Actor } from './ports.js';
import type { UserRef } from './refs.js';
import type { Workspace } from './types.js';

/** A stored ref matches a listed platform id when equal or when the id is its last ':' part. */
export const refMatches = (ref: UserRef | string, id: string) => ref === id || ref.endsWith(`:${id}`);

/** Platform admins, DOJO_ADMINS and the workspace's `/dojo config admins` list. */
export function isAdmin(ctx: Ctx, ws: Workspace, actor: Actor): boolean {
  if (actor.isBot) return false;
  if (actor.isPlatformAdmin) return true;
  return [...ctx.config.admins, ...ws.settings.admins].some((id) => refMatches(actor.ref, id));
}

import { and, eq, sql } from 'drizzle-orm';
import type { MemberRepo, WorkspaceRepo } from '../../core/store.js';
import type { Member, Workspace, WorkspaceSettings } from '../../core/types.js';
import type { UserRef, WorkspaceRef } from '../../core/refs.js';
import { parseSettings } from '../../core/settings.js';
import type { Db } from '../db.js';
import { members, workspaces } from '../schema/index.js';

const toWorkspace = (r: typeof workspaces.$inferSelect): Workspace => ({
  id: r.id,
  platform: r.platform,
  ref: r.ref as WorkspaceRef,
  name: r.name,
  timezone: r.timezone,
  settings: parseSettings(r.settings),
  season: r.season,
  status: r.status === 'removed' ? 'removed' : 'active',
});

export const toMember = (r: typeof members.$inferSelect): Member => ({
  id: r.id,
  workspaceId: r.workspaceId,
  userRef: r.userRef as UserRef,
  displayName: r.displayName,
  isBot: r.isBot,
  nudge: r.nudge,
});

export function workspaceRepo(db: Db): WorkspaceRepo {
  // Prepared once: building and preparing a drizzle query per call costs more than running it.
  const byRefQuery = db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.platform, sql.placeholder('platform')), eq(workspaces.ref, sql.placeholder('ref'))))
    .prepare();
  const byIdQuery = db.select().from(workspaces).where(eq(workspaces.id, sql.placeholder('id'))).prepare();
  const byRef = (platform: string, ref: string) => byRefQuery.get({ platform, ref });
  return {
    ensure({ platform, ref, name, timezone, settings, now }) {
      const found = byRef(platform, ref);
      if (found) {
        if (name && name !== found.name) {
          db.update(workspaces).set({ name }).where(eq(workspaces.id, found.id)).run();
          return toWorkspace({ ...found, name });
        }
        return toWorkspace(found);
      }
      const row = db
        .insert(workspaces)
        .values({ platform, ref, name, timezone, settings: JSON.stringify(settings), createdAt: now })
        .onConflictDoNothing()
        .returning()
        .get();
      return toWorkspace(row ?? byRef(platform, ref)!);
    },
    findByRef(platform, ref) {
      const r = byRef(platform, ref);
      return r ? toWorkspace(r) : undefined;
    },
    get(id) {
      return toWorkspace(byIdQuery.get({ id })!);
    },
    saveSettings(id, settings: WorkspaceSettings) {
      db.update(workspaces).set({ settings: JSON.stringify(settings) }).where(eq(workspaces.id, id)).run();
    },
    setStatus(id, status) {
      db.update(workspaces).set({ status }).where(eq(workspaces.id, id)).run();
    },
    setTimezone(id, timezone) {
      db.update(workspaces).set({ timezone }).where(eq(workspaces.id, id)).run();
    },
    startSeason(id) {
      const r = db
        .update(workspaces)
        .set({ season: sql`${workspaces.season} + 1` })
        .where(eq(workspaces.id, id))
        .returning({ season: workspaces.season })
        .get();
      return r!.season;
    },
  };
}

export function memberRepo(db: Db): MemberRepo {
  const findStmt = db.$client.prepare('SELECT * FROM members WHERE workspace_id = ? AND user_ref = ?');
  const byIdQuery = db.select().from(members).where(eq(members.id, sql.placeholder('id'))).prepare();
  const insertQuery = db
    .insert(members)
    .values({
      workspaceId: sql.placeholder('workspaceId'),
      userRef: sql.placeholder('userRef'),
      displayName: sql.placeholder('displayName'),
      isBot: sql.placeholder('isBot'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare();
  const rowToMember = (r: Record<string, unknown>): Member => ({
    id: r.id as number,
    workspaceId: r.workspace_id as number,
    userRef: r.user_ref as UserRef,
    displayName: r.display_name as string,
    isBot: r.is_bot === 1,
    nudge: r.nudge === 1,
  });
  return {
    ensure(workspaceId, user, now) {
      const found = findStmt.get(workspaceId, user.ref) as Record<string, unknown> | undefined;
      if (found) {
        if (user.name && user.name !== found.display_name) {
          db.update(members).set({ displayName: user.name }).where(eq(members.id, found.id as number)).run();
          return { ...rowToMember(found), displayName: user.name };
        }
        return rowToMember(found);
      }
      const row = insertQuery.get({ workspaceId, userRef: user.ref, displayName: user.name, isBot: user.isBot ? 1 : 0, createdAt: now });
      return toMember(row!);
    },
    get(id) {
      return toMember(byIdQuery.get({ id })!);
    },
    findByRef(workspaceId, ref) {
      const r = findStmt.get(workspaceId, ref) as Record<string, unknown> | undefined;
      return r ? rowToMember(r) : undefined;
    },
    findByRawId(workspaceId, rawId) {
      const r = db
        .select()
        .from(members)
        .where(and(eq(members.workspaceId, workspaceId), sql`(${members.userRef} = ${rawId} OR ${members.userRef} LIKE ${'%:' + rawId})`))
        .get();
      return r ? toMember(r) : undefined;
    },
    findByName(workspaceId, name) {
      const r = db
        .select()
        .from(members)
        .where(and(eq(members.workspaceId, workspaceId), sql`lower(${members.displayName}) = lower(${name})`))
        .get();
      return r ? toMember(r) : undefined;
    },
    setNudge(id, on) {
      db.update(members).set({ nudge: on }).where(eq(members.id, id)).run();
    },
    listNudged() {
      return db.select().from(members).where(eq(members.nudge, true)).all().map(toMember);
    },
    remove(id) {
      db.delete(members).where(eq(members.id, id)).run();
    },
  };
}

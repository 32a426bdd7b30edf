import { and, eq, sql } from 'drizzle-orm';
import type { MemberRepo, WorkspaceRepo } from '../../core/store.js';
import type { WorkspaceSettings } from '../../core/types.js';
import type { Db } from '../db.js';
import type { Sync } from '../sync-repos.js';
import { columnsOf, rowFrom, rowStatement } from '../row-statement.js';
import { members, workspaces } from '../schema/index.js';
import { toWorkspace, toMember } from '../rows.js';

export function workspaceRepo(db: Db): Sync<WorkspaceRepo> {
  // Prepared once: building and preparing a drizzle query per call costs more than running it.
  const byRefQuery = rowStatement(db, workspaces, 'platform = ? AND ref = ?');
  const byIdQuery = rowStatement(db, workspaces, 'id = ?');
  const byRef = (platform: string, ref: string) => byRefQuery.get(platform, ref);
  const wsColumns = columnsOf(workspaces);
  const memberColumns = columnsOf(members);
  const withMemberStmt = db.$client
    .prepare(
      `SELECT ${[...wsColumns.map(([, n]) => `w."${n}"`), ...memberColumns.map(([, n]) => `m."${n}"`)].join(', ')}
         FROM workspaces w LEFT JOIN members m ON m.workspace_id = w.id AND m.user_ref = ?
        WHERE w.platform = ? AND w.ref = ?`,
    )
    .raw();
  return {
    findWithMember(platform, ref, userRef) {
      const values = withMemberStmt.get(userRef, platform, ref) as unknown[] | undefined;
      if (!values) return undefined;
      const workspace = toWorkspace(rowFrom(wsColumns, values, 0) as typeof workspaces.$inferSelect);
      const member =
        values[wsColumns.length] === null
          ? undefined
          : toMember(rowFrom(memberColumns, values, wsColumns.length) as typeof members.$inferSelect);
      return { workspace, member };
    },
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
      return toWorkspace(byIdQuery.get(id)!);
    },
    saveSettings(id, settings: WorkspaceSettings) {
      db.update(workspaces)
        .set({ settings: JSON.stringify(settings) })
        .where(eq(workspaces.id, id))
        .run();
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

/** `boards` hears of every change to a member's name or existence, which leaderboards show. */
export function memberRepo(db: Db, boards: { invalidate(): void }): Sync<MemberRepo> {
  const findStmt = rowStatement(db, members, 'workspace_id = ? AND user_ref = ?');
  const byIdQuery = rowStatement(db, members, 'id = ?');
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
  return {
    ensure(workspaceId, user, now) {
      const found = findStmt.get(workspaceId, user.ref);
      if (found) {
        if (user.name && user.name !== found.displayName) {
          db.update(members).set({ displayName: user.name }).where(eq(members.id, found.id)).run();
          boards.invalidate();
          return { ...toMember(found), displayName: user.name };
        }
        return toMember(found);
      }
      const row = insertQuery.get({ workspaceId, userRef: user.ref, displayName: user.name, isBot: user.isBot ? 1 : 0, createdAt: now });
      return toMember(row!);
    },
    get(id) {
      return toMember(byIdQuery.get(id)!);
    },
    findByRef(workspaceId, ref) {
      const r = findStmt.get(workspaceId, ref);
      return r ? toMember(r) : undefined;
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
      boards.invalidate();
    },
  };
}

import { and, eq, sql } from 'drizzle-orm';
import type { UserRef } from '../../../core/refs.js';
import type { MemberRepo, WorkspaceRepo } from '../../../core/store.js';
import type { Member, Workspace } from '../../../core/types.js';
import type { PgDb } from '../db.js';
import { members, workspaces } from '../schema.js';
import { toWorkspace, toMember } from '../../rows.js';
import { raw } from '../raw.js';
import type { BoardTx } from '../board-cache.js';

/** A workspace's columns with those of one member (by `m`), as toFound reads them. */
export const WORKSPACE_AND_MEMBER_COLUMNS = `
  w.id, w.platform, w.ref, w.name, w.timezone, w.settings, w.season, w.status, w.created_at AS "createdAt",
  m.id AS "memberId", m.display_name AS "displayName", m.is_bot AS "isBot", m.nudge, m.created_at AS "memberCreatedAt"`;

const WORKSPACE_WITH_MEMBER = `
  SELECT ${WORKSPACE_AND_MEMBER_COLUMNS}
    FROM workspaces w LEFT JOIN members m ON m.workspace_id = w.id AND m.user_ref = $3
   WHERE w.platform = $1 AND w.ref = $2`;

export interface WorkspaceWithMemberRow {
  /** Null when a left join found no workspace (see delivery-start.ts). */
  id: number | null;
  platform: string;
  ref: string;
  name: string;
  timezone: string;
  settings: string;
  season: number;
  status: string;
  createdAt: string;
  memberId: number | null;
  displayName: string | null;
  isBot: boolean | null;
  nudge: boolean | null;
  memberCreatedAt: string | null;
}

/** The workspace and member in a row of WORKSPACE_AND_MEMBER_COLUMNS; undefined when no workspace matched. */
export function toFound(
  r: WorkspaceWithMemberRow | undefined,
  userRef: UserRef,
): { workspace: Workspace; member: Member | undefined } | undefined {
  if (!r || r.id === null) return undefined;
  const workspace = toWorkspace({ ...r, id: r.id, createdAt: Number(r.createdAt) });
  const member =
    r.memberId === null
      ? undefined
      : toMember({
          id: r.memberId,
          workspaceId: r.id,
          userRef,
          displayName: r.displayName!,
          isBot: r.isBot!,
          nudge: r.nudge!,
          createdAt: Number(r.memberCreatedAt),
        });
  return { workspace, member };
}

export function workspaceRepo(db: PgDb): WorkspaceRepo {
  const byRef = async (platform: string, ref: string) =>
    (
      await db
        .select()
        .from(workspaces)
        .where(and(eq(workspaces.platform, platform), eq(workspaces.ref, ref)))
    )[0];
  return {
    async findWithMember(platform, ref, userRef) {
      // Every delivery starts with this read: fixed SQL, past the query builder (see raw.ts).
      return toFound((await raw<WorkspaceWithMemberRow>(db, WORKSPACE_WITH_MEMBER, [platform, ref, userRef])).rows[0], userRef);
    },
    async ensure({ platform, ref, name, timezone, settings, now }) {
      const found = await byRef(platform, ref);
      if (found) {
        if (name && name !== found.name) {
          await db.update(workspaces).set({ name }).where(eq(workspaces.id, found.id));
          return toWorkspace({ ...found, name });
        }
        return toWorkspace(found);
      }
      // Another instance may insert the same workspace meanwhile: its row wins and is read back.
      const [row] = await db
        .insert(workspaces)
        .values({ platform, ref, name, timezone, settings: JSON.stringify(settings), createdAt: now })
        .onConflictDoNothing()
        .returning();
      return toWorkspace(row ?? (await byRef(platform, ref))!);
    },
    async findByRef(platform, ref) {
      const r = await byRef(platform, ref);
      return r && toWorkspace(r);
    },
    async get(id) {
      const [r] = await db.select().from(workspaces).where(eq(workspaces.id, id));
      return toWorkspace(r!);
    },
    async saveSettings(id, settings) {
      await db
        .update(workspaces)
        .set({ settings: JSON.stringify(settings) })
        .where(eq(workspaces.id, id));
    },
    async setStatus(id, status) {
      await db.update(workspaces).set({ status }).where(eq(workspaces.id, id));
    },
    async setTimezone(id, timezone) {
      await db.update(workspaces).set({ timezone }).where(eq(workspaces.id, id));
    },
    async startSeason(id) {
      const [r] = await db
        .update(workspaces)
        .set({ season: sql`${workspaces.season} + 1` })
        .where(eq(workspaces.id, id))
        .returning({ season: workspaces.season });
      return r!.season;
    },
  };
}

export function memberRepo(db: PgDb, boards: BoardTx): MemberRepo {
  const find = async (workspaceId: number, ref: string) =>
    (
      await db
        .select()
        .from(members)
        .where(and(eq(members.workspaceId, workspaceId), eq(members.userRef, ref)))
    )[0];
  return {
    async ensure(workspaceId, user, now) {
      const found = await find(workspaceId, user.ref);
      if (found) {
        if (user.name && user.name !== found.displayName) {
          // Names show on leaderboards.
          await Promise.all([
            db.update(members).set({ displayName: user.name }).where(eq(members.id, found.id)),
            boards.changing(workspaceId),
          ]);
          return { ...toMember(found), displayName: user.name };
        }
        return toMember(found);
      }
      const [row] = await db
        .insert(members)
        .values({ workspaceId, userRef: user.ref, displayName: user.name, isBot: user.isBot, createdAt: now })
        .onConflictDoNothing()
        .returning();
      return toMember(row ?? (await find(workspaceId, user.ref))!);
    },
    async get(id) {
      const [r] = await db.select().from(members).where(eq(members.id, id));
      return toMember(r!);
    },
    async findByRef(workspaceId, ref) {
      const r = await find(workspaceId, ref);
      return r && toMember(r);
    },
    async findByRawId(workspaceId, rawId) {
      // ILIKE: SQLite's LIKE ignores ASCII case, and both engines must find the same member.
      const [r] = await db
        .select()
        .from(members)
        .where(and(eq(members.workspaceId, workspaceId), sql`(${members.userRef} = ${rawId} OR ${members.userRef} ILIKE ${'%:' + rawId})`))
        .orderBy(members.id)
        .limit(1);
      return r && toMember(r);
    },
    async findByName(workspaceId, name) {
      const [r] = await db
        .select()
        .from(members)
        .where(and(eq(members.workspaceId, workspaceId), sql`lower(${members.displayName}) = lower(${name})`))
        .orderBy(members.id)
        .limit(1);
      return r && toMember(r);
    },
    async setNudge(id, on) {
      await db.update(members).set({ nudge: on }).where(eq(members.id, id));
    },
    async listNudged() {
      return (await db.select().from(members).where(eq(members.nudge, true))).map(toMember);
    },
    async remove(id) {
      // Its totals go with it (ON DELETE CASCADE), and so does its place on the boards.
      const [gone] = await db.delete(members).where(eq(members.id, id)).returning({ workspaceId: members.workspaceId });
      if (gone) await boards.changing(gone.workspaceId);
    },
  };
}

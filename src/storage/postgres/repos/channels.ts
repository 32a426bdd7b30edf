import { and, eq } from 'drizzle-orm';
import type { ChannelRepo } from '../../../core/store.js';
import type { PgDb } from '../db.js';
import { channels, workspaces } from '../schema.js';
import { toChannel } from '../../rows.js';

export function channelRepo(db: PgDb): ChannelRepo {
  return {
    async findByRef(workspaceId, ref) {
      const [r] = await db
        .select()
        .from(channels)
        .where(and(eq(channels.workspaceId, workspaceId), eq(channels.ref, ref)));
      return r && toChannel(r);
    },
    async get(id) {
      const [r] = await db.select().from(channels).where(eq(channels.id, id));
      return toChannel(r!);
    },
    async upsert({ workspaceId, ref, name, settings, now }) {
      const values = {
        days: settings.days.join(','),
        time: settings.time,
        timezone: settings.timezone,
        categories: settings.categories.join(','),
        mode: settings.mode,
        voteEmoji: settings.voteEmoji,
        roundHours: settings.roundHours,
        blindHours: settings.blindHours,
        voteCap: settings.voteCap,
        digest: settings.digest,
        rankBy: settings.rankBy,
      };
      const [row] = await db
        .insert(channels)
        .values({ workspaceId, ref, name, ...values, paused: false, activeSince: now, createdAt: now })
        .onConflictDoUpdate({ target: [channels.workspaceId, channels.ref], set: { ...values, ...(name ? { name } : {}) } })
        .returning();
      return toChannel(row!);
    },
    async setPaused(id, paused, now) {
      await db
        .update(channels)
        .set(paused ? { paused } : { paused, activeSince: now })
        .where(eq(channels.id, id));
    },
    async listScheduled() {
      const rows = await db
        .select({ c: channels })
        .from(channels)
        .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
        .where(and(eq(channels.paused, false), eq(workspaces.status, 'active')))
        .orderBy(channels.id);
      return rows.map((r) => toChannel(r.c));
    },
    async listForWorkspace(workspaceId) {
      return (await db.select().from(channels).where(eq(channels.workspaceId, workspaceId)).orderBy(channels.id)).map(toChannel);
    },
  };
}

import { and, eq } from 'drizzle-orm';
import type { ChannelRepo } from '../../core/store.js';
import type { Db } from '../db.js';
import type { Sync } from '../sync-repos.js';
import { rowStatement } from '../row-statement.js';
import { channels, workspaces } from '../schema/index.js';
import { toChannel } from '../rows.js';

export function channelRepo(db: Db): Sync<ChannelRepo> {
  const byIdQuery = rowStatement(db, channels, 'id = ?');
  // Prepared once: every /dojo command looks its channel up, and building plus preparing the
  // query per call cost about 200 µs, more than the rest of a leaderboard command's database work.
  const byRefQuery = rowStatement(db, channels, 'workspace_id = ? AND ref = ?');
  return {
    findByRef(workspaceId, ref) {
      const r = byRefQuery.get(workspaceId, ref);
      return r ? toChannel(r) : undefined;
    },
    get(id) {
      return toChannel(byIdQuery.get(id)!);
    },
    upsert({ workspaceId, ref, name, settings, now }) {
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
      const row = db
        .insert(channels)
        .values({ workspaceId, ref, name, ...values, paused: false, activeSince: now, createdAt: now })
        .onConflictDoUpdate({ target: [channels.workspaceId, channels.ref], set: { ...values, ...(name ? { name } : {}) } })
        .returning()
        .get();
      return toChannel(row);
    },
    setPaused(id, paused, now) {
      db.update(channels)
        .set(paused ? { paused } : { paused, activeSince: now })
        .where(eq(channels.id, id))
        .run();
    },
    listScheduled() {
      return db
        .select({ c: channels })
        .from(channels)
        .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
        .where(and(eq(channels.paused, false), eq(workspaces.status, 'active')))
        .all()
        .map((r) => toChannel(r.c));
    },
    listForWorkspace(workspaceId) {
      return db.select().from(channels).where(eq(channels.workspaceId, workspaceId)).all().map(toChannel);
    },
  };
}

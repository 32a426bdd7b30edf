import { and, eq, lt, sql } from 'drizzle-orm';
import type { EventRepo, MetaRepo, SuggestionRepo } from '../../core/store.js';
import type { Suggestion } from '../../core/types.js';
import type { Db } from '../db.js';
import { meta, processedEvents, suggestions } from '../schema/index.js';

const toSuggestion = (r: typeof suggestions.$inferSelect): Suggestion => ({
  id: r.id,
  workspaceId: r.workspaceId,
  memberId: r.memberId,
  text: r.text,
  category: r.category,
  status: r.status as Suggestion['status'],
  createdAt: r.createdAt,
});

export function eventRepo(db: Db): EventRepo {
  const claim = db.$client.prepare(
    `INSERT INTO processed_events (platform, delivery_id, at, owner, done_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (platform, delivery_id) DO UPDATE SET owner = excluded.owner, at = excluded.at, done_at = excluded.done_at
     WHERE processed_events.done_at IS NULL AND processed_events.owner <> excluded.owner`,
  );
  const done = db.$client.prepare('UPDATE processed_events SET done_at = ? WHERE platform = ? AND delivery_id = ?');
  return {
    // The owner matters only while a claim is unfinished; a claim done at once stores none, which
    // keeps the rows (one per delivery) small.
    claim: (platform, deliveryId, owner, now, isDone = false) =>
      claim.run(platform, deliveryId, now, isDone ? '' : owner, isDone ? now : null).changes === 1,
    markDone(platform, deliveryId, now) {
      done.run(now, platform, deliveryId);
    },
    forget(platform, deliveryId) {
      db.delete(processedEvents)
        .where(and(eq(processedEvents.platform, platform), eq(processedEvents.deliveryId, deliveryId)))
        .run();
    },
    prune: (before) => db.delete(processedEvents).where(lt(processedEvents.at, before)).run().changes,
  };
}

export function suggestionRepo(db: Db): SuggestionRepo {
  return {
    add({ workspaceId, memberId, text, category, now }) {
      return toSuggestion(db.insert(suggestions).values({ workspaceId, memberId, text, category, createdAt: now }).returning().get());
    },
    listPending(workspaceId) {
      return db
        .select()
        .from(suggestions)
        .where(and(eq(suggestions.workspaceId, workspaceId), eq(suggestions.status, 'pending')))
        .orderBy(suggestions.id)
        .all()
        .map(toSuggestion);
    },
    get(id) {
      const r = db.select().from(suggestions).where(eq(suggestions.id, id)).get();
      return r ? toSuggestion(r) : undefined;
    },
    decide(id, status, questionId, now) {
      return (
        db
          .update(suggestions)
          .set({ status, questionId, decidedAt: now })
          .where(and(eq(suggestions.id, id), eq(suggestions.status, 'pending')))
          .run().changes === 1
      );
    },
    removeForMember(memberId) {
      db.delete(suggestions).where(eq(suggestions.memberId, memberId)).run();
    },
    listByMember(memberId) {
      return db.select().from(suggestions).where(eq(suggestions.memberId, memberId)).all().map(toSuggestion);
    },
  };
}

export function metaRepo(db: Db): MetaRepo {
  return {
    get: (key) => db.select().from(meta).where(eq(meta.key, key)).get()?.value,
    remove(key) {
      db.delete(meta).where(eq(meta.key, key)).run();
    },
    removePrefix(prefix) {
      db.delete(meta).where(sql`substr(${meta.key}, 1, ${prefix.length}) = ${prefix}`).run();
    },
    set(key, value, now) {
      db.insert(meta)
        .values({ key, value, updatedAt: now })
        .onConflictDoUpdate({ target: meta.key, set: { value, updatedAt: now } })
        .run();
    },
  };
}

import { and, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { AcceptedDelivery, AnswerRepo, DeliveryRepo, MetaRepo, SuggestionRepo, WorkspaceRepo } from '../../core/store.js';
import type { Sync } from '../sync-repos.js';
import type { Db } from '../db.js';
import { meta, processedEvents, suggestions } from '../schema/index.js';
import { toSuggestion } from '../rows.js';

/** The reads `start` makes besides the claim, from the repositories that own them. */
export interface StartReads {
  workspaces: Pick<Sync<WorkspaceRepo>, 'findWithMember'>;
  answers: Pick<Sync<AnswerRepo>, 'findVoteTarget'>;
}

export function deliveryRepo(db: Db, reads: StartReads): Sync<DeliveryRepo> {
  const c = db.$client;
  // A handled delivery stores no payload, which keeps the rows (one per delivery) small.
  const claim = c.prepare(
    `INSERT INTO processed_events (platform, delivery_id, at, done_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (platform, delivery_id) DO UPDATE SET done_at = excluded.done_at, payload = NULL
     WHERE processed_events.done_at IS NULL`,
  );
  const accept = c.prepare(
    'INSERT INTO processed_events (platform, delivery_id, at, payload) VALUES (?, ?, ?, ?) ON CONFLICT (platform, delivery_id) DO NOTHING',
  );
  const accepted = c.prepare(
    'SELECT platform, delivery_id AS deliveryId, payload, at FROM processed_events WHERE done_at IS NULL AND at < ? ORDER BY at LIMIT ?',
  );
  return {
    start({ platform, deliveryId, now, workspace, actor, reactionOn }) {
      if (deliveryId !== undefined && claim.run(platform, deliveryId, now, now).changes !== 1) return { claimed: false, found: undefined };
      const found = reads.workspaces.findWithMember(platform, workspace, actor);
      if (reactionOn === undefined) return { claimed: true, found };
      return { claimed: true, found, voteTarget: reads.answers.findVoteTarget(reactionOn, actor) ?? null };
    },
    claim: (platform, deliveryId, now) => claim.run(platform, deliveryId, now, now).changes === 1,
    accept: (platform, deliveryId, payload, now) => accept.run(platform, deliveryId, now, payload).changes === 1,
    listAccepted: (before, limit) => accepted.all(before, limit) as AcceptedDelivery[],
    prune: (before) =>
      db
        .delete(processedEvents)
        .where(and(lt(processedEvents.at, before), isNotNull(processedEvents.doneAt)))
        .run().changes,
  };
}

export function suggestionRepo(db: Db): Sync<SuggestionRepo> {
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

export function metaRepo(db: Db): Sync<MetaRepo> {
  return {
    get: (key) => db.select().from(meta).where(eq(meta.key, key)).get()?.value,
    remove(key) {
      db.delete(meta).where(eq(meta.key, key)).run();
    },
    entries: (prefix) =>
      db
        .select({ key: meta.key, value: meta.value })
        .from(meta)
        .where(sql`substr(${meta.key}, 1, ${prefix.length}) = ${prefix}`)
        .all()
        .map((r): [string, string] => [r.key, r.value]),
    removePrefix(prefix) {
      db.delete(meta).where(sql`substr(${meta.key}, 1, ${prefix.length}) = ${prefix}`).run();
    },
    set(key, value, now) {
      db.insert(meta)
        .values({ key, value, updatedAt: now })
        .onConflictDoUpdate({ target: meta.key, set: { value, updatedAt: now } })
        .run();
    },
    claim: (key, value, now) =>
      db.insert(meta).values({ key, value, updatedAt: now }).onConflictDoNothing({ target: meta.key }).run().changes > 0,
  };
}

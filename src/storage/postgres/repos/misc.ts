import { and, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { DeliveryRepo, MetaRepo, SuggestionRepo } from '../../../core/store.js';
import type { PgDb } from '../db.js';
import { meta, processedEvents, suggestions } from '../schema.js';
import { toSuggestion } from '../../rows.js';
import { raw } from '../raw.js';
import { claimDelivery, startDelivery } from './delivery-start.js';

const CLAIM_DELIVERY = claimDelivery('$1', '$2', '$3');

export function deliveryRepo(db: PgDb): DeliveryRepo {
  return {
    start: (input) => startDelivery(db, input),
    async claim(platform, deliveryId, now) {
      return (await raw(db, CLAIM_DELIVERY, [platform, deliveryId, now])).rowCount === 1;
    },
    async accept(platform, deliveryId, payload, now) {
      const r = await db.insert(processedEvents).values({ platform, deliveryId, at: now, payload }).onConflictDoNothing();
      return r.rowCount === 1;
    },
    async listAccepted(before, limit) {
      const rows = await db
        .select({
          platform: processedEvents.platform,
          deliveryId: processedEvents.deliveryId,
          payload: processedEvents.payload,
          at: processedEvents.at,
        })
        .from(processedEvents)
        .where(and(sql`${processedEvents.doneAt} IS NULL`, lt(processedEvents.at, before)))
        .orderBy(processedEvents.at)
        .limit(limit);
      return rows.map((r) => ({ ...r, payload: r.payload ?? '' }));
    },
    async prune(before) {
      const r = await db.delete(processedEvents).where(and(lt(processedEvents.at, before), isNotNull(processedEvents.doneAt)));
      return r.rowCount ?? 0;
    },
  };
}

export function suggestionRepo(db: PgDb): SuggestionRepo {
  return {
    async add({ workspaceId, memberId, text, category, now }) {
      const [r] = await db.insert(suggestions).values({ workspaceId, memberId, text, category, createdAt: now }).returning();
      return toSuggestion(r!);
    },
    async listPending(workspaceId) {
      const rows = await db
        .select()
        .from(suggestions)
        .where(and(eq(suggestions.workspaceId, workspaceId), eq(suggestions.status, 'pending')))
        .orderBy(suggestions.id);
      return rows.map(toSuggestion);
    },
    async get(id) {
      const [r] = await db.select().from(suggestions).where(eq(suggestions.id, id));
      return r && toSuggestion(r);
    },
    async decide(id, status, questionId, now) {
      const r = await db
        .update(suggestions)
        .set({ status, questionId, decidedAt: now })
        .where(and(eq(suggestions.id, id), eq(suggestions.status, 'pending')));
      return r.rowCount === 1;
    },
    async removeForMember(memberId) {
      await db.delete(suggestions).where(eq(suggestions.memberId, memberId));
    },
    async listByMember(memberId) {
      return (await db.select().from(suggestions).where(eq(suggestions.memberId, memberId)).orderBy(suggestions.id)).map(toSuggestion);
    },
  };
}

export function metaRepo(db: PgDb): MetaRepo {
  const startsWith = (prefix: string) => sql`starts_with(${meta.key}, ${prefix})`;
  return {
    async get(key) {
      const [r] = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, key));
      return r?.value;
    },
    async remove(key) {
      await db.delete(meta).where(eq(meta.key, key));
    },
    async entries(prefix) {
      const rows = await db.select({ key: meta.key, value: meta.value }).from(meta).where(startsWith(prefix));
      return rows.map((r): [string, string] => [r.key, r.value]);
    },
    async removePrefix(prefix) {
      await db.delete(meta).where(startsWith(prefix));
    },
    async set(key, value, now) {
      await db
        .insert(meta)
        .values({ key, value, updatedAt: now })
        .onConflictDoUpdate({ target: meta.key, set: { value, updatedAt: now } });
    },
    async claim(key, value, now) {
      // A concurrent claim of the same key waits here for the first one's commit, then inserts nothing.
      const rows = await db
        .insert(meta)
        .values({ key, value, updatedAt: now })
        .onConflictDoNothing({ target: meta.key })
        .returning({ key: meta.key });
      return rows.length > 0;
    },
  };
}

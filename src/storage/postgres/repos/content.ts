import { and, eq, inArray, isNull, notInArray, type SQL, sql } from 'drizzle-orm';
import type { ContentRepo } from '../../../core/store.js';
import type { Question } from '../../../core/types.js';
import type { PgDb } from '../db.js';
import { packs, questions, workspacePacks } from '../schema.js';
import { toQuestion, hashOf } from '../../rows.js';

/**
 * Parsed questions by id, shared by this process's transactions. Questions change only when packs
 * load (each instance loads them at start), so a per-process cache cannot disagree with another
 * instance for long; this process's content writes clear it, at the write and again if their
 * transaction rolls back.
 */
export class QuestionCache {
  readonly byId = new Map<string, Question>();
  clear(): void {
    this.byId.clear();
  }
}

type NewQuestion = Omit<Question, 'retiredAt' | 'packId'>;

export function contentRepo(db: PgDb, cache: QuestionCache, noteWrite: () => void): ContentRepo {
  const written = () => {
    cache.clear();
    noteWrite();
  };
  const upsert = async (packId: string, q: NewQuestion, hash: string, now: number) => {
    const values = {
      packId,
      type: q.type,
      category: q.category,
      difficulty: q.difficulty,
      tags: JSON.stringify(q.tags),
      prompt: q.prompt,
      body: JSON.stringify(q.body),
      hash,
      retiredAt: null,
      updatedAt: now,
    };
    await db
      .insert(questions)
      .values({ id: q.id, ...values })
      .onConflictDoUpdate({ target: questions.id, set: values });
  };
  /** Writes the questions that are new, changed or retired; one read for all of them. */
  const upsertAll = async (packId: string, qs: NewQuestion[], now: number) => {
    written();
    const found = new Map<string, { hash: string; retiredAt: number | null }>();
    for (let i = 0; i < qs.length; i += 1000) {
      const ids = qs.slice(i, i + 1000).map((q) => q.id);
      for (const r of await db
        .select({ id: questions.id, hash: questions.hash, retiredAt: questions.retiredAt })
        .from(questions)
        .where(inArray(questions.id, ids)))
        found.set(r.id, r);
    }
    let added = 0;
    let updated = 0;
    for (const q of qs) {
      const hash = hashOf(q);
      const was = found.get(q.id);
      if (was && was.hash === hash && was.retiredAt === null) continue;
      await upsert(packId, q, hash, now);
      if (was) updated++;
      else added++;
    }
    return { added, updated };
  };
  const ensurePack = async (
    p: { id: string; title: string; version: string; description: string; workspaceId?: number | null },
    now: number,
  ) => {
    const values = { title: p.title, version: p.version, description: p.description, workspaceId: p.workspaceId ?? null, loadedAt: now };
    await db
      .insert(packs)
      .values({ id: p.id, ...values })
      .onConflictDoUpdate({ target: packs.id, set: values });
  };
  const get = async (id: string): Promise<Question | undefined> => {
    const hit = cache.byId.get(id);
    if (hit) return hit;
    const [r] = await db.select().from(questions).where(eq(questions.id, id));
    if (!r) return undefined;
    const q = toQuestion(r);
    if (cache.byId.size > 5000) cache.clear();
    cache.byId.set(id, q);
    return q;
  };
  return {
    async loadPack({ pack, questions: qs }, now, opts = { retireMissing: true }) {
      await ensurePack(pack, now);
      const { added, updated } = await upsertAll(pack.id, qs, now);
      if (!opts.retireMissing) return { added, updated, retired: 0 };
      const ids = qs.map((q) => q.id);
      const retired = await db
        .update(questions)
        .set({ retiredAt: now })
        .where(and(eq(questions.packId, pack.id), isNull(questions.retiredAt), ids.length ? notInArray(questions.id, ids) : undefined));
      return { added, updated, retired: retired.rowCount ?? 0 };
    },
    async addQuestion(packId, q, now) {
      await upsertAll(packId, [q], now);
    },
    async ensurePack(p, now) {
      await ensurePack(p, now);
    },
    get,
    async listPacks(workspaceId) {
      const { rows } = await db.execute<{
        id: string;
        title: string;
        version: string;
        description: string;
        workspaceId: number | null;
        enabled: boolean;
        questionCount: number;
      }>(sql`
        SELECT p.id, p.title, p.version, p.description, p.workspace_id AS "workspaceId",
               COALESCE(wp.enabled, true) AS enabled,
               (SELECT count(*)::int FROM questions q WHERE q.pack_id = p.id AND q.retired_at IS NULL) AS "questionCount"
          FROM packs p LEFT JOIN workspace_packs wp ON wp.pack_id = p.id AND wp.workspace_id = ${workspaceId}
         WHERE p.workspace_id IS NULL OR p.workspace_id = ${workspaceId}
         ORDER BY p.workspace_id IS NOT NULL, p.id COLLATE "C"`);
      return rows.map((r) => ({ ...r }));
    },
    async setPackEnabled(workspaceId, packId, enabled) {
      await db
        .insert(workspacePacks)
        .values({ workspaceId, packId, enabled })
        .onConflictDoUpdate({ target: [workspacePacks.workspaceId, workspacePacks.packId], set: { enabled } });
    },
    async listEligible(workspaceId, filter) {
      // Ids only, then the parsed questions from the cache (every post and drill asks for the pool).
      const where: SQL[] = [
        sql`q.retired_at IS NULL`,
        sql`q.pack_id IN (SELECT p.id FROM packs p LEFT JOIN workspace_packs wp ON wp.pack_id = p.id AND wp.workspace_id = ${workspaceId}
              WHERE (p.workspace_id IS NULL OR p.workspace_id = ${workspaceId}) AND COALESCE(wp.enabled, true))`,
      ];
      if (filter.type) where.push(sql`q.type = ${filter.type}`);
      if (filter.categories?.length)
        where.push(
          sql`q.category IN (${sql.join(
            filter.categories.map((c) => sql`${c}`),
            sql`, `,
          )})`,
        );
      if (filter.difficulty) where.push(sql`q.difficulty = ${filter.difficulty}`);
      const { rows } = await db.execute<{ id: string }>(
        sql`SELECT q.id FROM questions q WHERE ${sql.join(where, sql` AND `)} ORDER BY q.id COLLATE "C"`,
      );
      const missing = rows.map((r) => r.id).filter((id) => !cache.byId.has(id));
      if (missing.length) {
        const loaded = await db.select().from(questions).where(inArray(questions.id, missing));
        if (cache.byId.size + loaded.length > 5000) cache.clear();
        for (const r of loaded) cache.byId.set(r.id, toQuestion(r));
      }
      const out: Question[] = [];
      for (const { id } of rows) {
        const q = cache.byId.get(id) ?? (await get(id));
        if (q) out.push(q);
      }
      return out;
    },
    async categories() {
      const rows = await db.selectDistinct({ c: questions.category }).from(questions).where(isNull(questions.retiredAt));
      // Sorted here by code unit, as SQLite's binary collation sorts, whatever the server's locale.
      return rows.map((r) => r.c).sort();
    },
  };
}

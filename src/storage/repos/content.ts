import type { Statement } from 'better-sqlite3';
import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { ContentRepo } from '../../core/store.js';
import type { Question } from '../../core/types.js';
import type { Db } from '../db.js';
import type { Sync } from '../sync-repos.js';
import { rowStatement } from '../row-statement.js';
import { packs, questions, workspacePacks } from '../schema/index.js';
import { toQuestion, hashOf } from '../rows.js';

export function contentRepo(db: Db): Sync<ContentRepo> {
  const byIdQuery = rowStatement(db, questions, 'id = ?');
  // Questions are read on every answer and vote but change only when packs load; this process's
  // writes clear the cache (content is loaded at each process's start).
  const cache = new Map<string, Question>();
  const eligibleStatements = new Map<string, Statement>();
  // Prepared once: a pack load upserts every question, and building each drizzle query per call
  // cost about as much as the YAML parse on a fresh database's first start.
  const hashStmt = db.$client.prepare('SELECT hash, retired_at AS retiredAt FROM questions WHERE id = ?');
  const upsertStmt = db.$client.prepare(
    `INSERT INTO questions (id, pack_id, type, category, difficulty, tags, prompt, body, hash, retired_at, updated_at)
     VALUES (@id, @packId, @type, @category, @difficulty, @tags, @prompt, @body, @hash, NULL, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET pack_id = excluded.pack_id, type = excluded.type, category = excluded.category,
       difficulty = excluded.difficulty, tags = excluded.tags, prompt = excluded.prompt, body = excluded.body,
       hash = excluded.hash, retired_at = NULL, updated_at = excluded.updated_at`,
  );
  const upsertQuestion = (packId: string, q: Omit<Question, 'retiredAt' | 'packId'>, now: number): 'added' | 'updated' | 'same' => {
    cache.clear();
    const hash = hashOf(q);
    const found = hashStmt.get(q.id) as { hash: string; retiredAt: number | null } | undefined;
    if (found && found.hash === hash && found.retiredAt === null) return 'same';
    upsertStmt.run({
      id: q.id,
      packId,
      type: q.type,
      category: q.category,
      difficulty: q.difficulty,
      tags: JSON.stringify(q.tags),
      prompt: q.prompt,
      body: JSON.stringify(q.body),
      hash,
      updatedAt: now,
    });
    return found ? 'updated' : 'added';
  };
  const ensurePack = (p: { id: string; title: string; version: string; description: string; workspaceId?: number | null }, now: number) => {
    const values = { title: p.title, version: p.version, description: p.description, workspaceId: p.workspaceId ?? null, loadedAt: now };
    db.insert(packs)
      .values({ id: p.id, ...values })
      .onConflictDoUpdate({ target: packs.id, set: values })
      .run();
  };
  return {
    loadPack({ pack, questions: qs }, now, opts = { retireMissing: true }) {
      return db.transaction(
        () => {
          ensurePack(pack, now);
          let added = 0;
          let updated = 0;
          for (const q of qs) {
            const r = upsertQuestion(pack.id, q, now);
            if (r === 'added') added++;
            else if (r === 'updated') updated++;
          }
          const ids = qs.map((q) => q.id);
          if (!opts.retireMissing) return { added, updated, retired: 0 };
          cache.clear();
          const retired = db
            .update(questions)
            .set({ retiredAt: now })
            .where(and(eq(questions.packId, pack.id), isNull(questions.retiredAt), ids.length ? notInArray(questions.id, ids) : sql`1=1`))
            .run().changes;
          return { added, updated, retired };
        },
        { behavior: 'immediate' },
      );
    },
    addQuestion(packId, q, now) {
      upsertQuestion(packId, q, now);
    },
    ensurePack(p, now) {
      ensurePack(p, now);
    },
    get(id) {
      const hit = cache.get(id);
      if (hit) return hit;
      const r = byIdQuery.get(id);
      if (!r) return undefined;
      const q = toQuestion(r);
      if (cache.size > 5000) cache.clear();
      cache.set(id, q);
      return q;
    },
    listPacks(workspaceId) {
      const rows = db.$client
        .prepare(
          `SELECT p.id, p.title, p.version, p.description, p.workspace_id AS workspaceId,
                  COALESCE(wp.enabled, 1) AS enabled,
                  (SELECT COUNT(*) FROM questions q WHERE q.pack_id = p.id AND q.retired_at IS NULL) AS questionCount
             FROM packs p LEFT JOIN workspace_packs wp ON wp.pack_id = p.id AND wp.workspace_id = ?
            WHERE p.workspace_id IS NULL OR p.workspace_id = ?
            ORDER BY p.workspace_id IS NOT NULL, p.id`,
        )
        .all(workspaceId, workspaceId) as {
        id: string;
        title: string;
        version: string;
        description: string;
        workspaceId: number | null;
        enabled: number;
        questionCount: number;
      }[];
      return rows.map((r) => ({ ...r, enabled: r.enabled === 1 }));
    },
    setPackEnabled(workspaceId, packId, enabled) {
      db.insert(workspacePacks)
        .values({ workspaceId, packId, enabled })
        .onConflictDoUpdate({ target: [workspacePacks.workspaceId, workspacePacks.packId], set: { enabled } })
        .run();
    },
    listEligible(workspaceId, filter) {
      // Ids only, then the parsed questions from the cache: every scheduled post and drill asks for
      // the pool, and building, preparing and parsing the whole pool per call cost ~1 ms a post.
      const where = [
        'q.retired_at IS NULL',
        `q.pack_id IN (SELECT p.id FROM packs p LEFT JOIN workspace_packs wp ON wp.pack_id = p.id AND wp.workspace_id = @ws
           WHERE (p.workspace_id IS NULL OR p.workspace_id = @ws) AND COALESCE(wp.enabled, 1) = 1)`,
      ];
      const params: Record<string, string | number> = { ws: workspaceId };
      if (filter.type) {
        where.push('q.type = @type');
        params.type = filter.type;
      }
      if (filter.categories?.length) {
        where.push(`q.category IN (${filter.categories.map((_, i) => `@c${i}`).join(', ')})`);
        filter.categories.forEach((c, i) => (params[`c${i}`] = c));
      }
      if (filter.difficulty) {
        where.push('q.difficulty = @difficulty');
        params.difficulty = filter.difficulty;
      }
      const text = `SELECT q.id FROM questions q WHERE ${where.join(' AND ')} ORDER BY q.id`;
      // The text varies only with which filters are set and how many categories: a handful of statements.
      let stmt = eligibleStatements.get(text);
      if (!stmt) {
        stmt = db.$client.prepare(text).pluck();
        eligibleStatements.set(text, stmt);
      }
      return (stmt.all(params) as string[]).flatMap((id) => this.get(id) ?? []);
    },
    categories() {
      return db
        .selectDistinct({ c: questions.category })
        .from(questions)
        .where(isNull(questions.retiredAt))
        .orderBy(questions.category)
        .all()
        .map((r) => r.c);
    },
  };
}

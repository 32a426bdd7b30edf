import type { Random } from './ports.js';
import type { Question } from './types.js';

const pickOne = <T>(items: readonly T[], random: Random): T => items[Math.floor(random.next() * items.length)]!;

/**
 * Chooses the next daily question from `pool`: never one the channel has used until every
 * question in the pool has been used, then the longest-unused ones (never the latest again);
 * categories rotate by choosing the one whose last use is oldest.
 */
export function chooseQuestion(pool: Question[], use: { questionId: string; lastAt: number }[], random: Random): Question | undefined {
  if (!pool.length) return undefined;
  const lastAt = new Map(use.map((u) => [u.questionId, u.lastAt]));
  let candidates = pool.filter((q) => !lastAt.has(q.id));
  if (!candidates.length) {
    const byAge = [...pool].sort((a, b) => lastAt.get(a.id)! - lastAt.get(b.id)! || a.id.localeCompare(b.id));
    const latest = byAge.at(-1)!;
    candidates = byAge.slice(0, Math.max(1, Math.ceil(byAge.length / 4))).filter((q) => pool.length === 1 || q.id !== latest.id);
  }
  const categoryLast = new Map<string, number>();
  for (const q of pool) {
    const t = lastAt.get(q.id);
    if (t !== undefined) categoryLast.set(q.category, Math.max(categoryLast.get(q.category) ?? -Infinity, t));
  }
  const categories = [...new Set(candidates.map((q) => q.category))].sort();
  const oldest = Math.min(...categories.map((c) => categoryLast.get(c) ?? -Infinity));
  const category = pickOne(
    categories.filter((c) => (categoryLast.get(c) ?? -Infinity) === oldest),
    random,
  );
  return pickOne(
    candidates.filter((q) => q.category === category),
    random,
  );
}

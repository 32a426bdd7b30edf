import type { Random } from '../ports.js';
import type { Question } from '../types.js';

/**
 * Picks a new quiz question, weighting categories toward the member's weakest: a category's
 * weight is 1 + 2 × its error rate (untried categories count as half wrong).
 */
export function pickWeighted(
  pool: Question[],
  accuracy: { category: string; answered: number; correct: number }[],
  random: Random,
): Question | undefined {
  if (!pool.length) return undefined;
  const byCategory = new Map<string, Question[]>();
  for (const q of pool) byCategory.set(q.category, [...(byCategory.get(q.category) ?? []), q]);
  const acc = new Map(accuracy.map((a) => [a.category, a]));
  const categories = [...byCategory.keys()].sort();
  const weights = categories.map((c) => {
    const a = acc.get(c);
    const errorRate = a?.answered ? 1 - a.correct / a.answered : 0.5;
    return 1 + 2 * errorRate;
  });
  let r = random.next() * weights.reduce((s, w) => s + w, 0);
  let chosen = categories.at(-1)!;
  for (let i = 0; i < categories.length; i++) {
    r -= weights[i]!;
    if (r < 0) {
      chosen = categories[i]!;
      break;
    }
  }
  const qs = byCategory.get(chosen)!;
  return qs[Math.floor(random.next() * qs.length)];
}

/** A Fisher–Yates shuffle of 0..n-1 driven by the injected randomness. */
export function shuffledIndexes(n: number, random: Random): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];

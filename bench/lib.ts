import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const tmpFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'dojo-bench-')), name);

/** Percentile of a numeric sample (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

export interface Row {
  row: string;
  metric: string;
  dojo: number;
  baseline: number;
  unit: string;
  ratio: number;
  target: string;
  met: boolean;
  notes?: string;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRef, type Store, type Workspace } from '../src/core/index.js';

const made: string[] = [];
// Each run writes databases of tens of megabytes; none outlives the process that made it.
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A path in a fresh temporary directory, removed when this process exits. */
export function tmpFile(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dojo-bench-'));
  made.push(dir);
  return join(dir, name);
}

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

/** The one workspace a bench fills with members and points (default settings, UTC). */
export function benchWorkspace(store: Store, now: number): Promise<Workspace> {
  return store.tx((r) =>
    r.workspaces.ensure({
      platform: 'bench',
      ref: workspaceRef('T'),
      name: 'bench',
      timezone: 'UTC',
      settings: { admins: [], points: undefined as never, drillPoints: false },
      now,
    }),
  );
}

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { integrityCheckRow } from './integrity-check.js';
import { round, type Row } from './lib.js';
import { measureStart, transpile } from './startup.js';

/** Bare `node -e 0` start, the floor any Node process pays on this machine. */
function bareNode(): Promise<number> {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    spawn(process.execPath, ['-e', '0']).on('exit', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
  });
}

/** Resident memory of an idle bare Node process (a timer keeps it alive) after a second. */
function bareIdleRssMb(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)']);
    setTimeout(() => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      child.kill('SIGKILL');
      resolve(m ? round(Number(m[1]) / 1024, 1) : NaN);
    }, 1_000);
  });
}

export async function startupRows(extra: { slack?: () => Promise<{ readyMs: number; idleRssMb: number }> } = {}): Promise<Row[]> {
  transpile();
  const floor = await bareNode();
  const bareRss = await bareIdleRssMb();
  await measureStart({ LOG_LEVEL: 'warn' }, /Interview Dojo playground/, 'stdout');
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await measureStart({ LOG_LEVEL: 'warn' }, /Interview Dojo playground/, 'stdout'));
  runs.sort((a, b) => a.readyMs - b.readyMs);
  const pg = runs[1]!;
  const rows: Row[] = [
    {
      row: '5. Start-up',
      metric: 'playground: process start → ready (median of 3, fresh database)',
      dojo: pg.readyMs,
      baseline: round(floor, 0),
      unit: 'ms',
      ratio: round(pg.readyMs / floor, 1),
      target: 'ready < 1 s',
      met: pg.readyMs < 1000,
      notes: 'baseline: bare node -e 0',
    },
    {
      row: '5. Footprint',
      metric: 'playground: resident memory at idle',
      dojo: pg.idleRssMb,
      baseline: bareRss,
      unit: 'MB',
      ratio: round(pg.idleRssMb / bareRss, 1),
      target: 'idle RSS < 120 MB',
      met: pg.idleRssMb < 120,
      notes: 'baseline: an idle bare node process',
    },
  ];
  if (extra.slack) {
    const s = await extra.slack();
    rows.push(
      {
        row: '5. Start-up',
        metric: 'Slack HTTP mode: process start → "slack ready"',
        dojo: s.readyMs,
        baseline: round(floor, 0),
        unit: 'ms',
        ratio: round(s.readyMs / floor, 1),
        target: 'ready < 1 s',
        met: s.readyMs < 1000,
      },
      {
        row: '5. Footprint',
        metric: 'Slack HTTP mode: resident memory at idle',
        dojo: s.idleRssMb,
        baseline: bareRss,
        unit: 'MB',
        ratio: round(s.idleRssMb / bareRss, 1),
        target: 'idle RSS < 120 MB',
        met: s.idleRssMb < 120,
        notes: 'baseline: an idle bare node process',
      },
    );
  }
  // What the damaged-file check adds to a start on a large database (the runs above include it on a fresh one).
  rows.push(integrityCheckRow());
  return rows;
}

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dashboardRows } from './dashboard.js';
import { leaderboardRow } from './leaderboard.js';
import { memoryGrowthRow } from './memory-growth.js';
import { round, type Row } from './lib.js';
import { measureSlackStart, platformRows } from './platform-rows.js';
import { postgresRows } from './postgres-rows.js';
import { startupRows } from './startup-rows.js';
import { voteIngestionRow } from './vote-ingestion.js';

const SETTLE_MS = 2_000;

/**
 * `npm run bench`: every row pairs the bot with a baseline measured in the same run, because
 * absolute figures drift between machines; prints a markdown table and writes bench/results.json.
 */
async function main() {
  const started = Date.now();
  const rows: Row[] = [];
  const step = async (name: string, fn: () => Row | Row[] | Promise<Row | Row[]>) => {
    // The rows before leave gigabytes of dirty pages (row 2's and row 5's databases) that the
    // kernel writes back in the background, stalling the next row's syncs: flush them and let the
    // disk settle first, so each row is measured on a quiet machine.
    execFileSync('sync');
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    process.stderr.write(`bench: ${name}…\n`);
    const r = await fn();
    rows.push(...(Array.isArray(r) ? r : [r]));
  };
  await step('vote ingestion', () => voteIngestionRow());
  await step('leaderboard', () => leaderboardRow());
  for (const [name, fn] of platformRows()) await step(name, fn);
  await step('start-up and footprint', () => startupRows({ slack: measureSlackStart }));
  await step('PostgreSQL vote path and leaderboard', () => postgresRows());
  await step('dashboard pages (row 8)', () => dashboardRows());
  await step('memory under load (row 9)', () => memoryGrowthRow());
  // Rows in issue order (row 3 also reports a footprint figure for row 5).
  const rowNumber = (r: Row) => Number.parseInt(r.row, 10);
  rows.sort((a, b) => rowNumber(a) - rowNumber(b));

  const table = [
    '| Row | Measure | Interview Dojo | Baseline | Ratio | Target | Met |',
    '|---|---|---:|---:|---:|---|:---:|',
    ...rows.map(
      (r) =>
        `| ${r.row} | ${r.metric}${r.notes ? ` (${r.notes})` : ''} | ${r.dojo} ${r.unit} | ${r.baseline} ${r.unit} | ${r.ratio} | ${r.target} | ${r.met ? '✅' : '❌'} |`,
    ),
  ].join('\n');
  console.log(table);
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memGb: round(totalmem() / 2 ** 30, 1), node: process.version };
  writeFileSync(
    new URL('./results.json', import.meta.url),
    `${JSON.stringify({ at: new Date().toISOString(), seconds: round((Date.now() - started) / 1000, 1), machine, rows }, null, 2)}\n`,
  );
  process.stderr.write(`bench: done in ${round((Date.now() - started) / 1000, 1)} s; wrote bench/results.json\n`);
}

await main();

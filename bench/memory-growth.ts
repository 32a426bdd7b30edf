import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/fakes/slack-harness.js';
import { waitFor } from '../test/support/wait-for.js';
import type { ServerReport } from './bare-bolt.js';
import { round, tmpFile, type Row } from './lib.js';
import type { LoadResult } from './load-client.js';
import { benchSlack, Child, load, prepare, readUsage, writeBodies } from './slack-ack.js';

/**
 * Row 9: memory under load. The real app in Slack HTTP mode and a bare Bolt app each take the
 * same 20,000 signed requests (half reaction_added votes from 700 members new to the bot, half
 * `/dojo top`) at 200 concurrent connections, the shape of an outside load that once left the
 * app 200 MB larger; the row is resident memory after the load (once the work behind the acks is
 * done) minus resident memory at idle before it. BENCH_HEAP_DIR=<dir> also writes a V8 heap
 * snapshot of the app at idle and after the load there, to compare in Chrome DevTools.
 */

const AUTHORS = 20;
const VOTERS = 700;
const REQUESTS = 20_000;
const CONNECTIONS = 200;
const SETTLE_MS = 2_000;
const MB = 2 ** 20;

const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

async function snapshot(server: Child, dir: string | undefined, name: string): Promise<void> {
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  server.send({ kind: 'snapshot', file: join(dir, name) });
  await server.next('snapshot', 120_000);
}

/** Idle RSS, the load, the work behind it, RSS again; the growth in MB and the load's result. */
async function growth(server: Child, client: Child, port: number, drain: () => Promise<void>, heapDir?: string) {
  await settle();
  const idle = await readUsage(server);
  await snapshot(server, heapDir, 'idle.heapsnapshot');
  // With BENCH_HEAP_DIR, one more snapshot in the middle of the load shows what is held at the peak.
  const mid = heapDir ? new Promise((r) => setTimeout(r, 4_000)).then(() => snapshot(server, heapDir, 'mid-load.heapsnapshot')) : undefined;
  const result: LoadResult = await load(client, {
    url: `http://127.0.0.1:${port}/slack/events`,
    from: 0,
    count: REQUESTS,
    connections: CONNECTIONS,
    timeoutSec: 30,
  });
  await mid;
  await drain();
  await settle();
  const after = await readUsage(server);
  await snapshot(server, heapDir, 'after-load.heapsnapshot');
  return {
    idleMb: idle.rss / MB,
    afterMb: after.rss / MB,
    growthMb: (after.rss - idle.rss) / MB,
    heapGrowthMb: (after.heapUsed - idle.heapUsed) / MB,
    heapTotalGrowthMb: (after.heapTotal - idle.heapTotal) / MB,
    externalGrowthMb: (after.external - idle.external) / MB,
    result,
  };
}

export async function memoryGrowthRow(): Promise<Row> {
  const { fake, authors, voters } = await benchSlack(AUTHORS, VOTERS);
  const children: Child[] = [];
  const start = (script: string, args: string[], env: Record<string, string>) => {
    const c = Child.start(script, args, env);
    children.push(c);
    return c;
  };
  try {
    const dbPath = tmpFile('memory.sqlite');
    const dojo = start('./slack-ack.ts', ['serve'], { BENCH_DB: dbPath, BENCH_API_URL: fake.apiUrl, LOG_LEVEL: 'info' });
    const dojoPort = (await dojo.next<Extract<ServerReport, { kind: 'ready' }>>('ready')).port;
    const answers = await prepare(fake, dojoPort, authors);
    const bodies = writeBodies(fake, voters, answers, REQUESTS);
    const client = start('./load-client.ts', [bodies.file], { BENCH_SIGNING_SECRET: SIGNING_SECRET });
    await client.next('ready');
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const votes = () => db.prepare('SELECT count(*) FROM votes WHERE retracted_at IS NULL').pluck().get() as number;
    const d = await growth(
      dojo,
      client,
      dojoPort,
      async () => void (await waitFor(() => votes() >= bodies.reactions, 'votes stored', 120_000)),
      process.env.BENCH_HEAP_DIR,
    );
    const stored = votes();
    db.close();
    await dojo.stop();

    const bare = start('./bare-bolt.ts', [], { BENCH_TOKEN: BOT_TOKEN, BENCH_SIGNING_SECRET: SIGNING_SECRET, BENCH_API_URL: fake.apiUrl });
    const barePort = (await bare.next<Extract<ServerReport, { kind: 'ready' }>>('ready')).port;
    const b = await growth(bare, client, barePort, async () => undefined);
    await bare.stop();
    await client.stop({ kind: 'exit' });

    const problems: string[] = [];
    if (stored !== bodies.reactions) problems.push(`${stored} votes stored for ${bodies.reactions} reactions`);
    for (const [who, l] of [['bot', d.result] as const, ['bare', b.result] as const])
      if (l.non2xx || l.errors || l.timeouts) problems.push(`${who}: ${l.non2xx} non-2xx, ${l.errors} errors, ${l.timeouts} timeouts`);
    return {
      row: '9. Memory under load',
      metric: `Slack HTTP app: resident memory after ${REQUESTS.toLocaleString('en-US')} requests (half votes from ${VOTERS} new members, half /dojo top; c=${CONNECTIONS}) minus idle`,
      dojo: round(d.growthMb, 1),
      baseline: round(b.growthMb, 1),
      unit: 'MB',
      ratio: round(d.growthMb / Math.max(b.growthMb, 1), 1),
      target: 'growth < 60 MB',
      met: d.growthMb < 60 && !problems.length,
      notes: `idle ${round(d.idleMb, 0)} → ${round(d.afterMb, 0)} MB (JS heap used +${round(d.heapGrowthMb, 1)}, reserved +${round(d.heapTotalGrowthMb, 1)}, external +${round(d.externalGrowthMb, 1)} MB) vs bare Bolt ${round(b.idleMb, 0)} → ${round(b.afterMb, 0)} MB; ${round(d.result.rps, 0)} vs ${round(b.result.rps, 0)} requests/s${problems.length ? `; problems: ${problems.join('; ')}` : ''}`,
    };
  } finally {
    for (const c of children) await c.stop().catch(() => undefined);
    await fake.close();
  }
}

// `npx tsx bench/memory-growth.ts`: this row alone.
if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await memoryGrowthRow(), null, 1));

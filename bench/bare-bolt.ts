import type { Server } from 'node:http';
import { writeHeapSnapshot } from 'node:v8';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';

/**
 * The row 3 baseline: a bare Bolt 5 app in HTTP mode (the default HTTPReceiver) with the same
 * token, signing secret and Web API base as the bot, whose listeners only acknowledge. It runs
 * as its own child process (`node --import tsx bench/bare-bolt.ts`) like the server under test.
 */

/** What a server child reports to the bench over IPC. */
export type ServerReport =
  | { kind: 'ready'; port: number }
  | { kind: 'usage'; user: number; system: number; rss: number; heapUsed: number; heapTotal: number; external: number };

/**
 * The IPC side of a server child: answers `usage` with its own CPU time (process.cpuUsage,
 * microseconds) and memory, and runs `stop` then exits on `stop` or when the bench goes away.
 */
export function serveControl(port: number, stop: () => Promise<void>): void {
  const send = (m: ServerReport) => process.send?.(m);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    stop().finally(() => process.exit(0));
  };
  process.on('message', (m: { kind: string }) => {
    if (m.kind === 'usage') {
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      send({
        kind: 'usage',
        user: cpu.user,
        system: cpu.system,
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        heapTotal: mem.heapTotal,
        external: mem.external,
      });
    } else if (m.kind === 'snapshot') {
      // A V8 heap snapshot for finding what grows (bench/memory-growth.ts with BENCH_HEAP_DIR).
      const file = writeHeapSnapshot((m as { kind: string; file: string }).file);
      process.send?.({ kind: 'snapshot', file });
    } else if (m.kind === 'stop') shutdown();
  });
  process.on('disconnect', shutdown);
  send({ kind: 'ready', port });
}

export async function startBareBolt(opts: {
  token: string;
  signingSecret: string;
  apiUrl: string;
}): Promise<{ port: number; stop(): Promise<void> }> {
  const app = new App({ token: opts.token, signingSecret: opts.signingSecret, clientOptions: { slackApiUrl: opts.apiUrl } });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  app.view({ type: 'view_submission', callback_id: /.*/ }, async ({ ack }) => {
    await ack();
  });
  // Events API deliveries are acknowledged by Bolt before the listener runs.
  app.event(/.*/, async () => undefined);
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  return { port: (server.address() as AddressInfo).port, stop: () => app.stop().then(() => undefined) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { BENCH_TOKEN, BENCH_SIGNING_SECRET, BENCH_API_URL } = process.env;
  if (!BENCH_TOKEN || !BENCH_SIGNING_SECRET || !BENCH_API_URL)
    throw new Error('BENCH_TOKEN, BENCH_SIGNING_SECRET and BENCH_API_URL are required');
  const bare = await startBareBolt({ token: BENCH_TOKEN, signingSecret: BENCH_SIGNING_SECRET, apiUrl: BENCH_API_URL });
  serveControl(bare.port, bare.stop);
}

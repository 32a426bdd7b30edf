import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { slackSignature } from '../test/fakes/slack-signing.js';

/**
 * The load generator, run as its own child process (`node --import tsx bench/load-client.ts`)
 * so its CPU is not charged to the server under test. The parent drives it over IPC:
 *
 *   parent → { kind: 'run', url, from, count, connections }   send bodies[from … from+count)
 *   client → { kind: 'result', … }                             latencies and rate of that run
 *   parent → { kind: 'exit' }
 *
 * Bodies come from a JSON-lines file of `[contentType, body]` written by the parent (which owns
 * the fake Slack that issued their response_urls). Each request is signed when it is sent, with
 * the current timestamp, as Slack does, so no signature can go stale during a run.
 */

export interface LoadRun {
  kind: 'run';
  url: string;
  from: number;
  count: number;
  connections: number;
  /** Per-request timeout in seconds (autocannon counts a timeout as an error). */
  timeoutSec?: number;
}

export interface LoadResult {
  kind: 'result';
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Bodies consumed by this run (equals `requests` when nothing was lost to a broken connection). */
  bodiesUsed: number;
}

/** The part of autocannon 8's programmatic API used here (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'done', fn: (r: AutocannonResult) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
}
type Autocannon = (opts: Record<string, unknown>, cb?: (err: Error | null, r: AutocannonResult) => void) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const nearestRank = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

function runOnce(bodies: [string, string][], secret: string, run: LoadRun): Promise<LoadResult> {
  const latencies = new Float64Array(run.count);
  let n = 0;
  let next = run.from;
  const end = run.from + run.count;
  let non2xx = 0;
  const url = new URL(run.url);
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const instance = autocannon(
      {
        url: url.origin,
        connections: run.connections,
        pipelining: 1,
        amount: run.count,
        timeout: run.timeoutSec ?? 10,
        requests: [
          {
            method: 'POST',
            path: url.pathname,
            setupRequest(req: AutocannonRequest) {
              // autocannon calls this once per request sent; wrap around only if a lost connection re-sent one.
              const [type, body] = bodies[next < end ? next : run.from]!;
              next++;
              const ts = Math.floor(Date.now() / 1000);
              return {
                ...req,
                body,
                headers: {
                  'content-type': type,
                  'x-slack-request-timestamp': String(ts),
                  'x-slack-signature': slackSignature(secret, body, ts),
                },
              };
            },
          },
        ],
      },
      (err) => {
        if (err) reject(err);
      },
    );
    let last = t0;
    instance.on('response', (_c, status, _b, ms) => {
      if (n < latencies.length) latencies[n++] = ms;
      if (status < 200 || status >= 300) non2xx++;
      last = process.hrtime.bigint();
    });
    instance.on('done', (r) => {
      // From the start to the last response: autocannon itself only notices the end on its 1-second tick.
      const seconds = Number(last - t0) / 1e9;
      const sorted = latencies.subarray(0, n).sort();
      resolve({
        kind: 'result',
        requests: n,
        seconds,
        rps: n / seconds,
        p50: nearestRank(sorted, 50),
        p99: nearestRank(sorted, 99),
        max: sorted[n - 1] ?? NaN,
        non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        bodiesUsed: next - run.from,
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [bodiesFile, secret] = [process.argv[2], process.env.BENCH_SIGNING_SECRET];
  if (!bodiesFile || !secret || !process.send) {
    process.stderr.write('usage: BENCH_SIGNING_SECRET=… node --import tsx bench/load-client.ts <bodies.jsonl> (with an IPC channel)\n');
    process.exit(2);
  }
  const bodies = readFileSync(bodiesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as [string, string]);
  process.on('message', (m: LoadRun | { kind: 'exit' }) => {
    if (m.kind === 'exit') return process.disconnect();
    runOnce(bodies, secret, m).then(
      (r) => process.send!(r),
      (err: unknown) => process.send!({ kind: 'error', error: String(err) }),
    );
  });
  process.send({ kind: 'ready', bodies: bodies.length });
}

import { createRequire } from 'node:module';
import type * as Prom from 'prom-client';
import type { Observer, Store } from '../core/index.js';

// prom-client's own modules rather than its index, which also loads its cluster and push-gateway
// code and, for the CPU metric's trace exemplars, @opentelemetry/api: about 40 ms and 10 MB of
// every start for nothing this bot uses. The CPU counters are below instead.
const load = createRequire(import.meta.url);
const Registry = load('prom-client/lib/registry') as typeof Prom.Registry;
const Counter = load('prom-client/lib/counter') as typeof Prom.Counter;
const Gauge = load('prom-client/lib/gauge') as typeof Prom.Gauge;
const Histogram = load('prom-client/lib/histogram') as typeof Prom.Histogram;
const PROCESS_METRICS = [
  'processStartTime',
  'osMemoryHeap',
  'processOpenFileDescriptors',
  'processMaxFileDescriptors',
  'eventLoopLag',
  'processResources',
  'processHandles',
  'processRequests',
  'heapSizeAndUsed',
  'heapSpacesSizeAndUsed',
  'version',
  'gc',
];

/** prom-client's default process metrics, and the CPU time counters without the exemplar machinery. */
function collectProcessMetrics(registry: Prom.Registry): void {
  for (const name of PROCESS_METRICS) (load(`prom-client/lib/metrics/${name}`) as (r: Prom.Registry, c: object) => void)(registry, {});
  let last = process.cpuUsage();
  // The first of the three to be collected brings all three up to date, as prom-client's own does.
  new Counter({
    name: 'process_cpu_user_seconds_total',
    help: 'Total user CPU time spent in seconds.',
    registers: [registry],
    collect() {
      const now = process.cpuUsage();
      this.inc((now.user - last.user) / 1e6);
      system.inc((now.system - last.system) / 1e6);
      total.inc((now.user - last.user + now.system - last.system) / 1e6);
      last = now;
    },
  });
  const system = new Counter({
    name: 'process_cpu_system_seconds_total',
    help: 'Total system CPU time spent in seconds.',
    registers: [registry],
  });
  const total = new Counter({
    name: 'process_cpu_seconds_total',
    help: 'Total user and system CPU time spent in seconds.',
    registers: [registry],
  });
}

/** Seconds; Slack and Discord give up on an acknowledgement after 3 s. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
const TX_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * The process's Prometheus metrics. Labels are platform names, event kinds, API endpoints without
 * ids, HTTP statuses and engine names: a fixed, small set, and never member data or tokens.
 */
export interface Metrics {
  registry: Prom.Registry;
  /** Feeds the core's and the adapters' counts into the metrics below. */
  observer: Observer;
  /** The store with each transaction timed; `pending` reads the outbox backlog from it at scrape time. */
  timed(store: Store, engine: 'sqlite' | 'postgres'): Store;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectProcessMetrics(registry);
  const deliveries = new Counter({
    name: 'dojo_deliveries_total',
    help: 'Platform deliveries that reached the core, by platform, event kind and outcome (handled, duplicate, refused, accepted, failed).',
    labelNames: ['platform', 'kind', 'outcome'],
    registers: [registry],
  });
  const ack = new Histogram({
    name: 'dojo_ack_seconds',
    help: 'Time from receiving a delivery to acknowledging it to the platform, by platform and event kind.',
    labelNames: ['platform', 'kind'],
    buckets: ACK_BUCKETS,
    registers: [registry],
  });
  const calls = new Counter({
    name: 'dojo_platform_calls_total',
    help: 'HTTP calls to the Slack Web API and the Discord REST API, by endpoint and HTTP status (429: rate limited; each retry counts).',
    labelNames: ['platform', 'method', 'status'],
    registers: [registry],
  });
  const scheduler = new Counter({
    name: 'dojo_scheduler_total',
    help: 'Scheduler decisions: slots due, rounds posted by this instance, rounds closed, challenges ended.',
    labelNames: ['event'],
    registers: [registry],
  });
  const outbox = new Counter({
    name: 'dojo_outbox_total',
    help: 'Outbound messages sent, retried, given up, dropped, or taken over after another sender’s lease ran out, by message kind.',
    labelNames: ['event', 'kind'],
    registers: [registry],
  });
  const tx = new Histogram({
    name: 'dojo_db_transaction_seconds',
    help: 'Database transaction time, from the call to its commit or rollback (queueing included).',
    labelNames: ['engine', 'result'],
    buckets: TX_BUCKETS,
    registers: [registry],
  });
  let stores: Store[] = [];
  new Gauge({
    name: 'dojo_outbox_pending',
    help: 'Messages in the outbox not yet sent (due or waiting for a retry), read from the database at scrape time.',
    registers: [registry],
    async collect() {
      const store = stores[0];
      if (!store) return;
      try {
        this.set(await store.tx((db) => db.outbox.countPending()));
      } catch {
        // An unreachable database shows in /readyz; the gauge keeps its last value.
      }
    },
  });
  const observer: Observer = {
    delivery: (platform, kind, outcome) => deliveries.inc({ platform, kind, outcome }),
    acked: (platform, kind, seconds) => ack.observe({ platform, kind }, seconds),
    call: (platform, method, status) => calls.inc({ platform, method, status }),
    scheduled: (event, n) => n > 0 && scheduler.inc({ event }, n),
    outbox: (event, kind) => outbox.inc({ event, kind }),
  };
  return {
    registry,
    observer,
    timed(store, engine) {
      stores = [store];
      return {
        async tx(fn) {
          const end = tx.startTimer({ engine });
          try {
            const out = await store.tx(fn);
            end({ result: 'commit' });
            return out;
          } catch (err) {
            end({ result: 'rollback' });
            throw err;
          }
        },
        close: () => store.close(),
      };
    },
  };
}

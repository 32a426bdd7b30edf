import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Observer, Store } from '../core/index.js';

/** Seconds; Slack and Discord give up on an acknowledgement after 3 s. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
const TX_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * The process's Prometheus metrics. Labels are platform names, event kinds, API endpoints without
 * ids, HTTP statuses and engine names: a fixed, small set, and never member data or tokens.
 */
export interface Metrics {
  registry: Registry;
  /** Feeds the core's and the adapters' counts into the metrics below. */
  observer: Observer;
  /** The store with each transaction timed; `pending` reads the outbox backlog from it at scrape time. */
  timed(store: Store, engine: 'sqlite' | 'postgres'): Store;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
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

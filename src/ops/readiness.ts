import type { Store } from '../core/index.js';

// A database that cannot read one row in this long cannot take deliveries either.
const DB_ANSWER_MS = 1_000;

/** One thing the instance needs before it can take traffic; `undefined` when fine, else why not. */
export type ReadinessCheck = () => string | undefined;

/**
 * Whether this instance can take traffic: the database answers, its migrations are applied, every
 * configured adapter is connected, and it is not shutting down. A load balancer polls `/readyz`
 * and drains the instance as soon as any of these fails.
 */
export class Readiness {
  private store: Store | undefined;
  private shuttingDown = false;
  private readonly checks = new Map<string, ReadinessCheck>();

  /** The store, once opened with its migrations applied; until then the instance is not ready. */
  storeReady(store: Store): void {
    this.store = store;
  }

  /** Adds (or replaces) a named check, e.g. one per adapter. */
  require(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** From now on the instance reports not ready, so the load balancer stops sending before it stops accepting. */
  shutdown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Every reason the instance is not ready now (empty: ready). */
  async reasons(): Promise<string[]> {
    const reasons: string[] = [];
    if (this.shuttingDown) reasons.push('shutting down');
    if (!this.store) reasons.push('database: migrations not applied yet');
    else {
      const problem = await answers(this.store);
      if (problem) reasons.push(`database: ${problem}`);
    }
    for (const [name, check] of this.checks) {
      const problem = check();
      if (problem) reasons.push(`${name}: ${problem}`);
    }
    return reasons;
  }
}

/** Reads one row; says why not when the database fails or does not answer in time. */
async function answers(store: Store): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${DB_ANSWER_MS} ms`), DB_ANSWER_MS);
  });
  const read = store
    .tx((db) => db.meta.get('readiness-probe'))
    .then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

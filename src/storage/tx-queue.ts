import type Database from 'better-sqlite3';

interface Unit {
  fn: () => Promise<unknown>;
  resolve(out: unknown): void;
  reject(err: unknown): void;
}

type Outcome = { ok: true; out: unknown } | { ok: false; err: unknown };

// Bounds how long one commit makes its first unit wait.
const MAX_BATCH = 256;

/**
 * Runs async transactions on one SQLite connection, one at a time. Units queued in the same
 * turn of the event loop (concurrent deliveries) run inside one immediate transaction, each in
 * its own savepoint: a unit that throws takes back only its own writes and rejects only its own
 * promise, and the group costs one commit instead of one each. Every promise settles after the
 * commit, so a caller told "done" has its work on disk. A unit must await only this
 * connection's statements: while it runs, every other unit waits.
 */
export class TxQueue {
  private queue: Unit[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;

  constructor(
    private readonly client: Database.Database,
    private readonly onRollback: () => void,
  ) {
    this.begin = client.prepare('BEGIN IMMEDIATE');
    this.commit = client.prepare('COMMIT');
    this.rollback = client.prepare('ROLLBACK');
    this.savepoint = client.prepare('SAVEPOINT unit');
    this.release = client.prepare('RELEASE unit');
    this.rollbackTo = client.prepare('ROLLBACK TO unit');
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the database is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (out: unknown) => void, reject });
      this.draining ??= new Promise<void>((done) => setImmediate(() => void this.drain().finally(done)));
    });
  }

  /** Lets queued units finish, then refuses new ones. */
  async close(): Promise<void> {
    while (this.draining) await this.draining;
    this.closed = true;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        if (batch.length === 1) await this.runAlone(batch[0]!);
        else await this.runGroup(batch);
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async runAlone(unit: Unit): Promise<void> {
    let outcome: Outcome;
    try {
      this.begin.run();
      const out = await unit.fn();
      this.commit.run();
      outcome = { ok: true, out };
    } catch (err) {
      this.abort();
      outcome = { ok: false, err };
    }
    settle(unit, outcome);
  }

  private async runGroup(batch: Unit[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      this.begin.run();
      for (const unit of batch) {
        this.savepoint.run();
        try {
          const out = await unit.fn();
          this.release.run();
          outcomes.push({ ok: true, out });
        } catch (err) {
          this.rollbackTo.run();
          this.release.run();
          this.onRollback();
          outcomes.push({ ok: false, err });
        }
      }
      this.commit.run();
    } catch (err) {
      // The group itself failed (BEGIN or COMMIT): nothing of it is stored.
      this.abort();
      for (const unit of batch) unit.reject(err);
      return;
    }
    batch.forEach((unit, i) => settle(unit, outcomes[i]!));
  }

  private abort(): void {
    if (this.client.inTransaction) this.rollback.run();
    this.onRollback();
  }
}

const settle = (unit: Unit, o: Outcome) => (o.ok ? unit.resolve(o.out) : unit.reject(o.err));

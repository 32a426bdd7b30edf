import type { CommitWith } from '../core/store.js';

/** The writes one transaction handed to `commitWith`, run after its function, before its commit. */
export class DeferredWrites {
  private readonly writes: (() => Promise<unknown>)[] = [];
  private failure: { reason: unknown } | undefined;

  readonly commitWith: CommitWith = (write) => {
    this.writes.push(write);
  };

  get size(): number {
    return this.writes.length;
  }

  /** The first failure seen so far. */
  get failed(): { reason: unknown } | undefined {
    return this.failure;
  }

  /**
   * Issues every write, in order, without waiting between them; resolves once all have answered,
   * with the first failure, or undefined when all succeeded.
   */
  async run(): Promise<{ reason: unknown } | undefined> {
    const issued = this.writes.map((write) => {
      try {
        return write();
      } catch (reason) {
        return Promise.reject(reason);
      }
    });
    // Every write is awaited, so none is left to fail unhandled.
    for (const write of issued) {
      try {
        await write;
      } catch (reason) {
        this.failure ??= { reason };
      }
    }
    return this.failure;
  }
}

import type { CommitWith } from '../core/store.js';

/** The writes one transaction handed to `commitWith`, which it settles before it commits. */
export class DeferredWrites {
  private readonly writes: Promise<unknown>[] = [];

  readonly commitWith: CommitWith = (write) => {
    // Handled here so a failure waits for `failure()` instead of ending the process as unhandled.
    write.catch(() => undefined);
    this.writes.push(write);
  };

  /** Waits for every write; the first failure's reason, or undefined when all succeeded. */
  async failure(): Promise<{ reason: unknown } | undefined> {
    for (const write of this.writes) {
      try {
        await write;
      } catch (reason) {
        return { reason };
      }
    }
    return undefined;
  }
}

import type { Store } from './store.js';

/** Hands a function to the event loop, to run once the work already queued there has been read. */
export type Defer = (fn: () => void) => void;

interface Pending<I, O> {
  item: I;
  resolve(out: O): void;
  reject(err: unknown): void;
}

/**
 * Runs units of synchronous database work that arrive together — in the same turn of the event
 * loop, as concurrent deliveries do — in one transaction, each in its own savepoint: a unit that
 * throws rolls back only its own writes and rejects only its own promise, and the batch costs
 * one commit instead of one per unit. Each promise settles after the commit, so a caller told
 * "done" has its work on disk. A unit alone runs in a plain transaction of its own.
 */
export function commitBatcher<I, O>(store: Store, defer: Defer, work: (item: I) => O): (item: I) => Promise<O> {
  let queue: Pending<I, O>[] = [];

  function flush(): void {
    const batch = queue;
    queue = [];
    if (batch.length === 1) {
      const [only] = batch as [Pending<I, O>];
      try {
        only.resolve(store.tx(() => work(only.item)));
      } catch (err) {
        only.reject(err);
      }
      return;
    }
    const outcomes: ({ ok: true; out: O } | { ok: false; err: unknown })[] = [];
    try {
      store.tx(() => {
        for (const p of batch) {
          try {
            outcomes.push({ ok: true, out: store.tx(() => work(p.item)) });
          } catch (err) {
            outcomes.push({ ok: false, err });
          }
        }
      });
    } catch (err) {
      // The commit itself failed: nothing of the batch is stored.
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.out);
      else p.reject(o.err);
    });
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (queue.length === 1) defer(flush);
    });
}

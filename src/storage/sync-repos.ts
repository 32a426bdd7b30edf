/**
 * A repository of the core's async contract as the SQLite engine writes it: the same methods,
 * answering synchronously (better-sqlite3 is synchronous). `asyncRepos` turns it into the contract.
 */
export type Sync<R> = {
  [M in keyof R]: R[M] extends (...args: infer A) => Promise<infer T> ? (...args: A) => T : never;
};

/** Wraps each method so it answers with a promise, a thrown error becoming a rejection. */
export function asyncRepo<R extends object>(sync: Sync<R>, guard: () => void): R {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(sync) as [string, (...a: unknown[]) => unknown][]) {
    out[name] = (...args: unknown[]) => {
      try {
        guard();
        return Promise.resolve(fn.apply(sync, args));
      } catch (err) {
        return Promise.reject(err);
      }
    };
  }
  return out as R;
}

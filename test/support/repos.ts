import type { Repos, Store } from '../../src/core/index.js';

/**
 * The store's repositories for test assertions: each call runs in a transaction of its own
 * (`await repos.rounds.get(id)`), as production code runs them inside `store.tx`.
 */
export function testRepos(store: Store): Repos {
  return new Proxy({} as Repos, {
    get: (_, repo: string) =>
      new Proxy(
        {},
        {
          get:
            (__, method: string) =>
            (...args: unknown[]) =>
              store.tx(async (db) => {
                const r = (db as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[repo]!;
                return r[method]!(...args);
              }),
        },
      ),
  });
}

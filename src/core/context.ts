import type { ChatPort, Clock, DashboardLinks, Logger, Observer, Random } from './ports.js';
import type { CommitWith, Repos, Store } from './store.js';

export interface DojoConfig {
  /** Default IANA zone for new workspaces and channels. */
  timezone: string;
  /** Platform user ids that are always admins (DOJO_ADMINS). */
  admins: string[];
}

/** What every core operation works with; built once by `createDojo`. */
export interface Ctx {
  store: Store;
  clock: Clock;
  random: Random;
  log: Logger;
  config: DojoConfig;
  ports: Map<string, ChatPort>;
  /** Where counts for operators' metrics go (nothing when absent). */
  observer?: Observer;
  /** Signed links to the web dashboard, when one is served. */
  dashboard?: DashboardLinks;
  /** Starts sending what committed transactions put in the outbox (see outbox.ts). */
  kickOutbox(): void;
}

/** A core operation inside one transaction: `db` is that transaction's repositories. */
export interface Tx extends Ctx {
  db: Repos;
  /** Defers a write nothing in this transaction reads back to the commit (see CommitWith). */
  commitWith: CommitWith;
  /** Called by `say`: the outbox has something once this transaction commits. */
  noteSaid(): void;
}

export const nowMs = (ctx: Pick<Ctx, 'clock'>) => ctx.clock.now().getTime();

/** Runs `fn` as one transaction of the store; what it said is sent after the commit. */
export async function inTx<T>(ctx: Ctx, fn: (t: Tx) => Promise<T>): Promise<T> {
  let said = false;
  const out = await ctx.store.tx((db, commitWith) =>
    fn({
      ...ctx,
      db,
      commitWith,
      noteSaid: () => {
        said = true;
      },
    }),
  );
  if (said) ctx.kickOutbox();
  return out;
}

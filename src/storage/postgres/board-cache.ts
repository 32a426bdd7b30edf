import type { MemberId } from '../../core/types.js';

/** What a board shows: its top rows for one size. */
export type TopRow = { memberId: MemberId; displayName: string; points: number };

// Boards held at once, counted in members: a 10,000-member board is about half a megabyte.
const MAX_MEMBERS = 200_000;

/** One board's points: each member's and all of them in descending order, for ranks by binary search. */
export class BoardPoints {
  private readonly descending: Int32Array;

  constructor(private readonly byMember: Map<number, number>) {
    this.descending = Int32Array.from(byMember.values()).sort().reverse();
  }

  get size(): number {
    return this.descending.length;
  }

  /** The competition rank (1 + members with strictly more points), as `standing` reads it. */
  standing(memberId: number): { points: number; rank: number; ranked: number } | undefined {
    const points = this.byMember.get(memberId);
    if (points === undefined) return undefined;
    // The first index whose points are not above this member's is how many are above.
    let lo = 0;
    let hi = this.descending.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.descending[mid]! > points) lo = mid + 1;
      else hi = mid;
    }
    return { points, rank: 1 + lo, ranked: this.descending.length };
  }
}

interface Entry<T> {
  epoch: string;
  value: T;
  at: number;
}

// However an entry's epoch stands, it is read again after this long: a connection that died
// without a word (no FIN, keepalive not yet failed) cannot keep a board stale for longer.
const MAX_AGE_MS = 5_000;

// How long a watch stands (see BoardCache), and how long before its end this instance renews it:
// its entries live at most MAX_AGE_MS, so they never outlast the watch they were read under.
export const WATCH_MS = 60_000;
const RENEW_BEFORE_MS = 10_000;

/** The meta key of a workspace's watch: until when (server clock, ms) some instance may cache its boards. */
export const watchKey = (workspaceId: number) => `boards-watched:${workspaceId}`;

/**
 * Leaderboards this instance has read, kept while nothing they show can have changed. A
 * workspace's boards are cached only under a watch, a row in `meta` saying until when some
 * instance may hold them, committed before the first board is read. While a watch stands, every
 * transaction that changes totals or member names says so (`pg_notify('dojo_boards', workspace)`,
 * delivered to every instance when it commits, and to this one at its own commit too), which
 * moves the workspace's epoch; an entry is used only under the epoch it was read in. The epoch is
 * read before the rows, so a change that lands in between leaves the entry unused, never stale.
 * Without a watch nobody notifies: a commit that notifies costs the server about half a
 * millisecond, paid by every award of a team nobody is looking at the boards of. A change whose
 * check ran just before a watch was written, and which commits just after a board was read under
 * it, is missed by that entry, which is then stale until it is 5 s old (MAX_AGE_MS). While the
 * notification connection is down nothing is served from here (see board-listener.ts).
 */
export class BoardCache {
  private generation = 0;
  private live = false;
  private readonly epochs = new Map<number, number>();
  private readonly tops = new Map<string, Entry<TopRow[]>>();
  private readonly boards = new Map<string, Entry<BoardPoints>>();
  private readonly reads = new Map<string, Entry<number>>();
  private readonly watches = new Map<number, number>();
  private watcher: ((workspaceId: number) => Promise<unknown>) | undefined;
  private held = 0;

  /** Whether entries may be served: only while changes from other instances are being heard. */
  get usable(): boolean {
    return this.live;
  }

  /**
   * The notification connection came up (with what writes a watch through it) or went down: either
   * way, start afresh.
   */
  setLive(live: boolean, watcher?: (workspaceId: number) => Promise<unknown>): void {
    this.live = live;
    this.watcher = live ? watcher : undefined;
    this.generation++;
    this.tops.clear();
    this.boards.clear();
    this.reads.clear();
    this.watches.clear();
    this.held = 0;
  }

  /**
   * Whether the workspace's boards may be cached now: a watch of this instance stands, or was just
   * written (committed before the caller reads the rows it caches). False when it cannot be written.
   */
  async watch(workspaceId: number): Promise<boolean> {
    if (!this.live || !this.watcher) return false;
    if (this.watched(workspaceId)) return true;
    const generation = this.generation;
    try {
      await this.watcher(workspaceId);
    } catch {
      return false;
    }
    if (generation !== this.generation) return false;
    if (this.watches.size >= 10_000) this.watches.clear();
    this.watches.set(workspaceId, Date.now() + WATCH_MS - RENEW_BEFORE_MS);
    return true;
  }

  /** A workspace's scores or names changed (a commit here, or a notification from any instance). */
  changed(workspaceId: number): void {
    this.epochs.set(workspaceId, (this.epochs.get(workspaceId) ?? 0) + 1);
  }

  epoch(workspaceId: number): string {
    return `${this.generation}:${this.epochs.get(workspaceId) ?? 0}`;
  }

  top(workspaceId: number, key: string): TopRow[] | undefined {
    return this.fresh(this.tops, workspaceId, key);
  }

  putTop(workspaceId: number, key: string, epoch: string, rows: TopRow[]): void {
    if (epoch !== this.epoch(workspaceId) || !this.watched(workspaceId)) return;
    if (this.tops.size >= 10_000) this.tops.clear();
    this.tops.set(key, { epoch, value: rows, at: Date.now() });
  }

  board(workspaceId: number, key: string): BoardPoints | undefined {
    return this.fresh(this.boards, workspaceId, key);
  }

  /**
   * Whether a board is worth loading whole: the second read of it under one epoch. A board read
   * once between changes (votes coming in) is answered by counting on the server instead.
   */
  wantsBoard(workspaceId: number, key: string): boolean {
    const epoch = this.epoch(workspaceId);
    const seen = this.reads.get(key);
    const count = seen?.epoch === epoch ? seen.value + 1 : 1;
    if (this.reads.size >= 10_000) this.reads.clear();
    this.reads.set(key, { epoch, value: count, at: 0 });
    return count >= 2;
  }

  putBoard(workspaceId: number, key: string, epoch: string, board: BoardPoints): void {
    if (epoch !== this.epoch(workspaceId) || board.size > MAX_MEMBERS || !this.watched(workspaceId)) return;
    const old = this.boards.get(key);
    if (old) {
      this.held -= old.value.size;
      this.boards.delete(key);
    }
    // The oldest boards go first until the new one fits.
    for (const [k, e] of this.boards) {
      if (this.held + board.size <= MAX_MEMBERS) break;
      this.boards.delete(k);
      this.held -= e.value.size;
    }
    this.boards.set(key, { epoch, value: board, at: Date.now() });
    this.held += board.size;
  }

  private watched(workspaceId: number): boolean {
    return Date.now() < (this.watches.get(workspaceId) ?? 0);
  }

  private fresh<T>(map: Map<string, Entry<T>>, workspaceId: number, key: string): T | undefined {
    if (!this.live) return undefined;
    const hit = map.get(key);
    return hit && hit.epoch === this.epoch(workspaceId) && Date.now() - hit.at < MAX_AGE_MS ? hit.value : undefined;
  }
}

/** A transaction's side of the cache: the changes it makes, and whether its reads may use the cache. */
export class BoardTx {
  private readonly changedHere = new Set<number>();

  constructor(
    readonly cache: BoardCache,
    private readonly notify: (workspaceId: number) => Promise<unknown>,
  ) {}

  /** A new transaction starts on the connection. */
  reset(): void {
    this.changedHere.clear();
  }

  /** This transaction changes the workspace's totals or names: every instance caching them hears of it when it commits. */
  changing(workspaceId: number): Promise<unknown> {
    if (this.changedHere.has(workspaceId)) return Promise.resolve();
    this.changedHere.add(workspaceId);
    return this.notify(workspaceId);
  }

  /** Whether reads of the workspace's boards may use the cache: not after this transaction changed them. */
  cached(workspaceId: number): boolean {
    return this.cache.usable && !this.changedHere.has(workspaceId);
  }

  /** The transaction committed: this instance's cache learns at once, before any notification comes back. */
  committed(): void {
    for (const id of this.changedHere) this.cache.changed(id);
  }
}

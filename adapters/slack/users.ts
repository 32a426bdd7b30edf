import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/core/index.js';

/** What the bot needs to know about a member, from one users.info call. */
export interface SlackUser {
  name: string;
  isAdmin: boolean;
  isBot: boolean;
}

interface Cached extends SlackUser {
  at: number;
}

const NAME_TTL_MS = 60 * 60_000;
// Admin rights gate destructive commands, so a demotion should count within a minute.
const ADMIN_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * users.info lookups with an in-memory cache: one call per member per hour for display names,
 * refreshed sooner only when an admin decision depends on it. Concurrent lookups share a call.
 */
export class UserDirectory {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<Cached | undefined>>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** What is cached for a user and still fresh for names, without a lookup. */
  cached(userId: string): SlackUser | undefined {
    const hit = this.cache.get(userId);
    return hit && this.now() - hit.at < NAME_TTL_MS ? hit : undefined;
  }

  /** The display name cached for a user, without a lookup (for rendering mentions). */
  cachedName(userId: string): string | undefined {
    return this.cache.get(userId)?.name;
  }

  /**
   * Looks a user up. `forAdmin` asks for an admin status no older than a minute; otherwise a
   * cached entry is good for an hour. A failed lookup falls back to `fallbackName` and no rights.
   * `client` is the delivery's own (its workspace's token) when the app serves many workspaces.
   */
  async lookup(userId: string, opts: { forAdmin?: boolean; fallbackName?: string; client?: webApi.WebClient } = {}): Promise<SlackUser> {
    const hit = this.cache.get(userId);
    const maxAge = opts.forAdmin ? ADMIN_TTL_MS : NAME_TTL_MS;
    if (hit && this.now() - hit.at < maxAge) return hit;
    const fresh = await this.fetch(userId, opts.client ?? this.client);
    return fresh ?? hit ?? { name: opts.fallbackName || userId, isAdmin: false, isBot: false };
  }

  private fetch(userId: string, client: webApi.WebClient): Promise<Cached | undefined> {
    let pending = this.inFlight.get(userId);
    if (!pending) {
      pending = this.call(userId, client).finally(() => this.inFlight.delete(userId));
      this.inFlight.set(userId, pending);
    }
    return pending;
  }

  private async call(userId: string, client: webApi.WebClient): Promise<Cached | undefined> {
    try {
      const res = await client.users.info({ user: userId });
      const u = res.user;
      if (!u) return undefined;
      const entry: Cached = {
        name: u.profile?.display_name || u.profile?.real_name || u.real_name || u.name || userId,
        isAdmin: Boolean(u.is_admin || u.is_owner || u.is_primary_owner),
        isBot: Boolean(u.is_bot),
        at: this.now(),
      };
      if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(userId, entry);
      return entry;
    } catch (err) {
      this.log.warn(
        { adapter: 'slack', user: userId, err: err instanceof Error ? err.message : String(err) },
        'users.info failed; using the id as name',
      );
      return undefined;
    }
  }
}

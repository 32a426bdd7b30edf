import type Database from 'better-sqlite3';

const MAX_ENTRIES = 1_000;

/**
 * Leaderboard tops by (workspace, period, category, size), the busiest read there is. An entry
 * is used only while nothing it shows can have changed: this connection bumps `invalidate()` on
 * every write to totals or member names and on every failed transaction (whose reads may have
 * seen writes that were then taken back), and SQLite's data_version moves when another
 * connection commits.
 */
export class BoardCache<T> {
  private version = 0;
  private readonly entries = new Map<string, { version: number; dataVersion: number; value: T }>();
  private readonly dataVersion: Database.Statement;

  constructor(client: Database.Database) {
    this.dataVersion = client.prepare('PRAGMA data_version').pluck();
  }

  invalidate(): void {
    this.version++;
  }

  get(key: string, load: () => T): T {
    const dataVersion = this.dataVersion.get() as number;
    const hit = this.entries.get(key);
    if (hit && hit.version === this.version && hit.dataVersion === dataVersion) return hit.value;
    const value = load();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { version: this.version, dataVersion, value });
    return value;
  }
}

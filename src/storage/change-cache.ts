import type Database from 'better-sqlite3';

const MAX_ENTRIES = 1_000;

/**
 * Results of reads over many rows, kept only while the database is exactly as it was: the key is
 * this connection's `total_changes()` (every row any statement of it wrote, triggers included),
 * SQLite's data_version (another connection committed), and an epoch bumped after each failed
 * transaction (whose reads may have seen writes that were then taken back).
 */
export class ChangeCache {
  private epoch = 0;
  private readonly entries = new Map<string, { marker: string; value: unknown }>();
  private readonly changes: Database.Statement;
  private readonly dataVersion: Database.Statement;

  constructor(client: Database.Database) {
    this.changes = client.prepare('SELECT total_changes()').pluck();
    this.dataVersion = client.prepare('PRAGMA data_version').pluck();
  }

  invalidate(): void {
    this.epoch++;
  }

  get<T>(key: string, load: () => T): T {
    const marker = `${this.epoch}:${this.dataVersion.get() as number}:${this.changes.get() as number}`;
    const hit = this.entries.get(key);
    if (hit && hit.marker === marker) return hit.value as T;
    const value = load();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { marker, value });
    return value;
  }
}

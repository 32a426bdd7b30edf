import type Database from 'better-sqlite3';

/** Every application table (drizzle's migration journal and SQLite's own tables left out). */
export function tableNames(client: Database.Database): string[] {
  return client
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

/** Row count of every application table, for "nothing was written" checks. */
export function rowCounts(client: Database.Database): Record<string, number> {
  return Object.fromEntries(tableNames(client).map((t) => [t, client.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
}

/** Every row, in any table, whose JSON form contains `needle`; as `table: row` strings. */
export function rowsMentioning(client: Database.Database, needle: string): string[] {
  const hits: string[] = [];
  for (const t of tableNames(client)) {
    for (const row of client.prepare(`SELECT * FROM "${t}"`).all()) {
      const json = JSON.stringify(row);
      if (json.includes(needle)) hits.push(`${t}: ${json}`);
    }
  }
  return hits;
}

/** Every row of every application table except `except`, for "nothing changed" checks. */
export function tableRows(client: Database.Database, except: string[] = []): Record<string, unknown[]> {
  return Object.fromEntries(
    tableNames(client)
      .filter((t) => !except.includes(t))
      .map((t) => [t, client.prepare(`SELECT * FROM "${t}"`).all()]),
  );
}

import type { QueryResult, QueryResultRow } from 'pg';
import type { PgDb } from './db.js';

/**
 * Runs a fixed SQL text on the transaction's own client, past drizzle's query builder: on a
 * vote's path, building each statement anew cost more time than the server took to run it.
 * The text is a constant, so it runs as one named prepared statement (see prepared-client.ts).
 */
export function raw<T extends QueryResultRow>(db: PgDb, text: string, values: unknown[]): Promise<QueryResult<T>> {
  return db.$client.query<T>(text, values);
}

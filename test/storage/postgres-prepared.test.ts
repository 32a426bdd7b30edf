import { describe, expect, it } from 'vitest';
import { workspaceRef, userRef } from '../../src/core/refs.js';
import { openPostgres } from '../../src/storage/postgres/db.js';
import { createPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { ensureTeam } from '../support/team.js';

const server = usePostgresServer();

describe('PostgreSQL statements', () => {
  it('are prepared once per connection and reused by every transaction, and a failed one leaves the connection usable', async () => {
    // One connection, so the pool's own queries see the statements the transactions prepared.
    const pool = await openPostgres(await server.createDatabase(), { max: 1 });
    const store = createPostgresStore(pool);
    try {
      const ws = await store.tx((db) => ensureTeam(db));
      await store.tx((db) => db.members.ensure(ws.id, { ref: userRef('U1'), name: 'Ann', isBot: false }, 1));
      for (let i = 0; i < 12; i++) {
        const found = await store.tx(async (db) => {
          // Issued side by side: the pipelined connection answers each in order.
          const [claimed, known] = await Promise.all([
            db.deliveries.claim('slack', `ev${i}`, 2),
            db.workspaces.findWithMember('slack', workspaceRef('T1'), userRef('U1')),
          ]);
          return { claimed, member: known?.member?.displayName };
        });
        expect(found).toEqual({ claimed: true, member: 'Ann' });
      }
      await expect(store.tx((db) => db.deliveries.claim('slack', 'x'.repeat(10), Number.NaN))).rejects.toThrow();
      expect(await store.tx((db) => db.deliveries.claim('slack', 'ev0', 3))).toBe(false);

      const { rows } = await pool.query<{ statement: string; runs: number }>(
        `SELECT statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE name LIKE 'dojo_%'`,
      );
      const runs = (needle: string) => rows.filter((r) => r.statement.includes(needle)).map((r) => r.runs);
      expect(runs('LEFT JOIN members m')).toEqual([12]);
      expect(runs('INSERT INTO processed_events')).toEqual([13]);
    } finally {
      await store.close();
    }
  });
});

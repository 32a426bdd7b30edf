import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { userRef } from '../../src/core/index.js';
import { tempDir } from '../support/temp-dir.js';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { seedTeams } from '../web/dashboard-fixture.js';

describe('the dashboard’s cached turnout and coverage on SQLite', () => {
  it('follow this connection’s writes, rolled-back transactions and other connections’ commits', async () => {
    const path = `${tempDir('dojo-cache-')}/dojo.sqlite`;
    const store = createSqliteStore(openDb({ path }));
    const fx = await seedTeams(store);
    await fx.close();
    const ws = (await store.tx((db) => db.workspaces.findByRef('test', 'T1' as never)))!;
    const read = () =>
      store.tx(async (db) => ({
        coverage: (await db.dashboard.categoryCoverage(ws.id)).find((c) => c.category === 'nodejs')!.answers,
        activity: (await db.dashboard.roundActivity(ws.id, 0)).reduce((n, r) => n + r.answers, 0),
      }));
    expect(await read()).toEqual({ coverage: 3, activity: 5 });
    const round = (await store.tx((db) => db.dashboard.roundActivity(ws.id, 0)))[0]!.roundId;

    // A transaction that wrote, read the new figures, then failed: the figures go back.
    await expect(
      store.tx(async (db) => {
        const m = await db.members.ensure(ws.id, { ref: userRef('T1-zed'), name: 'zed', isBot: false }, 0);
        await db.answers.insert({ roundId: round, memberId: m.id, text: 'late', source: 'thread', messageRef: null, now: 0 });
        expect((await db.dashboard.categoryCoverage(ws.id)).find((c) => c.category === 'nodejs')!.answers).toBe(4);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await read()).toEqual({ coverage: 3, activity: 5 });

    // Another connection (another process) commits an answer.
    const other = new Database(path);
    const zed = other
      .prepare("INSERT INTO members (workspace_id, user_ref, display_name, created_at) VALUES (?, 'T1-zed2', 'zed2', 0) RETURNING id")
      .get(ws.id) as { id: number };
    other
      .prepare("INSERT INTO answers (round_id, member_id, text, source, created_at) VALUES (?, ?, 'from elsewhere', 'thread', 0)")
      .run(round, zed.id);
    other.close();
    expect(await read()).toEqual({ coverage: 4, activity: 6 });

    // This connection removes it again.
    const answer = (await store.tx((db) => db.answers.findByMember(round, zed.id as never)))!;
    await store.tx((db) => db.answers.remove(answer.id));
    expect(await read()).toEqual({ coverage: 3, activity: 5 });
    await store.close();
  });
});

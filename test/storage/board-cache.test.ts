import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { userRef, workspaceRef } from '../../src/core/index.js';
import type { Repos } from '../../src/core/store.js';
import { defaultSettings } from '../../src/core/settings.js';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { testRepos } from '../support/repos.js';
import { tempDir } from '../support/temp-dir.js';

describe('cached leaderboards', () => {
  it('show every change: awards, renames, erasures, rolled-back transactions (alone or in a group commit), and writes by another connection', async () => {
    const path = join(tempDir('dojo-boards-'), 'boards.sqlite');
    const store = createSqliteStore(openDb({ path }));
    const repos = testRepos(store);
    const ws = await repos.workspaces.ensure({
      platform: 'test',
      ref: workspaceRef('T1'),
      name: 'T',
      timezone: 'UTC',
      settings: defaultSettings(),
      now: 0,
    });
    const ann = await repos.members.ensure(ws.id, { ref: userRef('ann'), name: 'Ann', isBot: false }, 0);
    const ben = await repos.members.ensure(ws.id, { ref: userRef('ben'), name: 'Ben', isBot: false }, 0);
    let key = 0;
    const award = (db: Repos, memberId: number, points: number) =>
      db.scores.award({
        workspaceId: ws.id,
        memberId,
        awardKey: `k${++key}`,
        points,
        reason: 'test',
        category: 'nodejs',
        roundId: null,
        week: '2026-W49',
        month: '2026-11',
        season: 1,
        at: 0,
      });
    const boardIn = async (db: Repos) => (await db.scores.top(ws.id, 'all', '', 10)).map((r) => `${r.displayName}:${r.points}`);
    const board = () => store.tx(boardIn);

    await store.tx((db) => award(db, ann.id, 10));
    expect(await board()).toEqual(['Ann:10']);
    await store.tx((db) => award(db, ben.id, 12));
    expect(await board()).toEqual(['Ben:12', 'Ann:10']);
    await repos.members.ensure(ws.id, { ref: userRef('ben'), name: 'Benjamin', isBot: false }, 0);
    expect(await board()).toEqual(['Benjamin:12', 'Ann:10']);

    await expect(
      store.tx(async (db) => {
        await award(db, ann.id, 5);
        expect(await boardIn(db)).toEqual(['Ann:15', 'Benjamin:12']);
        throw new Error('taken back');
      }),
    ).rejects.toThrow('taken back');
    expect(await board()).toEqual(['Benjamin:12', 'Ann:10']);

    // Transactions arriving together share one commit; the one that fails takes back only its own
    // award, and the next one in the group no longer sees it.
    const [failed, read, later] = await Promise.allSettled([
      store.tx(async (db) => {
        await award(db, ann.id, 7);
        expect(await boardIn(db)).toEqual(['Ann:17', 'Benjamin:12']);
        throw new Error('taken back in a group');
      }),
      board(),
      store.tx((db) => award(db, ben.id, 1)),
    ]);
    expect(failed).toMatchObject({ status: 'rejected', reason: new Error('taken back in a group') });
    expect(read).toEqual({ status: 'fulfilled', value: ['Benjamin:12', 'Ann:10'] });
    expect(later).toEqual({ status: 'fulfilled', value: true });
    expect(await board()).toEqual(['Benjamin:13', 'Ann:10']);

    const other = new Database(path);
    other.prepare("UPDATE score_totals SET points = 20 WHERE member_id = ? AND period = 'all' AND category = ''").run(ann.id);
    other.close();
    expect(await board()).toEqual(['Ann:20', 'Benjamin:13']);

    await repos.members.remove(ann.id);
    expect(await board()).toEqual(['Benjamin:13']);
    await store.close();
  });
});

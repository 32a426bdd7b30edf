import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { userRef, workspaceRef } from '../../src/core/index.js';
import { defaultSettings } from '../../src/core/settings.js';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';

describe('cached leaderboards', () => {
  it('show every change: awards, renames, erasures, a rolled-back transaction, and writes by another connection', () => {
    const path = join(tempDir('dojo-boards-'), 'boards.sqlite');
    const store = createSqliteStore(openDb({ path }));
    const ws = store.workspaces.ensure({
      platform: 'test',
      ref: workspaceRef('T1'),
      name: 'T',
      timezone: 'UTC',
      settings: defaultSettings(),
      now: 0,
    });
    const ann = store.members.ensure(ws.id, { ref: userRef('ann'), name: 'Ann', isBot: false }, 0);
    const ben = store.members.ensure(ws.id, { ref: userRef('ben'), name: 'Ben', isBot: false }, 0);
    let key = 0;
    const award = (memberId: number, points: number) =>
      store.scores.award({
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
    const board = () => store.scores.top(ws.id, 'all', '', 10).map((r) => `${r.displayName}:${r.points}`);

    award(ann.id, 10);
    expect(board()).toEqual(['Ann:10']);
    award(ben.id, 12);
    expect(board()).toEqual(['Ben:12', 'Ann:10']);
    store.members.ensure(ws.id, { ref: userRef('ben'), name: 'Benjamin', isBot: false }, 0);
    expect(board()).toEqual(['Benjamin:12', 'Ann:10']);

    expect(() =>
      store.tx(() => {
        award(ann.id, 5);
        expect(board()).toEqual(['Ann:15', 'Benjamin:12']);
        throw new Error('taken back');
      }),
    ).toThrow('taken back');
    expect(board()).toEqual(['Benjamin:12', 'Ann:10']);

    const other = new Database(path);
    other.prepare("UPDATE score_totals SET points = 20 WHERE member_id = ? AND period = 'all' AND category = ''").run(ann.id);
    other.close();
    expect(board()).toEqual(['Ann:20', 'Benjamin:12']);

    store.members.remove(ann.id);
    expect(board()).toEqual(['Benjamin:12']);
  });
});

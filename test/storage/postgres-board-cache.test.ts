import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRef } from '../../src/core/refs.js';
import type { Store } from '../../src/core/store.js';
import type { Award, MemberId, WorkspaceId } from '../../src/core/types.js';
import { BoardPoints } from '../../src/storage/postgres/board-cache.js';
import { BOARDS_CHANNEL, LISTENER_NAME } from '../../src/storage/postgres/board-listener.js';
import { defaultSettings } from '../../src/core/settings.js';
import { workspaceRef } from '../../src/core/refs.js';
import { openPostgres } from '../../src/storage/postgres/db.js';
import { createPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { ensureTeam } from '../support/team.js';
import { waitFor } from '../support/wait-for.js';

const server = usePostgresServer();

describe('board points', () => {
  it('rank every member as counting those with more points would', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 500 }), { minLength: 1, maxLength: 300 }), fc.nat(), (points, pick) => {
        const board = new BoardPoints(new Map(points.map((p, i) => [i + 1, p])));
        const member = 1 + (pick % points.length);
        const mine = points[member - 1]!;
        expect(board.standing(member)).toEqual({ points: mine, rank: 1 + points.filter((p) => p > mine).length, ranked: points.length });
        expect(board.standing(points.length + 1)).toBeUndefined();
      }),
    );
  });
});

describe('leaderboards cached by each PostgreSQL instance', () => {
  let url: string;
  let a: Store;
  let b: Store;
  let ws: WorkspaceId;
  const ids: MemberId[] = [];
  let n = 0;
  const award = (memberId: MemberId, points: number): Award => ({
    workspaceId: ws,
    memberId,
    awardKey: `test:${++n}`,
    points,
    reason: 'test',
    category: 'nodejs',
    roundId: null,
    week: 'w:2026-W49',
    month: 'm:2026-12',
    season: 1,
    at: 1,
  });
  /** What instance `s` shows: the all-time top three and each member's standing, read twice so a whole board is cached. */
  const view = async (s: Store) => {
    for (let i = 0; i < 2; i++) await s.tx(async (db) => Promise.all(ids.map((id) => db.scores.standing(ws, 'all', '', id))));
    return s.tx(async (db) => ({
      top: (await db.scores.top(ws, 'all', '', 3)).map((r) => `${r.displayName}:${r.points}`),
      ranks: await Promise.all(ids.map(async (id) => (await db.scores.standing(ws, 'all', '', id))?.rank)),
    }));
  };
  const listeners = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [LISTENER_NAME]);
    await c.end();
    return rows.map((r) => r.pid);
  };

  beforeAll(async () => {
    url = await server.createDatabase();
    a = createPostgresStore(await openPostgres(url));
    b = createPostgresStore(await openPostgres(url));
    ws = (await a.tx((db) => ensureTeam(db))).id;
    for (const name of ['Ann', 'Bob', 'Cy'])
      ids.push((await a.tx((db) => db.members.ensure(ws, { ref: userRef(`U-${name}`), name, isBot: false }, 1))).id);
    await a.tx(async (db) => {
      await db.scores.award(award(ids[0]!, 30));
      await db.scores.award(award(ids[1]!, 20));
      await db.scores.award(award(ids[2]!, 10));
    });
    await waitFor(async () => (await listeners()).length === 2, 'both instances listening', 10_000);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('show this instance its own changes at once, inside and after the transaction', async () => {
    expect(await view(a)).toEqual({ top: ['Ann:30', 'Bob:20', 'Cy:10'], ranks: [1, 2, 3] });
    const inside = await a.tx(async (db) => {
      await db.scores.award(award(ids[2]!, 25));
      return (await db.scores.standing(ws, 'all', '', ids[2]!))?.rank;
    });
    expect(inside).toBe(1);
    expect(await view(a)).toEqual({ top: ['Cy:35', 'Ann:30', 'Bob:20'], ranks: [2, 3, 1] });
  });

  it("show another instance's awards and renames once it commits", async () => {
    expect((await view(a)).ranks).toEqual([2, 3, 1]);
    await b.tx((db) => db.scores.award(award(ids[1]!, 40)));
    await waitFor(async () => (await view(a)).top[0] === 'Bob:60', "instance A hears of B's award", 10_000);
    await b.tx((db) => db.members.ensure(ws, { ref: userRef('U-Bob'), name: 'Robert', isBot: false }, 2));
    await waitFor(async () => (await view(a)).top[0] === 'Robert:60', "instance A hears of B's rename", 10_000);
    expect(await view(a)).toEqual({ top: ['Robert:60', 'Cy:35', 'Ann:30'], ranks: [3, 1, 2] });
  });

  it('serve nothing cached while the notification connection is down, and cache again once it is back', async () => {
    expect((await view(a)).ranks).toEqual([3, 1, 2]);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [LISTENER_NAME]);
    await c.end();
    await waitFor(async () => (await listeners()).length === 0, 'the listeners gone', 10_000);
    // Whatever the listeners missed meanwhile, A reads what is committed.
    await b.tx((db) => db.scores.award(award(ids[0]!, 100)));
    expect(await view(a)).toEqual({ top: ['Ann:130', 'Robert:60', 'Cy:35'], ranks: [1, 2, 3] });
    await waitFor(async () => (await listeners()).length === 2, 'both instances listening again', 10_000);
    await b.tx((db) => db.scores.award(award(ids[2]!, 200)));
    await waitFor(async () => (await view(a)).top[0] === 'Cy:235', "instance A hears of B's award again", 10_000);
  });

  it('notify only while some instance watches the workspace’s boards', async () => {
    const quiet = (
      await b.tx((db) =>
        db.workspaces.ensure({
          platform: 'slack',
          ref: workspaceRef('T-quiet'),
          name: 'Quiet',
          timezone: 'UTC',
          settings: defaultSettings(),
          now: 1,
        }),
      )
    ).id;
    const member = (await b.tx((db) => db.members.ensure(quiet, { ref: userRef('U-quiet'), name: 'Quinn', isBot: false }, 1))).id;
    const heard: string[] = [];
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    c.on('notification', (m) => heard.push(m.payload ?? ''));
    await c.query(`LISTEN ${BOARDS_CHANNEL}`);
    try {
      await b.tx((db) => db.scores.award({ ...award(member, 5), workspaceId: quiet }));
      // A notification for the watched workspace, sent after it, shows the one before would have arrived.
      await b.tx((db) => db.scores.award(award(ids[0]!, 1)));
      await waitFor(async () => heard.includes(String(ws)), 'the watched workspace notified', 10_000);
      expect(heard).not.toContain(String(quiet));
      // A board read starts a watch; from then on the workspace's changes notify every instance.
      expect((await a.tx((db) => db.scores.top(quiet, 'all', '', 3))).map((r) => r.points)).toEqual([5]);
      await b.tx((db) => db.scores.award({ ...award(member, 7), workspaceId: quiet }));
      await waitFor(async () => heard.includes(String(quiet)), 'the newly watched workspace notified', 10_000);
      expect((await a.tx((db) => db.scores.top(quiet, 'all', '', 3))).map((r) => r.points)).toEqual([12]);
    } finally {
      await c.end();
    }
  });
});

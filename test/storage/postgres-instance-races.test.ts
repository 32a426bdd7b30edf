import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Ctx, inTx } from '../../src/core/context.js';
import { channelRef } from '../../src/core/refs.js';
import { openRound } from '../../src/core/rounds.js';
import { defaultChannelSettings } from '../../src/core/settings.js';
import type { Repos, Store } from '../../src/core/store.js';
import type { Channel } from '../../src/core/types.js';
import { loadContent } from '../../src/load-content.js';
import { seededRandom } from '../../src/random.js';
import { openPostgres } from '../../src/storage/postgres/db.js';
import { createPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { ensureTeam } from '../support/team.js';

const server = usePostgresServer();
const NOW = Date.parse('2026-12-08T09:00:00Z');
const silent = { debug() {}, info() {}, warn() {}, error() {} };
let a: Store;
let b: Store;
let channel: Channel;

/** One instance's core context on its own store (its own pool of connections). */
const instance = (store: Store): Ctx => ({
  store,
  clock: { now: () => new Date(NOW) },
  random: seededRandom(1),
  log: silent,
  config: { timezone: 'UTC', admins: [] },
  ports: new Map(),
  kickOutbox() {},
});

beforeAll(async () => {
  const url = await server.createDatabase();
  a = createPostgresStore(await openPostgres(url));
  b = createPostgresStore(await openPostgres(url));
  await loadContent(a, silent, NOW);
  channel = await a.tx(async (db) => {
    const ws = await ensureTeam(db);
    return db.channels.upsert({
      workspaceId: ws.id,
      ref: channelRef('C-race'),
      name: 'practice',
      settings: defaultChannelSettings('UTC'),
      now: NOW,
    });
  });
});
afterAll(async () => {
  await a.close();
  await b.close();
});

it('an instance that finds its slot claimed by another since it looked leaves that round open', async () => {
  const slot = { key: '2026-12-08', at: NOW, isScheduled: true };
  const opened = await a.tx(async (db, commitWith) => {
    // Between this instance's look for the slot and its look for the live round, the other
    // instance opens the slot's round and commits (READ COMMITTED lets the second look see it).
    const rounds: Repos['rounds'] = {
      ...db.rounds,
      async findBySlot(channelId, key) {
        const found = await db.rounds.findBySlot(channelId, key);
        await inTx(instance(b), (t) => openRound(t, channel, slot));
        return found;
      },
    };
    return openRound({ ...instance(a), db: { ...db, rounds }, commitWith, noteSaid() {} }, channel, slot);
  });
  expect(opened).toBeUndefined();
  const round = await b.tx((db) => db.rounds.findBySlot(channel.id, slot.key));
  expect(round?.status).toBe('posting');
  expect(await b.tx((db) => db.rounds.findLive(channel.id))).toEqual(round);
});

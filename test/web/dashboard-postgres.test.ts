import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/index.js';
import { openPostgres } from '../../src/storage/postgres/db.js';
import { createPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { type Fixture, RIVAL_SECRET_ANSWER, seedTeams } from './dashboard-fixture.js';

const server = usePostgresServer();
const text = async (url: string) => {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.text();
};

describe('the dashboard on PostgreSQL', () => {
  let store: Store;
  let fx: Fixture;
  let link: string;
  const page = (name: string, extra = '') => `${link.replace('/team?', `/${name}?`)}${extra}`;
  beforeAll(async () => {
    store = createPostgresStore(await openPostgres(await server.createDatabase()));
    fx = await seedTeams(store);
    link = await fx.linkFor('T1', 'alice');
  });
  afterAll(async () => {
    await fx.close();
    await store.close();
  });

  it('shows the same leaderboard, charts and coverage as on SQLite', async () => {
    const all = await text(`${link}&period=all`);
    expect(all).toMatch(/<td>1<\/td>\s*<td><a [^>]+>bob<\/a><\/td><td class="num">39<\/td>/);
    expect(all.match(/<svg/g)).toHaveLength(2);
    expect(all).toMatch(/Node\.js Advanced<\/a><\/th>\s*<td class="num">2<\/td><td class="num">3<\/td>/);
    const me = await text(page('me'));
    expect(me).toContain('My points over time');
  });

  it('lists the archive newest first and searches questions and answers with the full-text indexes', async () => {
    const archive = await text(page('archive'));
    expect(archive).toContain('3 closed rounds');
    const prompts = [...archive.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(prompts[0]).toMatch(/event loop/i);
    expect(await text(page('archive', '&q=idempotency'))).toContain('1 closed round matching');
    expect(await text(page('archive', `&q=${encodeURIComponent('Redis sessions')}`))).toContain('1 closed round matching');
    expect(await text(page('archive', '&q=zzzunknownword'))).toContain('0 closed rounds matching');
    expect(await text(page('archive', '&category=pitch'))).toContain('1 closed round');
    const bobId = /member=(\d+)[^"]*">bob</.exec(archive)![1];
    expect(await text(page('archive', `&member=${bobId}`))).toContain('2 closed rounds');
  });

  it("keeps another workspace's rounds and answers out of every page", async () => {
    for (const name of ['team', 'me', 'archive']) {
      const body = await text(page(name, '&q=rival&period=all'));
      expect(body).not.toContain(RIVAL_SECRET_ANSWER);
      expect(body).not.toContain('mallory');
    }
    const rival = await text((await fx.linkFor('T2', 'mallory')).replace('/team?', '/archive?'));
    expect(rival).toContain(RIVAL_SECRET_ANSWER);
    expect(rival).toContain('1 closed round');
  });
});

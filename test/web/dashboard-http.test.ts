import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { signLink, verifyLink } from '../../src/web/signing.js';
import { type Fixture, HOSTILE, RIVAL_SECRET_ANSWER, SECRET, seedTeams } from './dashboard-fixture.js';

const DAY = 24 * 3600_000;
const get = async (url: string) => {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: await res.text() };
};
const withToken = (url: string, token: string) => {
  const u = new URL(url);
  u.searchParams.set('t', token);
  return u.toString();
};
const tokenOf = (url: string) => new URL(url).searchParams.get('t')!;

describe('dashboard link signing', () => {
  const grant = { workspaceId: 4, memberId: 9, isAdmin: false };

  it('verifies its own links until they expire, and nothing else', () => {
    const token = signLink(SECRET, grant, 2_000);
    expect(verifyLink(SECRET, token, 1_999)).toEqual({ ...grant, expiresAt: 2_000 });
    expect(verifyLink(SECRET, token, 2_000)).toBeUndefined();
    expect(verifyLink(Buffer.alloc(32, 8), token, 1_000)).toBeUndefined();
    for (const bad of ['', 'v1', 'v1..', 'v2.a.b', `${token}x`, `${token}.x`, token.replace('v1.', 'v1.e'), 'x'.repeat(600)]) {
      expect(verifyLink(SECRET, bad, 1_000)).toBeUndefined();
    }
  });

  it('refuses a link whose claims were changed (another member, workspace, admin flag or expiry)', () => {
    const [, , mac] = signLink(SECRET, grant, 2_000).split('.');
    for (const claims of [
      { w: 5, m: 9, a: 0, e: 2_000 },
      { w: 4, m: 1, a: 0, e: 2_000 },
      { w: 4, m: 9, a: 1, e: 2_000 },
      { w: 4, m: 9, a: 0, e: 9_999_999 },
    ]) {
      const forged = `v1.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
      expect(verifyLink(SECRET, forged, 1_000)).toBeUndefined();
    }
  });

  it('takes DOJO_SECRET_KEY only as 32 or more bytes of hex or base64', () => {
    expect(() => loadConfig({ DOJO_SECRET_KEY: 'short' })).toThrow(/DOJO_SECRET_KEY: needs 32 or more random bytes/);
    expect(() => loadConfig({ DOJO_SECRET_KEY: 'ab'.repeat(16) })).toThrow(/DOJO_SECRET_KEY/);
    expect(() => loadConfig({ DOJO_SECRET_KEY: 'ab'.repeat(32) })).not.toThrow();
    expect(() => loadConfig({ DOJO_SECRET_KEY: Buffer.alloc(31).toString('base64') })).toThrow(/DOJO_SECRET_KEY/);
    expect(() => loadConfig({ DOJO_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') })).not.toThrow();
  });
});

describe('the dashboard over HTTP', () => {
  let fx: Fixture;
  let store: ReturnType<typeof createSqliteStore>;
  beforeAll(async () => {
    store = createSqliteStore(openDb({ path: ':memory:' }));
    fx = await seedTeams(store);
  });
  afterAll(async () => {
    await fx.close();
    await store.close();
  });

  it('hands a member a private link through /dojo dashboard that opens the team page with security headers', async () => {
    const link = await fx.linkFor('T1', 'alice');
    expect(link.startsWith(`${fx.base}/dashboard/team?t=v1.`)).toBe(true);
    const res = await get(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toContain('<svg');
    expect(res.body).toMatch(/alice[\s\S]*carol/);
    expect(res.body).not.toContain('<script');
  });

  it('switches the leaderboard by period and category through plain links', async () => {
    const link = await fx.linkFor('T1', 'alice');
    const week = await get(link);
    expect(week.body).toMatch(/<a href="[^"]*period=week[^"]*" aria-current="true">This week<\/a>/);
    const all = await get(`${link}&period=all`);
    expect(all.body).toMatch(/<a href="[^"]*period=all[^"]*" aria-current="true">All time<\/a>/);
    expect(all.body).toMatch(/<td>1<\/td>\s*<td><a [^>]+>bob<\/a><\/td><td class="num">39<\/td>/);
    const nodeOnly = await get(`${link}&period=all&category=nodejs`);
    expect(nodeOnly.body).not.toMatch(/<td><a [^>]+>carol<\/a>/);
    expect(nodeOnly.body).toMatch(/<td><a [^>]+>bob<\/a>/);
  });

  it('shows my page and the archive, newest first, searchable through the full-text index', async () => {
    const link = await fx.linkFor('T1', 'alice');
    const me = await get(link.replace('/team?', '/me?'));
    expect(me.status).toBe(200);
    expect(me.body).toContain('My points over time');
    expect(me.body).toContain('Quiz accuracy per category');
    const archive = await get(link.replace('/team?', '/archive?'));
    expect(archive.body).toContain('3 closed rounds');
    const prompts = [...archive.body.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(prompts[0]).toMatch(/event loop/i);
    expect(prompts.at(-1)).toMatch(/cluster/i);
    const byAnswer = await get(`${link.replace('/team?', '/archive?')}&q=idempotency`);
    expect(byAnswer.body).toContain('1 closed round matching');
    expect(byAnswer.body).toMatch(/hire/i);
    const byQuestion = await get(`${link.replace('/team?', '/archive?')}&q=${encodeURIComponent('Redis sessions')}`);
    expect(byQuestion.body).toContain('1 closed round matching');
    const nothing = await get(`${link.replace('/team?', '/archive?')}&q=${encodeURIComponent('"unbalanced AND OR NEAR(')}`);
    expect(nothing.status).toBe(200);
  });

  it('renders a hostile answer as inert text', async () => {
    const link = await fx.linkFor('T1', 'alice');
    const { body } = await get(link.replace('/team?', '/archive?'));
    expect(body).not.toContain('<script');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('href="javascript');
    expect(body).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;');
    expect(body).toContain('[click me](javascript:alert(1)) &lt;@U999&gt; @everyone');
    expect(HOSTILE).toContain('<script>');
  });

  it('refuses tampered, expired and foreign-key links with a plain 403', async () => {
    const link = await fx.linkFor('T1', 'alice');
    const token = tokenOf(link);
    const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}`;
    const foreign = signLink(Buffer.alloc(32, 1), { workspaceId: 1, memberId: 1, isAdmin: true }, fx.clock.ms + DAY);
    for (const url of [withToken(link, tampered), withToken(link, foreign), link.replace(/\?t=.*/, ''), withToken(link, '')]) {
      const res = await get(url);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.body).toContain('not valid');
    }
    fx.clock.advance(8 * DAY);
    try {
      expect((await get(link)).status).toBe(403);
    } finally {
      fx.clock.advance(-8 * DAY);
    }
  });

  it("never shows another workspace's data, even when asked for its member", async () => {
    const rival = await fx.linkFor('T2', 'mallory');
    const rivalArchive = await get(rival.replace('/team?', '/archive?'));
    expect(rivalArchive.body).toContain(RIVAL_SECRET_ANSWER);
    const malloryId = /member=(\d+)/.exec(rivalArchive.body)![1]!;
    const link = await fx.linkFor('T1', 'alice');
    for (const page of ['team', 'me', 'archive']) {
      for (const extra of ['', `&member=${malloryId}`, '&period=all', '&q=rival']) {
        const { body } = await get(`${link.replace('/team?', `/${page}?`)}${extra}`);
        expect(body).not.toContain('mallory');
        expect(body).not.toContain('rival team answer');
      }
    }
  });

  it('shows the admin view only on an admin link', async () => {
    const admin = await get(await fx.linkFor('T1', 'admin', { admin: true }));
    expect(admin.body).toContain('<section class="admin">');
    expect(admin.body).toContain('#practice');
    const member = await get(await fx.linkFor('T1', 'alice'));
    expect(member.body).not.toContain('<section class="admin">');
  });

  it('serves its stylesheet, redirects /dashboard to the team page, and answers 404 or 405 elsewhere', async () => {
    const css = await get(`${fx.base}/dashboard/static/dashboard.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('x-content-type-options')).toBe('nosniff');
    const redirect = await get(`${fx.base}/dashboard?t=abc`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/dashboard/team?t=abc');
    expect((await get(`${fx.base}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${fx.base}/dashboard/team`, { method: 'POST' })).status).toBe(405);
  });
});

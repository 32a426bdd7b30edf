import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboard } from '../../src/web/dashboard.js';
import { WebServer } from '../../src/web/server.js';
import { SlackBed } from '../fakes/slack-harness.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('the dashboard in Slack HTTP mode', () => {
  let bed: SlackBed;
  let base = '';
  beforeAll(async () => {
    bed = await SlackBed.start({
      web: (store, clock) => {
        const d = createDashboard({ store, clock, log: silent, secret: Buffer.alloc(32, 5), publicUrl: () => base });
        return { links: d.links, routes: new WebServer(d.routes, silent).mounted() };
      },
    });
    base = `http://127.0.0.1:${bed.running.port}`;
  });
  afterAll(() => bed.stop());

  it('answers /dojo dashboard with a private link served on the same port as /slack/events', async () => {
    await bed.command('alice', 'dashboard');
    const reply = await bed.privateTo('alice', 'C0PRACTICE', /Open the dashboard/);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/dashboard\/team\?t=v1\.[\w.-]+)/.exec(JSON.stringify(reply.blocks))?.[1];
    expect(link?.startsWith(`${base}/dashboard/team?t=`)).toBe(true);
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('Alice');
    expect((await fetch(`${link!}x`)).status).toBe(403);
    expect((await fetch(`${base}/dashboard/static/dashboard.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    // Bolt's own route still checks signatures.
    expect((await fetch(bed.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { launchChromium } from './browser.js';
import { type Fixture, HOSTILE, RIVAL_SECRET_ANSWER, seedTeams } from './dashboard-fixture.js';

const DAY = 24 * 3600_000;

describe('the dashboard in headless Chromium', () => {
  let browser: Browser;
  let fx: Fixture;
  let store: ReturnType<typeof createSqliteStore>;
  beforeAll(async () => {
    browser = await launchChromium();
    store = createSqliteStore(openDb({ path: ':memory:' }));
    fx = await seedTeams(store);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await fx?.close();
    await store?.close();
  });

  /** A page that fails the test on any script dialog, page error or CSP violation. */
  async function open(url: string, viewport = { width: 1200, height: 900 }): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    const res = await page.goto(url);
    problems.push(...(res && res.status() >= 400 ? [`status ${res.status()}`] : []));
    return { page, problems };
  }

  it('opens the signed link, draws the charts and switches periods', async () => {
    const { page, problems } = await open(await fx.linkFor('T1', 'alice'));
    expect(await page.title()).toBe('Team · Interview Dojo');
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(2);
    const chart = await page.locator('figure.chart svg').first().boundingBox();
    expect(chart!.width).toBeGreaterThan(200);
    expect(await page.locator('path.line').first().getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(await page.locator('rect.bar').count()).toBeGreaterThan(0);
    const shot = await page.screenshot({ fullPage: true });
    expect(shot.length).toBeGreaterThan(10_000);
    await page.getByRole('link', { name: 'All time' }).click();
    expect(page.url()).toContain('period=all');
    expect(await page.locator('nav.switch a[aria-current]').first().textContent()).toBe('All time');
    expect(await page.locator('table.board tbody tr').first().textContent()).toMatch(/1\s*bob\s*39/);
    await page.getByRole('link', { name: 'Node.js Advanced' }).first().click();
    expect(page.url()).toContain('category=nodejs');
    expect(await page.locator('table.board').textContent()).not.toContain('carol');
    // The fallback tables hold the charts' numbers.
    await page.locator('details.chart-data summary').first().click();
    expect(await page.locator('details.chart-data table').first().isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('searches the archive and shows a hostile answer as plain text, running nothing', async () => {
    const { page, problems } = await open((await fx.linkFor('T1', 'alice')).replace('/team?', '/archive?'));
    expect(await page.locator('article.round').count()).toBe(3);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('article.round img').count()).toBe(0);
    const hostile = page.locator('ol.answers p.text', { hasText: 'alert("owned")' });
    expect(await hostile.textContent()).toBe(HOSTILE);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    await page.getByLabel('Search').fill('idempotency');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(page.url()).toContain('q=idempotency');
    expect(await page.locator('article.round').count()).toBe(1);
    expect(await page.locator('p.count').textContent()).toContain('1 closed round matching');
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Member').selectOption({ label: 'bob' });
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.locator('p.count').textContent()).toContain('2 closed rounds');
    await page.locator('details.reference summary').first().click();
    expect(await page.locator('details.reference').first().textContent()).toContain('Key points');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows my page, readable on a phone without sideways scrolling', async () => {
    const { page, problems } = await open((await fx.linkFor('T1', 'alice')).replace('/team?', '/me?'), { width: 390, height: 844 });
    expect(await page.locator('h1').textContent()).toBe('My page');
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(1);
    // Evaluated in the page, where the DOM exists (this project's TypeScript has no DOM types).
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow as number).toBeLessThanOrEqual(1);
    expect((await page.screenshot()).length).toBeGreaterThan(5_000);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses tampered and expired links with a plain 403 page', async () => {
    const link = await fx.linkFor('T1', 'alice');
    const tampered = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const page = await browser.newPage();
    const res = await page.goto(tampered);
    expect(res!.status()).toBe(403);
    expect(await page.locator('body').textContent()).toContain('This dashboard link is not valid');
    fx.clock.advance(8 * DAY);
    try {
      expect((await page.goto(link))!.status()).toBe(403);
    } finally {
      fx.clock.advance(-8 * DAY);
    }
    await page.close();
  });

  it("never shows another workspace's data", async () => {
    const link = await fx.linkFor('T1', 'alice');
    const page = await browser.newPage();
    for (const path of ['/team?', '/me?', '/archive?']) {
      await page.goto(`${link.replace('/team?', path)}&period=all&q=rival`);
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).not.toContain('mallory');
      expect(text).not.toContain(RIVAL_SECRET_ANSWER);
    }
    await page.close();
  });
});

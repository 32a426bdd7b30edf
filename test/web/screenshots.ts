import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { launchChromium } from './browser.js';
import { seedTeams } from './dashboard-fixture.js';

/**
 * Writes the README's dashboard screenshots from a real run: the core plays ten weeks of rounds,
 * the dashboard serves them, Chromium takes the pictures.
 * `npx tsx test/web/screenshots.ts [folder]` (default docs/dashboard).
 */
const out = process.argv[2] ?? 'docs/dashboard';
mkdirSync(out, { recursive: true });
const store = createSqliteStore(openDb({ path: ':memory:' }));
const fx = await seedTeams(store, { start: '2026-09-07T08:00:00Z', history: 9 });
const browser = await launchChromium();
try {
  const link = await fx.linkFor('T1', 'alice');
  const shots: [string, string, { width: number; height: number }][] = [
    ['team.png', `${link}&period=all`, { width: 1100, height: 1500 }],
    ['me.png', link.replace('/team?', '/me?'), { width: 1100, height: 1100 }],
    ['archive.png', `${link.replace('/team?', '/archive?')}&q=cache`, { width: 1100, height: 1100 }],
    ['team-phone.png', link, { width: 390, height: 1200 }],
  ];
  for (const [file, url, viewport] of shots) {
    const page = await browser.newPage({ viewport });
    await page.goto(url);
    if (file === 'archive.png')
      await page
        .locator('details.reference')
        .first()
        .evaluate((d) => d.setAttribute('open', ''));
    await page.screenshot({ path: join(out, file) });
    await page.close();
    process.stdout.write(`wrote ${join(out, file)}\n`);
  }
} finally {
  await browser.close();
  await fx.close();
  await store.close();
}

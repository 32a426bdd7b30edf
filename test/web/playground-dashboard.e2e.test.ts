import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** The real entry point as the playground, stdin held open so its dashboard keeps serving. */
function playground(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, output: () => out, exited };
}

describe('the playground dashboard', () => {
  it('prints a working localhost link with no configuration and serves the pages while it runs', async () => {
    const dir = tempDir('dojo-web-');
    const p = playground({ DOJO_DB_PATH: `${dir}/dojo.sqlite` });
    try {
      p.child.stdin.write('/dojo dashboard\n');
      const link = await waitFor(
        () => /(http:\/\/127\.0\.0\.1:\d+\/dashboard\/team\?t=v1\.[\w.-]+)/.exec(p.output())?.[1],
        'the link',
        30_000,
      );
      const res = await fetch(link);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<h1>Team</h1>');
      expect((await fetch(`${link}x`)).status).toBe(403);
    } finally {
      p.child.stdin.end();
      expect(await p.exited).toBe(0);
    }
    // The key lives in the playground's database: a link from the first run still opens in the second.
    const first = /(http:\/\/127\.0\.0\.1:\d+)(\/dashboard\/team\?t=v1\.[\w.-]+)/.exec(p.output())!;
    const again = playground({ DOJO_DB_PATH: `${dir}/dojo.sqlite`, DOJO_WEB_PORT: '0' });
    try {
      again.child.stdin.write('/dojo dashboard\n');
      const base = await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+)\/dashboard/.exec(again.output())?.[1], 'the second link', 30_000);
      expect((await fetch(`${base}${first[2]}`)).status).toBe(200);
    } finally {
      again.child.stdin.end();
      await again.exited;
    }
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack-server.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { tempDir } from '../support/temp-dir.js';

loopbackOnly();

const BOT_TOKEN = 'xoxb-0000-port-bot';
let fake: FakeSlack;

beforeAll(async () => {
  fake = await FakeSlack.start({ botToken: BOT_TOKEN, teamId: 'T0PORT', botUserId: 'U0BOT', botId: 'B0BOT', users: [] });
});
afterAll(async () => {
  await fake?.close();
});

/** Starts the real entry point in Slack HTTP mode with PORT as given; resolves with its stderr once it is ready or has exited. */
function start(port: string): Promise<{ err: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: 'port-signing-secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: port,
        DOJO_DB_PATH: join(tempDir('dojo-port-'), 'dojo.sqlite'),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bot neither got ready nor exited within 60 s\n${err}`));
    }, 60_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('slack ready')) child.kill('SIGTERM');
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ err, code });
    });
  });
}

describe('PORT at start-up', () => {
  it('an empty or blank PORT means the default 3000, never a port the system picks', async () => {
    for (const blank of ['', '   ']) {
      const { err } = await start(blank);
      expect(err, JSON.stringify(blank)).toContain('Slack in HTTP mode on port 3000');
      const ready = err.split('\n').find((l) => l.includes('slack ready'));
      // Another program may hold 3000 on a shared machine; then the bot must fail on 3000, not move elsewhere.
      if (ready) expect((JSON.parse(ready) as { port: number }).port).toBe(3000);
      else expect(err).toMatch(/EADDRINUSE.*3000|3000.*EADDRINUSE/);
    }
  }, 120_000);

  it('a PORT that is not a port number stops the start with one line naming PORT', async () => {
    for (const bad of ['http', '70000', '-1', '80.5']) {
      const { err, code } = await start(bad);
      expect(code).toBe(1);
      expect(err.trim().split('\n')).toEqual(['config error: PORT: expected a port number from 0 to 65535 (unset or blank: 3000)']);
    }
  }, 120_000);
});

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeMode, hasDiscord, hasSlack, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('with no platform tokens selects the playground with the documented defaults', () => {
    const c = loadConfig({});
    expect(hasSlack(c) || hasDiscord(c)).toBe(false);
    expect(c.DOJO_DB_PATH).toBe('./data/dojo.sqlite');
    expect(c.DOJO_TIMEZONE).toBe('UTC');
    expect(c.PORT).toBe(3000);
  });

  it('names the mode it chose and the variables that chose it', () => {
    expect(describeMode(loadConfig({}), false)).toBe(
      'mode: playground (no SLACK_BOT_TOKEN or DISCORD_TOKEN; no .env file, settings from the environment)',
    );
    const both = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456' });
    expect(describeMode(both, true)).toBe(
      'mode: Slack in HTTP mode on port 3000 (no SLACK_APP_TOKEN) + Discord (DISCORD_TOKEN set) (settings from .env and the environment)',
    );
    expect(describeMode(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }), false)).toMatch(
      /^mode: Slack in Socket Mode \(SLACK_APP_TOKEN set\)/,
    );
  });

  it('names each bad variable on one line without echoing secret values', () => {
    const lines = problems({ SLACK_BOT_TOKEN: 'xoxp-secret-value', PORT: 'eighty', DISCORD_TOKEN: 'abc' });
    expect(lines).toEqual([
      'config error: SLACK_BOT_TOKEN: expected a bot token starting with xoxb-',
      expect.stringMatching(/^config error: PORT: /),
    ]);
    expect(lines.join('\n')).not.toContain('secret-value');
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', DISCORD_TOKEN: 'abc' })).toEqual([
      'config error: SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      'config error: DISCORD_APPLICATION_ID: required with DISCORD_TOKEN',
    ]);
  });

  it('reads which Discord shards this instance runs, and refuses a set that cannot be right', () => {
    const discord = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456' };
    const shards = loadConfig({ ...discord, DISCORD_SHARD_COUNT: '4', DISCORD_SHARDS: '2, 3,2' });
    expect([shards.DISCORD_SHARD_COUNT, shards.DISCORD_SHARDS]).toEqual([4, [2, 3]]);
    expect(loadConfig({ ...discord, DISCORD_SHARD_COUNT: '2' }).DISCORD_SHARDS).toBeUndefined();
    expect(problems({ ...discord, DISCORD_SHARDS: '0,1' })).toEqual([
      'config error: DISCORD_SHARDS: needs DISCORD_SHARD_COUNT (the total over all instances)',
    ]);
    expect(problems({ ...discord, DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '1,2' })).toEqual([
      'config error: DISCORD_SHARDS: each shard id must be below DISCORD_SHARD_COUNT (2)',
    ]);
    expect(problems({ ...discord, DISCORD_SHARD_COUNT: '0' })).toEqual([
      'config error: DISCORD_SHARD_COUNT: expected a whole number of shards, 1 or more',
    ]);
    expect(problems({ ...discord, DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: 'first' })).toEqual([
      'config error: DISCORD_SHARDS: expected a list of shard ids separated by commas, e.g. 0,1',
    ]);
  });

  it('turns on the "Add to Slack" install with the client id, secret and state secret and no bot token', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const oauth = {
      SLACK_CLIENT_ID: '123.456',
      SLACK_CLIENT_SECRET: 'client-secret-value',
      SLACK_STATE_SECRET: 'state-secret-value',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
    };
    const c = loadConfig({ ...oauth, DOJO_SECRET_KEY: key });
    expect(hasSlack(c)).toBe(true);
    expect(describeMode(c, false)).toMatch(/^mode: Slack "Add to Slack" for many workspaces, HTTP mode on port 3000 \(SLACK_CLIENT_ID set/);
    expect(hasSlack(loadConfig({ ...oauth, DOJO_SECRET_KEY: key, SLACK_BOT_TOKEN: 'xoxb-1' }))).toBe(true);
    expect(describeMode(loadConfig({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' }), false)).toMatch(/^mode: Slack in HTTP mode/);
  });

  it('stops start-up with one line when the "Add to Slack" install has no usable DOJO_SECRET_KEY', () => {
    const oauth = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c', SLACK_STATE_SECRET: 's', SLACK_SIGNING_SECRET: 'g' };
    expect(problems(oauth)).toEqual([expect.stringMatching(/^config error: DOJO_SECRET_KEY: required for the "Add to Slack" install/)]);
    const short = problems({ ...oauth, DOJO_SECRET_KEY: 'c2hvcnQtc2VjcmV0LWtleQ==' });
    expect(short).toEqual([
      'config error: DOJO_SECRET_KEY: needs 32 or more random bytes written in base64 or hex (this one has 16); make one with: openssl rand -base64 32',
    ]);
    expect(short.join('\n')).not.toContain('c2hvcnQ');
    expect(problems({ SLACK_CLIENT_ID: '1.2', DOJO_SECRET_KEY: 'ab'.repeat(32) })).toEqual([
      expect.stringMatching(/^config error: SLACK_CLIENT_SECRET: required/),
      expect.stringMatching(/^config error: SLACK_STATE_SECRET: required/),
      expect.stringMatching(/^config error: SLACK_SIGNING_SECRET: required/),
    ]);
  });

  it('splits DOJO_ADMINS into ids', () => {
    expect(loadConfig({ DOJO_ADMINS: ' U1, 42 ,,' }).DOJO_ADMINS).toEqual(['U1', '42']);
  });
});

describe('logs', () => {
  it('never contain tokens, secrets or answer text', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _e, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      {
        token: 'xoxb-1',
        config: { SLACK_BOT_TOKEN: 'xoxb-2', DISCORD_TOKEN: 'd-3' },
        headers: { authorization: 'Bot d-4' },
        text: 'my private answer',
      },
      'event',
    );
    expect(out).toContain('"msg":"event"');
    for (const secret of ['xoxb-1', 'xoxb-2', 'd-3', 'Bot d-4', 'my private answer']) expect(out).not.toContain(secret);
  });
});

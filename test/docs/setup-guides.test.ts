import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const read = (p: string) => readFileSync(p, 'utf8');
const readme = read('README.md');
const slack = read('adapters/slack/README.md');
const discord = read('adapters/discord/README.md');

describe('the setup guides a newcomer follows', () => {
  it('state the Node version that package.json engines requires', () => {
    const engines = JSON.parse(read('package.json')).engines.node as string;
    const min = /^>=(\d+\.\d+)$/.exec(engines)?.[1];
    expect(min).toBeDefined();
    expect(readme).toContain(`Node.js ${min} or newer`);
    expect(readme).toContain(`Node.js ${min}+`);
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    const [wantMajor, wantMinor] = min!.split('.').map(Number) as [number, number];
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(wantMajor * 1000 + wantMinor);
  });

  it('ask Discord for exactly the permissions in the table, none of them unused (the bot never adds reactions)', () => {
    const invite = /permissions=(\d+)/.exec(discord)?.[1];
    const bits = [...discord.matchAll(/^\| [A-Z][^|]+\| 1 << (\d+)\s*\|/gm)].map((m) => 1n << BigInt(m[1]!));
    expect(bits.length).toBeGreaterThan(3);
    expect(BigInt(invite!)).toBe(bits.reduce((a, b) => a + b, 0n));
    expect(discord).not.toMatch(/Add Reactions/);
    const code = readdirSync('adapters/discord')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => read(join('adapters/discord', f)))
      .join('\n');
    expect(code).not.toMatch(/\.react\(|PUT.*reactions/);
  });

  it('cover the steps that were missing: start the bot, verify the Slack URL, find ids, the Public Bot trap, forums', () => {
    expect(discord).toMatch(/\*\*Start the bot\.\*\*[\s\S]*npm start[\s\S]*discord ready/);
    expect(discord).toMatch(/Copy Server ID[\s\S]*DISCORD_GUILD_ID|DISCORD_GUILD_ID[\s\S]*Copy Server ID/);
    expect(discord).toMatch(/Copy User ID/);
    expect(discord).toMatch(/Public Bot[\s\S]*Install Link[\s\S]*None/);
    expect(discord).toMatch(/Forum channels do not work as practice channels/);
    expect(slack).toMatch(/HTTP mode only: verify the request URL now that the app runs/);
    expect(slack).toMatch(/Copy member ID/);
    expect(slack).toMatch(/\.env/);
  });

  it('have a deployment section: process manager or container, where the database lives, backups', () => {
    const section = readme.slice(readme.indexOf('## Deployment'), readme.indexOf('## Reliability'));
    expect(section.length).toBeGreaterThan(200);
    for (const needle of ['systemd', 'Container', 'DOJO_DB_PATH', '-wal', 'npm run backup', 'restore']) expect(section).toContain(needle);
    expect(read('package.json')).toContain('"backup"');
  });
});

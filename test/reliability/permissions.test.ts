import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandList, workspaceRef } from '../../src/core/index.js';
import { DiscordBed } from '../fakes/discord-harness.js';
import type { FakeUser } from '../fakes/discord-server.js';
import { SlackBed, TEAM, USERS, blockText } from '../fakes/slack-harness.js';
import { tableRows } from '../support/db-scan.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

const ADMIN_COMMANDS = commandList().filter((c) => c.admin);

/**
 * Arguments that would change something if the command ran, per admin command; any admin
 * command not listed here is tried bare. `config admins add` is a member promoting themselves.
 */
const ATTEMPTS: Record<string, (self: string) => string[]> = {
  setup: () => ['', 'time=07:00 days=mon-sun'],
  packs: () => ['disable module-lead-nodejs'],
  suggestions: () => ['approve 1'],
  config: (self) => ['', `admins add <@${self}>`, 'points.answer=999', 'season new', 'rebuild'],
};
const attemptsFor = (name: string, self: string) => ATTEMPTS[name]?.(self) ?? [''];

// Delivery claims are bookkeeping of every request, refused or not.
const UNCHANGED_EXCEPT = ['processed_events'];

describe('admin commands on Slack', () => {
  const C = 'C0PERM001';
  let bed: SlackBed;
  beforeAll(async () => {
    // Dave is in DOJO_ADMINS; Alice is neither a workspace admin nor listed there.
    bed = await SlackBed.start({ admins: [USERS.dave.id] });
    await bed.askIn(C);
    await bed.command('bob', 'suggest How do you rotate a leaked key?', C);
    await bed.privateTo('bob', C, /waiting for an admin/);
    await bed.command('alice', 'help', C);
    await bed.privateTo('alice', C, /Interview Dojo/);
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('refuses every admin command, under every name, to a member who is not an admin, and changes nothing', async () => {
    const client = bed.h.db.$client;
    const before = tableRows(client, UNCHANGED_EXCEPT);
    const tried: string[] = [];
    for (const c of ADMIN_COMMANDS) {
      for (const name of [c.name, ...(c.aliases ?? [])]) {
        for (const args of attemptsFor(c.name, USERS.alice.id)) {
          const text = `${name} ${args}`.trim();
          expect(await bed.command('alice', text, C)).toBe(200);
          tried.push(text);
          const refusals = () => bed.fake.ephemeralsFor(USERS.alice.id, C).filter((e) => /Only admins can use/.test(blockText(e.blocks)));
          const last = await waitFor(() => refusals().length === tried.length && refusals().at(-1), `the refusal of /dojo ${text}`);
          expect(blockText(last.blocks)).toContain(`Only admins can use /dojo ${c.name}.`);
        }
      }
    }
    expect(tried.length).toBeGreaterThanOrEqual(ADMIN_COMMANDS.length);
    expect(tableRows(client, UNCHANGED_EXCEPT)).toEqual(before);
  });

  it('refuses the admin-only suggestion buttons to a member who is not an admin', async () => {
    const ws = (await bed.h.repos.workspaces.findByRef('slack', workspaceRef(TEAM)))!;
    const [pending] = await bed.h.repos.suggestions.listPending(ws.id);
    await bed.press('alice', { channel: C, ts: '1764490000.000042', ephemeral: true }, `dojo:suggestion:${pending!.id}:approve`);
    await bed.privateTo('alice', C, /Only admins can review suggestions/);
    expect((await bed.h.repos.suggestions.listPending(ws.id)).map((s) => s.id)).toEqual([pending!.id]);
  });

  it('lets a DOJO_ADMINS member and a workspace admin run them, so the refusals were about rights', async () => {
    await bed.command('dave', 'config', C);
    await bed.privateTo('dave', C, /Workspace settings/);
    await bed.command('admin', 'config points.answer=12', C);
    await bed.privateTo('admin', C, /Updated: points\.answer=12/);
    expect(bed.logs.filter((l) => l.msg === 'slack delivery failed')).toEqual([]);
  });
});

describe('admin commands on Discord', () => {
  let bed: DiscordBed;
  let mod: FakeUser;
  beforeAll(async () => {
    bed = await DiscordBed.start();
    await bed.setUp();
    await bed.ask();
    // Kick Members, Manage Channels, Manage Messages and Manage Roles — everything but Manage Server (or Administrator).
    mod = bed.member('mod', String((1 << 1) | (1 << 4) | (1 << 13) | (1 << 28)));
    expect(
      await bed.answerTo(bed.fake.command(bed.member('bob'), 'dojo', 'suggest', { question: 'How do you rotate a leaked key?' })),
    ).toContain('waiting for an admin');
    expect(await bed.answerTo(bed.fake.command(mod, 'dojo', 'help'))).toContain('Interview Dojo');
  });
  afterAll(async () => {
    await bed?.stop();
  });

  /** Discord options that make the core text of each attempt (see adapters/discord/commands.ts). */
  function optionsFor(name: string, args: string): Record<string, string | number> {
    const [verb, value] = args.split(' ');
    if (!args) return {};
    if (name === 'setup') return Object.fromEntries(args.split(' ').map((kv) => kv.split('=') as [string, string]));
    if (name === 'packs') return { action: verb!, pack: value! };
    if (name === 'suggestions') return { action: verb!, id: Number(value) };
    return { settings: args };
  }

  it('refuses every admin command to a member without Manage Server, through /dojo-admin and even through /dojo, and changes nothing', async () => {
    const { fake, h } = bed;
    const before = tableRows(h.db.$client, UNCHANGED_EXCEPT);
    let tried = 0;
    for (const c of ADMIN_COMMANDS) {
      for (const args of attemptsFor(c.name, mod.id)) {
        // /dojo-admin is hidden from members by default_member_permissions, which server admins can change.
        for (const root of ['dojo-admin', 'dojo']) {
          const reply = await bed.answerTo(fake.command(mod, root, c.name, optionsFor(c.name, args)), `${root} ${c.name} ${args}`);
          expect(reply).toContain(`Only admins can use /dojo-admin ${c.name}.`);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(ADMIN_COMMANDS.length * 2);
    expect(tableRows(h.db.$client, UNCHANGED_EXCEPT)).toEqual(before);
  });

  it('lets a member with Manage Server run them, so the refusals were about rights', async () => {
    expect(await bed.answerTo(bed.fake.command(bed.admin, 'dojo-admin', 'config'))).toContain('Workspace settings');
    expect(bed.errors()).toEqual([]);
  });
});

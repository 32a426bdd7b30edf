import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRef } from '../../src/core/index.js';
import { blockText, buttonId, roundOf } from '../fakes/slack-harness.js';
import { CLIENT_SECRET, type Place, SlackOAuthBed, STATE_SECRET } from '../fakes/slack-oauth-harness.js';
import type { FakeMessage, FakeSlack } from '../fakes/slack-server.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { tempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

// Three installs: a plain workspace, a workspace install inside one Enterprise Grid org, and an
// org-wide install of another org that spans two workspaces.
const A: Place = { team: 'T0AAAAAA1', channel: 'C0AAAAAA1' };
const B: Place = { team: 'T0BBBBBB1', enterprise: 'E0BORG001', channel: 'C0BBBBBB1' };
const G1: Place = { team: 'T0GRIDW01', enterprise: 'E0GRID001', orgWide: true, channel: 'C0GRID001' };
const G2: Place = { ...G1, team: 'T0GRIDW02', channel: 'C0GRID002' };
const NOBODY: Place = { team: 'T0NOINST1', channel: 'C0NOINST1' };

const admin = (p: Place) => `U${p.team.slice(2, 6)}ADM`;
const member = (p: Place) => `U${p.team.slice(2, 6)}MEM`;
// One person of the Grid org, whichever of its workspaces they act in.
const GRID_MEMBER = 'W0GRIDMEM';

const users = [A, B, G1, NOBODY].flatMap((p) => [
  { id: admin(p), name: `adm-${p.team}`, display_name: `Admin ${p.team}`, is_admin: true },
  { id: member(p), name: `mem-${p.team}`, display_name: `Member ${p.team}` },
]);
users.push({ id: GRID_MEMBER, name: 'gridmem', display_name: 'Grace Grid' });

describe('"Add to Slack": one bot installed by two workspaces and an Enterprise Grid org', () => {
  let fake: FakeSlack;
  let bed: SlackOAuthBed;
  const path = join(tempDir('dojo-oauth-'), 'dojo.sqlite');
  const secretKey = SlackOAuthBed.newSecretKey();
  const questions = new Map<string, FakeMessage>();
  const sql = <T>(q: string, ...args: unknown[]) =>
    bed.h.db.$client
      .prepare(q)
      .pluck()
      .get(...args) as T;
  const count = (table: string) => sql<number>(`SELECT count(*) FROM ${table}`);
  const tokenOf = (id: string) => fake.installOf(id)!.token;
  /** The token each chat.postMessage into `channel` used. */
  const postTokens = (channel: string) =>
    fake
      .callsOf('chat.postMessage')
      .filter((c) => c.args.channel === channel)
      .map((c) => c.token);

  beforeAll(async () => {
    fake = await SlackOAuthBed.fake(users);
    for (const p of [A, B, G1, G2, NOBODY]) fake.addChannel(p.channel, p.team, p.enterprise ?? null);
    bed = await SlackOAuthBed.start({ fake, path, secretKey });
  });
  afterAll(async () => {
    await bed.stop();
    await fake.close();
  });

  it('shows an "Add to Slack" page that asks Slack for the bot scopes with a signed state', async () => {
    const res = await fetch(`${bed.base}/slack/install`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Add to Slack');
    expect(res.headers.getSetCookie().join(';')).toMatch(/slack-app-oauth-state=/);
    const link = new URL(/id="add-to-slack" href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'));
    expect(link.searchParams.get('client_id')).toBe('1111.2222');
    expect(link.searchParams.get('scope')?.split(',')).toEqual(expect.arrayContaining(['commands', 'chat:write', 'reactions:read']));
    expect(link.searchParams.get('state')).toBeTruthy();
  });

  it('installs through the real OAuth routes into a workspace, a workspace of an org, and a whole org', async () => {
    for (const [grant, where] of [
      [{ team: { id: A.team, name: 'Team A' }, installer: admin(A) }, 'Team A'],
      [{ team: { id: B.team, name: 'Team B' }, enterprise: { id: B.enterprise!, name: 'B Org' }, installer: admin(B) }, 'Team B'],
      [{ enterprise: { id: G1.enterprise!, name: 'Grid Org' }, orgWide: true, installer: admin(G1) }, 'Grid Org'],
    ] as const) {
      const done = await bed.install(grant);
      expect(done.status).toBe(200);
      expect(done.html).toContain(`installed in <strong>${where}</strong>`);
    }
    const rows = bed.h.db.$client
      .prepare(
        'SELECT workspace_ref, enterprise_ref, is_org_wide, bot_user_ref, installer_ref, sealed FROM installations ORDER BY workspace_ref',
      )
      .all() as { workspace_ref: string; is_org_wide: number; sealed: string }[];
    expect(rows.map((r) => [r.workspace_ref, r.is_org_wide])).toEqual([
      [G1.enterprise, 1],
      [A.team, 0],
      [B.team, 0],
    ]);
    // Encrypted at rest: no row holds a token.
    for (const r of rows) expect(JSON.stringify(r)).not.toMatch(/xoxb-|fake-install-token/);
    expect(sql<number>("SELECT count(*) FROM workspaces WHERE platform = 'slack' AND status = 'active'")).toBe(3);
  });

  it('refuses a redirect whose state is not this browser’s with a friendly page, and installs nothing', async () => {
    const before = count('installations');
    const forged = await bed.install({ team: { id: 'T0EVIL001', name: 'Evil' }, installer: 'U0EVIL' }, { state: 'forged-state' });
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('expired or was opened in another browser');
    expect(forged.html).toContain('href="/slack/install"');
    expect(forged.html).not.toMatch(/stack|Error:/);
    const noCookie = await bed.install({ team: { id: 'T0EVIL001', name: 'Evil' }, installer: 'U0EVIL' }, { cookie: '' });
    expect(noCookie.status).toBe(400);
    expect(count('installations')).toBe(before);
    expect(fake.installOf('T0EVIL001')).toBeUndefined();
  });

  it('gives each workspace its own daily question, posted with its own token', async () => {
    for (const p of [A, B, G1]) {
      expect(await bed.command(admin(p), 'setup', p)).toBe(200);
      await bed.privateTo(admin(p), p.channel, /practice channel/);
    }
    bed.h.clock.set('2026-11-30T09:00:00Z');
    await bed.h.dojo.tick();
    for (const [p, token] of [
      [A, tokenOf(A.team)],
      [B, tokenOf(B.team)],
      [G1, tokenOf(G1.enterprise!)],
    ] as const) {
      const q = await waitFor(() => fake.inChannel(p.channel).find((m) => roundOf(m) > 0), `the question in ${p.channel}`);
      questions.set(p.channel, q);
      expect(postTokens(p.channel)).toEqual([token]);
    }
    // Three installs, three different tokens, and the fake holds each to its own workspace like Slack.
    expect(new Set([A, B, G1].map((p) => postTokens(p.channel)[0])).size).toBe(3);
    const crossPost = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenOf(A.team)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: B.channel, text: 'x' }),
    });
    expect(await crossPost.json()).toEqual({ ok: false, error: 'channel_not_found' });
  });

  it('treats an org-wide install as one workspace: the same member whichever of its workspaces they act in', async () => {
    const q = questions.get(G1.channel)!;
    await bed.reply(GRID_MEMBER, G1, q.ts, 'Partition by tenant, keep an idempotency key per write, and alert on lag.');
    await bed.privateTo(GRID_MEMBER, G1.channel, /Your answer is in/);
    // A private quiz started from another workspace of the org, its button pressed with the org-wide shape.
    expect(await bed.command(GRID_MEMBER, 'quiz mcq', G2)).toBe(200);
    const quiz = await waitFor(
      () => fake.ephemeralsFor(GRID_MEMBER, G2.channel).find((e) => /Quiz ·/.test(blockText(e.blocks))),
      'the quiz for the grid member',
    );
    expect(await bed.press(GRID_MEMBER, G2, { ts: '1.000001', ephemeral: true }, buttonId(quiz.blocks, 'A'))).toBe(200);
    await waitFor(
      () => fake.ephemeralsFor(GRID_MEMBER, G2.channel).find((e) => /Correct|Not quite/.test(blockText(e.blocks))),
      'the quiz feedback',
    );
    expect(fake.ephemeralsFor(GRID_MEMBER).some((e) => /someone else/.test(blockText(e.blocks) + e.text))).toBe(false);
    expect(sql<number>("SELECT count(*) FROM workspaces WHERE platform = 'slack' AND ref LIKE 'T0GRID%'")).toBe(0);
    expect(sql<number>('SELECT count(*) FROM members WHERE user_ref = ?', GRID_MEMBER)).toBe(1);
  });

  it('refuses cross-team reactions, replies and button presses: nothing written, nothing shown', async () => {
    const qa = questions.get(A.channel)!;
    await bed.reply(member(A), A, qa.ts, 'Use a lease with a fencing token so a stale writer cannot win.');
    await bed.privateTo(member(A), A.channel, /Your answer is in/);
    const answerTs = fake.inThread(A.channel, qa.ts).find((m) => m.user === member(A))!.ts;
    const tables = ['votes', 'answers', 'score_ledger', 'score_totals', 'members', 'workspaces', 'meta'];
    const before = Object.fromEntries(tables.map((t) => [t, count(t)]));
    const shownBefore = fake.messages.length + fake.ephemerals.length + fake.modals.length;
    // Team B's member, in hand-built payloads that name team A's messages with team B's id.
    const onA = { ...B, channel: A.channel };
    await bed.react(member(B), onA, answerTs);
    await bed.reply(member(B), onA, qa.ts, 'A reply from another workspace that must not count as an answer.');
    expect(await bed.press(member(B), onA, { ts: qa.ts }, buttonId(qa.blocks, 'Answer'))).toBe(200);
    // And the org-wide shape on team A's question.
    await bed.react(GRID_MEMBER, { ...G1, channel: A.channel }, answerTs);
    const refusals = () => bed.logs.filter((l) => l.msg === 'delivery refused: it names another workspace’s data');
    await waitFor(() => refusals().length >= 4, 'refusals logged').catch((e) => {
      throw new Error(`${e} ${JSON.stringify(bed.logs.filter((l) => Number(l.level) >= 40 || /refused/.test(String(l.msg))).slice(-10))}`);
    });
    expect(Object.fromEntries(tables.map((t) => [t, count(t)]))).toEqual(before);
    await bed.h.dojo.drain();
    expect(fake.messages.length + fake.ephemerals.length + fake.modals.length).toBe(shownBefore + 1 /* the hand-built reply itself */);
    const refused = bed.logs.find((l) => l.msg === 'delivery refused: it names another workspace’s data')!;
    expect(refused).toMatchObject({ level: 40, platform: 'slack', workspace: B.team });
  });

  it('ignores events from a workspace with no installation, creating no rows', async () => {
    const before = ['workspaces', 'members', 'processed_events', 'installations'].map(count);
    expect(await bed.command(admin(NOBODY), 'setup', NOBODY)).toBe(200);
    await bed.react(member(NOBODY), NOBODY, '1.000001');
    await bed.event({ type: 'app_uninstalled' }, NOBODY);
    expect(['workspaces', 'members', 'processed_events', 'installations'].map(count)).toEqual(before);
    expect(fake.ephemeralsFor(admin(NOBODY))).toEqual([]);
    expect(bed.logs.filter((l) => l.msg === 'slack request from a workspace without an installation ignored')).toHaveLength(2);
  });

  it('keeps a workspace installed when only a user token is revoked', async () => {
    await bed.event({ type: 'tokens_revoked', tokens: { oauth: [admin(A)] } }, A);
    expect(sql<string>('SELECT status FROM workspaces WHERE ref = ?', A.team)).toBe('active');
    expect(await bed.h.dojo.installation('slack', workspaceRef(A.team))).toBeDefined();
  });

  it('stops all work for an uninstalled workspace and leaves the others untouched', async () => {
    fake.revoke(tokenOf(B.team));
    expect(await bed.event({ type: 'app_uninstalled' }, B)).toBe(200);
    await waitFor(async () => !(await bed.h.dojo.installation('slack', workspaceRef(B.team))), 'B uninstalled');
    expect(sql<string>('SELECT status FROM workspaces WHERE ref = ?', B.team)).toBe('removed');
    // Its data is kept.
    expect(sql<number>('SELECT count(*) FROM rounds r JOIN channels c ON c.id = r.channel_id WHERE c.ref = ?', B.channel)).toBe(1);
    bed.h.clock.set('2026-12-01T09:00:00Z');
    await bed.h.dojo.tick();
    await waitFor(() => fake.inChannel(A.channel).filter((m) => roundOf(m) > 0).length === 2, 'the second question in A');
    await waitFor(() => fake.inChannel(G1.channel).filter((m) => roundOf(m) > 0).length === 2, 'the second question in the org');
    await bed.h.dojo.drain();
    expect(fake.inChannel(B.channel).filter((m) => roundOf(m) > 0)).toHaveLength(1);
    expect(fake.callsOf('chat.postMessage').filter((c) => c.token === tokenOf(A.team)).length).toBeGreaterThan(1);
    // Events from the uninstalled workspace are not authorized any more: nothing is written.
    const before = count('processed_events');
    await bed.command(admin(B), 'ask', B);
    expect(count('processed_events')).toBe(before);
  });

  it('keeps every installation across a restart, and a reinstall resumes the uninstalled workspace', async () => {
    await bed.stop();
    bed = await SlackOAuthBed.start({ fake, path, secretKey, start: '2026-12-01T10:00:00Z' });
    for (const p of [A, G2]) {
      expect(await bed.command(admin(p.orgWide ? G1 : p), 'help', p)).toBe(200);
      await bed.privateTo(admin(p.orgWide ? G1 : p), p.channel, /dojo/i);
    }
    const done = await bed.install({
      team: { id: B.team, name: 'Team B' },
      enterprise: { id: B.enterprise!, name: 'B Org' },
      installer: admin(B),
    });
    expect(done.status).toBe(200);
    expect(sql<string>('SELECT status FROM workspaces WHERE ref = ?', B.team)).toBe('active');
    bed.h.clock.set('2026-12-02T09:00:00Z');
    await bed.h.dojo.tick();
    for (const p of [A, B, G1])
      await waitFor(
        () =>
          fake
            .inChannel(p.channel)
            .filter((m) => roundOf(m) > 0)
            .at(-1)?.ts !== questions.get(p.channel)!.ts,
        `a new question in ${p.channel}`,
      );
    expect(postTokens(B.channel).at(-1)).toBe(tokenOf(B.team));
    expect(postTokens(A.channel).at(-1)).toBe(tokenOf(A.team));
  });

  it('never writes a token or an OAuth secret to the logs', () => {
    const all = JSON.stringify(bed.logs) + JSON.stringify(fake.installs.map((i) => i.token));
    expect(all).toContain('fake-install-token');
    const logs = JSON.stringify(bed.logs);
    for (const secret of [...fake.installs.map((i) => i.token), CLIENT_SECRET, STATE_SECRET, secretKey]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/xoxb-[A-Za-z0-9]/);
  });
});

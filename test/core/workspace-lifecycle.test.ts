import { describe, expect, it } from 'vitest';
import { userRef, workspaceRef, type InboundEvent } from '../../src/core/index.js';
import type { Installation } from '../../src/core/types.js';
import { createHarness, WS } from '../support/core-harness.js';

const installation = (sealed: string): Installation => ({
  platform: 'test',
  workspace: WS,
  enterpriseRef: null,
  isOrgWide: false,
  botUserRef: userRef('B1'),
  scopes: ['chat:write'],
  installerRef: userRef('admin'),
  sealed,
  installedAt: 0,
});

const removed = {
  platform: 'test',
  workspace: WS,
  kind: 'workspace-removed',
  actor: { ref: userRef('system'), name: 'system', isBot: true, isPlatformAdmin: false },
} as InboundEvent;

describe('installing and removing a workspace', () => {
  it('drops what the outbox still holds for a removed workspace, and posts nothing more there', async () => {
    const h = createHarness();
    await h.dojo.install(installation('s1'), 'Team');
    await h.command('admin', 'setup', { admin: true });
    // The question's first send fails, so it is still waiting when the workspace is removed.
    h.port.failNext = 1;
    h.clock.set('2026-11-30T09:00:00Z');
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(0);
    await h.dojo.handle(removed);
    expect(await h.dojo.installation('test', WS)).toBeUndefined();
    h.clock.advance(60 * 60_000);
    await h.dojo.tick();
    h.clock.set('2026-12-01T09:00:00Z');
    await h.dojo.tick();
    expect(h.port.posts.filter((p) => !p.to)).toEqual([]);
    expect(h.db.$client.prepare('SELECT status FROM rounds').pluck().all()).toEqual(['failed']);
    expect(await h.repos.outbox.countPending()).toBe(0);
  });

  it('resumes on reinstall: the workspace is active again and its schedule runs', async () => {
    const h = createHarness();
    await h.dojo.install(installation('s1'), 'Team');
    await h.command('admin', 'setup', { admin: true });
    await h.dojo.handle(removed);
    expect((await h.repos.workspaces.findByRef('test', WS))!.status).toBe('removed');
    await h.dojo.install(installation('s2'), '');
    expect((await h.repos.workspaces.findByRef('test', WS))!).toMatchObject({ status: 'active', name: 'Team' });
    expect((await h.dojo.installation('test', WS))!.sealed).toBe('s2');
    h.clock.set('2026-11-30T09:00:00Z');
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(1);
    expect(await h.dojo.installation('test', workspaceRef('T-other'))).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { messageRef } from '../../src/core/index.js';
import { createHarness } from '../support/core-harness.js';

async function roundWithVotes() {
  const h = createHarness();
  await h.command('admin', 'setup', { admin: true });
  await h.command('admin', 'ask', { admin: true });
  const thread = h.port.questions()[0]!.ref;
  for (const u of ['ann', 'ben', 'cat'])
    await h.as(u, { kind: 'reply-posted', thread, message: messageRef(`m-${u}`), text: `secret words of ${u}` });
  await h.as('ann', { kind: 'reaction-added', message: messageRef('m-ben'), emoji: '+1' });
  await h.as('ben', { kind: 'reaction-added', message: messageRef('m-ann'), emoji: '+1' });
  await h.as('cat', { kind: 'reaction-added', message: messageRef('m-ben'), emoji: '+1' });
  return h;
}

describe('privacy', () => {
  it("export returns exactly the caller's own data", async () => {
    const h = await roundWithVotes();
    const reply = await h.command('ann', 'export');
    const data = JSON.parse(reply.private[0]!.code!);
    expect(data.member.id).toBe('ann');
    expect(data.answers.map((a: { text: string }) => a.text)).toEqual(['secret words of ann']);
    expect(data.votesGiven).toHaveLength(1);
    expect(JSON.stringify(data)).not.toMatch(/"(ben|cat)"|words of (ben|cat)/);
  });

  it('forget-me asks first, then erases the member and only the votes they gave', async () => {
    const h = await roundWithVotes();
    const ask = await h.command('ann', 'forget-me');
    expect(ask.private[0]!.buttons!.map((b) => b.label)).toEqual(['Erase my data', 'Cancel']);
    const annId = (await h.repos.members.findByRef(1, 'ann' as never))!.id;
    await h.as('ann', { kind: 'button-pressed', actionId: 'dojo:forget:cancel' });
    expect(await h.repos.members.findByRef(1, 'ann' as never)).toBeDefined();
    await h.as('ann', { kind: 'button-pressed', actionId: 'dojo:forget:confirm' });
    const c = h.db.$client;
    for (const t of c
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'")
      .pluck()
      .all() as string[]) {
      const rows = c.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
      for (const row of rows) {
        const text = JSON.stringify(row);
        expect(text).not.toContain('secret words of ann');
        if ('member_id' in row) expect(row.member_id).not.toBe(annId);
        if ('voter_id' in row) expect(row.voter_id).not.toBe(annId);
      }
    }
    expect((await h.command('ben', 'top all')).private[0]!.text).toMatch(/ben — 12/);
    const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
    expect(await h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
  });

  it("one workspace's points never appear on another's board", async () => {
    const h = await roundWithVotes();
    const other = await h.dojo.handle({
      platform: 'test',
      workspace: 'T2' as never,
      channel: 'C9' as never,
      actor: { ref: 'zed' as never, name: 'zed', isBot: false, isPlatformAdmin: false },
      kind: 'command',
      text: 'top all',
    });
    expect(other.private[0]!.text).toMatch(/No points yet/);
  });
});

describe('forget-me bookkeeping', () => {
  it("removes the member's remembered quiz filter and nudge markers, and only theirs", async () => {
    const h = createHarness();
    await h.command('ann', 'quiz security');
    await h.command('ben', 'quiz nodejs');
    const ann = (await h.repos.members.findByRef(1, 'ann' as never))!;
    const ben = (await h.repos.members.findByRef(1, 'ben' as never))!;
    await h.repos.meta.set(`nudge:${ann.id}:2026-11-30`, '0', 0);
    await h.as('ann', { kind: 'button-pressed', actionId: 'dojo:forget:confirm' });
    const keys = h.db.$client.prepare('SELECT key FROM meta').pluck().all() as string[];
    expect(keys.filter((k) => k.includes(`:${ann.id}`))).toEqual([]);
    expect(keys).toContain(`quiz.filter:${ben.id}`);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiscordPort } from '../../adapters/discord/port.js';
import { guildRef, memberRef, textChannelRef, toMessageRef } from '../../adapters/discord/refs.js';
import { workspaceRef, type InboundEvent } from '../../src/core/index.js';
import { DiscordBed } from '../fakes/discord-harness.js';
import { buttonsOf, textOf, type FakeUser } from '../fakes/discord-server.js';
import { SlackBed, TEAM, USERS, blockText, type Who } from '../fakes/slack-harness.js';
import type { FakeMessage } from '../fakes/slack-server.js';
import type { Harness } from '../support/core-harness.js';
import { exportedJson } from '../support/exported-json.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

/** Points the board shows for `name` ("Alice — 17"). */
const boardPoints = (board: string, name: string) => Number(new RegExp(`${name} — (-?\\d+)`).exec(board)?.[1]);

/** What the ledger says `ref` earned in one workspace. */
async function ledgerPoints(h: Harness, platform: string, ws: string, ref: string): Promise<number> {
  const w = (await h.repos.workspaces.findByRef(platform, workspaceRef(ws)))!;
  return await h.repos.scores.sumLedger(w.id, (await h.repos.members.findByRef(w.id, ref as never))!.id);
}

describe('two Slack workspaces on one core', () => {
  const A = TEAM;
  const B = 'T0OTHER02';
  const CA = 'C0ISOA001';
  const CB = 'C0ISOB001';
  let bed: SlackBed;
  let qa: FakeMessage;
  let qb: FakeMessage;

  beforeAll(async () => {
    bed = await SlackBed.start();
    qa = await bed.askIn(CA, A);
    qb = await bed.askIn(CB, B);
    // Alice is in both workspaces under the same user id, as in an Enterprise Grid org.
    const ta = { channel: CA, ts: qa.ts };
    const tb = { channel: CB, ts: qb.ts };
    const aliceA = await bed.reply('alice', ta, 'alpha: keep secrets in a vault');
    const bobA = await bed.reply('bob', ta, 'alpha-bob: short-lived tokens');
    const aliceB = await bed.reply('alice', tb, 'bravo-secret: rotate keys daily', { team: B });
    const carolB = await bed.reply('carol', tb, 'bravo-carol: hardware keys', { team: B });
    await bed.react('alice', { channel: CA, ts: bobA.ts }, '+1');
    await bed.react('dave', { channel: CA, ts: aliceA.ts }, '+1');
    await bed.react('alice', { channel: CB, ts: carolB.ts }, '+1', false, { team: B });
    await bed.react('dave', { channel: CB, ts: aliceB.ts }, '+1', false, { team: B });
    await bed.react('carol', { channel: CB, ts: aliceB.ts }, '+1', false, { team: B });
    const votes = () => bed.h.db.$client.prepare('SELECT count(*) FROM votes WHERE retracted_at IS NULL').pluck().get();
    await waitFor(() => votes() === 5, 'five votes');
    for (const [channel, team] of [
      [CA, A],
      [CB, B],
    ] as const) {
      await bed.command('admin', 'close', channel, team);
      await bed.privateTo('admin', channel, /closed/i, `close in ${channel}`);
    }
  });
  afterAll(async () => {
    await bed?.stop();
  });

  const ask = async (who: Who, text: string, channel: string, team: string, pattern: RegExp) => {
    await bed.command(who, text, channel, team);
    return blockText((await bed.privateTo(who, channel, pattern, `${text} in ${channel}`)).blocks);
  };

  it("one workspace's close summary names only its own members and answers", async () => {
    const summary = (channel: string, ts: string) =>
      blockText(bed.fake.inThread(channel, ts).find((m) => /Round closed/.test(blockText(m.blocks)))?.blocks);
    const a = await waitFor(() => summary(CA, qa.ts), 'the summary in A');
    const b = await waitFor(() => summary(CB, qb.ts), 'the summary in B');
    expect(a).toMatch(/Alice/);
    expect(a).toMatch(/Bob/);
    expect(a).not.toMatch(/Carol|bravo/);
    expect(b).toMatch(/Carol/);
    expect(b).not.toMatch(/Bob|alpha/);
  });

  it("one workspace's leaderboard shows only its own members, with only the points earned there", async () => {
    const a = await ask('dave', 'top all', CA, A, /Leaderboard/);
    const b = await ask('dave', 'top all', CB, B, /Leaderboard/);
    expect(a).toMatch(/Bob/);
    expect(a).not.toMatch(/Carol/);
    expect(b).toMatch(/Carol/);
    expect(b).not.toMatch(/Bob/);
    expect(boardPoints(a, 'Alice')).toBe(await ledgerPoints(bed.h, 'slack', A, USERS.alice.id));
    expect(boardPoints(b, 'Alice')).toBe(await ledgerPoints(bed.h, 'slack', B, USERS.alice.id));
    expect(boardPoints(a, 'Alice')).not.toBe(boardPoints(b, 'Alice'));
  });

  it("a member's export in one workspace holds nothing from the other", async () => {
    const a = exportedJson(await ask('alice', 'export', CA, A, /Your data/));
    const b = exportedJson(await ask('alice', 'export', CB, B, /Your data/));
    expect(a.answers.map((x: { text: string }) => x.text)).toEqual(['alpha: keep secrets in a vault']);
    expect(b.answers.map((x: { text: string }) => x.text)).toEqual(['bravo-secret: rotate keys daily']);
    expect(a.votesGiven).toHaveLength(1);
    expect(b.votesGiven).toHaveLength(1);
    expect(JSON.stringify(a)).not.toMatch(/bravo/);
    expect(JSON.stringify(b)).not.toMatch(/alpha/);
    expect(a.ledger.reduce((n: number, l: { points: number }) => n + l.points, 0)).toBe(
      await ledgerPoints(bed.h, 'slack', A, USERS.alice.id),
    );
  });
});

describe('two Discord guilds on one core', () => {
  // Guild A is the fake's guild, driven through the real adapter; guild B (the fake has one
  // guild) is driven through the same core with Discord-shaped refs while a recording port
  // stands in for its posts. Alice is in both, with Discord's global user id.
  const GB = '900000000000000001';
  const CHB = '900000000000000002';
  let bed: DiscordBed;
  let alice: FakeUser;
  let bob: FakeUser;
  let questionId: string;

  async function asGuildB(user: { id: string; username: string }, event: Record<string, unknown>, admin = false) {
    const reply = await bed.h.dojo.handle({
      platform: 'discord',
      workspace: guildRef(GB),
      workspaceName: 'Other Server',
      channel: textChannelRef(CHB),
      channelName: 'practice',
      actor: { ref: memberRef(user.id), name: user.username, isBot: false, isPlatformAdmin: admin },
      ...event,
    } as InboundEvent);
    // What it said is sent by the outbox after the commit; the test looks once it is out.
    await bed.h.dojo.drain();
    return reply;
  }

  /**
   * While `fn` runs, whatever the core sends through the Discord port goes to the harness's
   * recording port instead (guild B has no fake behind it); guild A's messages are sent first.
   */
  async function withGuildBPort(fn: () => Promise<void>) {
    const { h } = bed;
    await h.dojo.drain();
    const spies = (['postMessage', 'replyInThread', 'updateMessage', 'tellPrivately', 'findPosted'] as const).map((m) =>
      vi
        .spyOn(DiscordPort.prototype, m)
        .mockImplementation(((...args: never[]) => (h.port[m] as (...a: never[]) => unknown)(...args)) as never),
    );
    try {
      await fn();
      await h.dojo.drain();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }

  beforeAll(async () => {
    bed = await DiscordBed.start();
    const { fake, h } = bed;
    [alice, bob] = [bed.member('alice'), bed.member('bob')];
    await bed.setUp();
    const { question } = await bed.ask();
    questionId = question.id;
    await bed.answerByModal(alice, question, 'alpha-guild: least privilege');
    await bed.answerByModal(bob, question, 'alpha-bob: audit logs');
    const aliceCopy = await waitFor(() => fake.botMessages(question.id).find((m) => textOf(m).includes('least privilege')), "alice's copy");
    expect(await bed.answerTo(fake.press(bob, aliceCopy, buttonsOf(aliceCopy).Upvote!))).toContain('Vote counted');

    await withGuildBPort(async () => {
      const adminB = { id: '900000000000000010', username: 'owner-b' };
      const mallory = { id: '900000000000000011', username: 'mallory' };
      await asGuildB(adminB, { kind: 'command', text: 'setup' }, true);
      await asGuildB(adminB, { kind: 'command', text: 'ask' }, true);
      const thread = h.port.questions().at(-1)!.ref;
      const msg = (n: number) => toMessageRef(CHB, `90000000000000010${n}`);
      await asGuildB(alice, { kind: 'reply-posted', thread, message: msg(1), text: 'bravo-guild secret answer' });
      await asGuildB(mallory, { kind: 'reply-posted', thread, message: msg(2), text: 'bravo-mallory answer' });
      await asGuildB(alice, { kind: 'reaction-added', message: msg(2), emoji: '👍' });
      await asGuildB(mallory, { kind: 'reaction-added', message: msg(1), emoji: '👍' });
      await asGuildB({ id: '900000000000000012', username: 'trent' }, { kind: 'reaction-added', message: msg(1), emoji: '👍' });
      await asGuildB(adminB, { kind: 'command', text: 'close' }, true);
      expect(h.port.inThread(thread).some((p) => /mallory/.test(p.message.text))).toBe(true);
    });
    expect(await bed.answerTo(fake.command(bed.admin, 'dojo-admin', 'close'))).toMatch(/closed/i);
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it("one guild's close summary, leaderboard and export hold nothing from the other", async () => {
    const { fake, h } = bed;
    const summary = textOf(
      await waitFor(() => fake.botMessages(questionId).find((m) => m.embeds[0]?.title === 'Round closed'), 'the summary in guild A'),
    );
    expect(summary).toMatch(/alice/);
    expect(summary).toMatch(/bob/);
    expect(summary).not.toMatch(/mallory|bravo/);

    const board = await bed.answerTo(fake.command(bob, 'dojo', 'top', { period: 'all' }));
    expect(board).toMatch(/alice/);
    expect(board).not.toMatch(/mallory/);
    expect(boardPoints(board, 'alice')).toBe(await ledgerPoints(h, 'discord', fake.guildId, alice.id));

    const exported = exportedJson(await bed.answerTo(fake.command(alice, 'dojo', 'export')));
    expect(exported.answers.map((a: { text: string }) => a.text)).toEqual(['alpha-guild: least privilege']);
    expect(exported.votesGiven).toEqual([]);
    expect(JSON.stringify(exported)).not.toMatch(/bravo|mallory/);

    const otherBoard = (await asGuildB(bob, { kind: 'command', text: 'top all' })).private[0]!.text;
    expect(otherBoard).toMatch(/mallory/);
    expect(otherBoard).not.toMatch(/bob/);
    expect(boardPoints(otherBoard, 'alice')).toBe(await ledgerPoints(h, 'discord', GB, alice.id));
    expect(boardPoints(otherBoard, 'alice')).not.toBe(boardPoints(board, 'alice'));
    expect(bed.errors()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage as renderDiscord } from '../../adapters/discord/render.js';
import { renderMessage as renderSlack } from '../../adapters/slack/render.js';
import { userRef, workspaceRef } from '../../src/core/index.js';
import { awardPoints } from '../../src/core/scoring.js';
import { defaultSettings } from '../../src/core/settings.js';
import { DiscordBed } from '../fakes/discord-harness.js';
import { buttonsOf, textOf, type FakeUser } from '../fakes/discord-server.js';
import { SlackBed, TEAM, USERS, blockText, buttonId, roundOf } from '../fakes/slack-harness.js';
import type { FakeMessage } from '../fakes/slack-server.js';
import type { Harness } from '../support/core-harness.js';
import { rowsMentioning } from '../support/db-scan.js';
import { expectWithinDiscordLimits, expectWithinSlackLimits } from '../support/platform-limits.js';
import { exportedJson } from '../support/exported-json.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

const BOARD_SIZE = 10_000;

/** Every trace of a member in the database: rows holding their platform id or any of their texts, or keyed to their member id. */
function tracesOf(h: Harness, memberId: number, needles: string[]): string[] {
  const c = h.db.$client;
  const keyed = ['answers', 'score_ledger', 'score_totals', 'suggestions', 'reviews', 'quiz_attempts', 'challenge_responses']
    .map((t) => [t, c.prepare(`SELECT count(*) FROM "${t}" WHERE member_id = ?`).pluck().get(memberId)] as const)
    .filter(([, n]) => n)
    .map(([t, n]) => `${t}: ${n} rows of member ${memberId}`);
  const votes = c.prepare('SELECT count(*) FROM votes WHERE voter_id = ? AND retracted_at IS NULL').pluck().get(memberId) as number;
  return [...keyed, ...(votes ? [`votes: ${votes} given by member ${memberId}`] : []), ...needles.flatMap((n) => rowsMentioning(c, n))];
}

/** Seeds `size` members with points straight through the store, their names long and full of markup. */
async function seedBoard(h: Harness, platform: string, ws: string, size: number): Promise<void> {
  const now = h.clock.ms;
  await h.core(async (t) => {
    const w = await t.db.workspaces.ensure({
      platform,
      ref: workspaceRef(ws),
      name: 'big',
      timezone: 'UTC',
      settings: defaultSettings(),
      now,
    });
    for (let i = 0; i < size; i++) {
      const name = `m${i} <!channel> @everyone *bold* _it_ \`tick\` [x](https://e.xample) ${'ü'.repeat(20)}`.slice(0, 80);
      const m = await t.db.members.ensure(w.id, { ref: userRef(`${ws}-U${i}`), name, isBot: false }, now);
      await awardPoints(t, w, { memberId: m.id, awardKey: `seed:${i}`, points: 1 + (i % 997), reason: 'seed', category: 'nodejs' }, now);
    }
  });
}

describe('privacy through Slack', () => {
  const C = 'C0PRIV001';
  let bed: SlackBed;
  let question: FakeMessage;

  beforeAll(async () => {
    bed = await SlackBed.start();
    question = await bed.askIn(C);
    const thread = { channel: C, ts: question.ts };
    const alice = await bed.reply('alice', thread, 'alice-private: I would shard by tenant.');
    const bobCopy = await bed.answerByModal('bob', question, 'bob-private: a queue per tenant.');
    const carol = await bed.reply('carol', thread, 'carol-private: cache the hot keys.');
    await waitFor(async () => (await bed.h.repos.answers.listByRound(roundOf(question) as never)).length === 3, 'three answers');
    await bed.press('alice', { ...thread, ts: bobCopy.ts, thread_ts: question.ts }, buttonId(bobCopy.blocks, 'Upvote'));
    await bed.privateTo('alice', C, /Vote counted/);
    await bed.react('alice', { channel: C, ts: carol.ts }, '+1');
    await bed.react('bob', { channel: C, ts: alice.ts }, '+1');
    await bed.react('carol', { channel: C, ts: alice.ts }, '+1');
    await bed.command('alice', 'suggest alice-suggestion: How do you plan a zero-downtime migration?', C);
    await bed.privateTo('alice', C, /waiting for an admin/);
    await bed.command('bob', 'suggest bob-suggestion: What is a bulkhead?', C);
    await bed.privateTo('bob', C, /waiting for an admin/);
    await waitFor(
      () => bed.h.db.$client.prepare('SELECT count(*) FROM votes WHERE retracted_at IS NULL').pluck().get() === 4,
      'four votes',
    );
  });
  afterAll(async () => {
    await bed?.stop();
  });

  const memberId = async (who: keyof typeof USERS) => {
    const ws = (await bed.h.repos.workspaces.findByRef('slack', workspaceRef(TEAM)))!;
    return (await bed.h.repos.members.findByRef(ws.id, USERS[who].id as never))?.id;
  };

  it("/dojo export returns exactly the caller's answers, votes, suggestions and points, and nobody else's", async () => {
    await bed.command('alice', 'export', C);
    const data = exportedJson(blockText((await bed.privateTo('alice', C, /Your data/)).blocks));
    const c = bed.h.db.$client;
    const id = (await memberId('alice'))!;
    expect(data.member).toMatchObject({ id: USERS.alice.id, name: 'Alice' });
    expect(data.answers.map((a: { text: string }) => a.text)).toEqual(
      c.prepare('SELECT text FROM answers WHERE member_id = ? ORDER BY id').pluck().all(id),
    );
    expect(data.votesGiven.map((v: { round: number }) => v.round).sort()).toEqual(
      c
        .prepare(
          'SELECT a.round_id FROM votes v JOIN answers a ON a.id = v.answer_id WHERE v.voter_id = ? AND v.retracted_at IS NULL ORDER BY 1',
        )
        .pluck()
        .all(id),
    );
    expect(data.votesGiven).toHaveLength(2);
    expect(data.suggestions.map((s: { text: string }) => s.text)).toEqual(
      c.prepare('SELECT text FROM suggestions WHERE member_id = ? ORDER BY id').pluck().all(id),
    );
    expect(data.suggestions).toEqual([expect.objectContaining({ text: expect.stringContaining('zero-downtime migration') })]);
    // Each award as its kind and round; stored keys (a vote's holds its voter's member id) stay inside.
    const stored = c.prepare('SELECT award_key AS key, round_id AS round, points FROM score_ledger WHERE member_id = ?').all(id) as {
      key: string;
      round: number | null;
      points: number;
    }[];
    const byKindAndRound = (rows: { kind: string; round: number | null; points: number }[]) =>
      rows.map((r) => `${r.kind}@${r.round}:${r.points}`).sort();
    expect(byKindAndRound(data.ledger)).toEqual(byKindAndRound(stored.map((r) => ({ ...r, kind: r.key.split(':')[0]! }))));
    expect(stored.filter((r) => r.key.startsWith('vote:'))).toHaveLength(2);
    const all = JSON.stringify(data);
    for (const key of stored.map((r) => r.key)) expect(all).not.toContain(key);
    for (const other of [(await memberId('bob'))!, (await memberId('carol'))!]) expect(all).not.toMatch(new RegExp(`:${other}[:"]`));
    for (const other of [USERS.bob.id, USERS.carol.id, 'bob-private', 'carol-private', 'bob-suggestion', 'Bob', 'Carol'])
      expect(all).not.toContain(other);
  });

  it('forget-me, confirmed with its button, leaves no row with the member’s id or text and keeps totals equal to the ledger', async () => {
    const id = (await memberId('alice'))!;
    const needles = [USERS.alice.id, 'alice-private', 'alice-suggestion', 'zero-downtime migration'];
    expect(tracesOf(bed.h, id, needles).length).toBeGreaterThan(0);
    await bed.command('alice', 'forget-me', C);
    const ask = await bed.privateTo('alice', C, /cannot be undone/);
    await bed.press('alice', { channel: C, ts: '1764490000.000077', ephemeral: true }, buttonId(ask.blocks, 'Erase my data'));
    await bed.privateTo('alice', C, /your answers, votes, points and quiz history here are erased/);
    expect(tracesOf(bed.h, id, needles)).toEqual([]);
    expect(await memberId('alice')).toBeUndefined();
    // Everyone else's answers stay; the points Alice's votes gave are taken back.
    expect((await bed.h.repos.answers.listByRound(roundOf(question) as never)).map((a) => [a.authorName, a.votes])).toEqual([
      ['Bob', 0],
      ['Carol', 0],
    ]);
    expect(rowsMentioning(bed.h.db.$client, 'bob-suggestion')).toHaveLength(1);
    const ws = (await bed.h.repos.workspaces.findByRef('slack', workspaceRef(TEAM)))!;
    expect(await bed.h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
  });

  it('a 10,000-member leaderboard reaches Slack within its block limits, with the viewer’s true rank', async () => {
    const BIG = 'T0BIGTEAM';
    await seedBoard(bed.h, 'slack', BIG, BOARD_SIZE);
    // Dave has 3 points there: everyone with more ranks above him.
    const ws = (await bed.h.repos.workspaces.findByRef('slack', workspaceRef(BIG)))!;
    const dave = await bed.h.repos.members.ensure(ws.id, { ref: userRef(USERS.dave.id), name: 'Dave', isBot: false }, bed.h.clock.ms);
    await bed.h.core((t) =>
      awardPoints(t, ws, { memberId: dave.id, awardKey: 'seed:dave', points: 3, reason: 'seed', category: 'nodejs' }, bed.h.clock.ms),
    );
    const above = bed.h.db.$client
      .prepare("SELECT count(*) FROM score_totals WHERE workspace_id = ? AND period = 'all' AND category = '' AND points > 3")
      .pluck()
      .get(ws.id) as number;

    await bed.command('dave', 'top all', 'C0BIGBOARD', BIG);
    const board = await bed.privateTo('dave', 'C0BIGBOARD', /Leaderboard/);
    // The fake refuses blocks over Slack's limits (400 invalid_blocks), so arriving is the first check.
    expectWithinSlackLimits([board]);
    const text = blockText(board.blocks);
    expect(text).toContain(`You: #${above + 1} of ${BOARD_SIZE + 1} with 3 points.`);
    expect(text.match(/^ ?\d+\. /gm)).toHaveLength(10);
    expect(text).not.toMatch(/<!channel>|(?<!\u200b)@everyone/);

    const message = (
      await bed.h.dojo.handle({
        platform: 'slack',
        workspace: workspaceRef(BIG),
        channel: 'C0BIGBOARD' as never,
        actor: { ref: userRef(USERS.dave.id), name: 'Dave', isBot: false, isPlatformAdmin: false },
        kind: 'command',
        text: 'top all',
      })
    ).private[0]!;
    expectWithinSlackLimits(renderSlack(message));
    expectWithinDiscordLimits(renderDiscord(message));
  });
});

describe('privacy through Discord', () => {
  let bed: DiscordBed;
  let alice: FakeUser;
  let bob: FakeUser;

  beforeAll(async () => {
    bed = await DiscordBed.start();
    [alice, bob] = [bed.member('alice'), bed.member('bob')];
    await bed.setUp();
    const { question } = await bed.ask();
    await bed.answerByModal(alice, question, 'alice-discord-private answer');
    await bed.answerByModal(bob, question, 'bob-discord answer');
    const copyOf = (text: string) =>
      waitFor(() => bed.fake.botMessages(question.id).find((m) => textOf(m).includes(text)), `the copy of ${text}`);
    const aliceCopy = await copyOf('alice-discord-private');
    const bobCopy = await copyOf('bob-discord');
    expect(await bed.answerTo(bed.fake.press(bob, aliceCopy, buttonsOf(aliceCopy).Upvote!))).toContain('Vote counted');
    expect(await bed.answerTo(bed.fake.press(alice, bobCopy, buttonsOf(bobCopy).Upvote!))).toContain('Vote counted');
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('forget-me, confirmed with its button, leaves no row with the member’s id or text', async () => {
    const { fake, h } = bed;
    const ws = (await h.repos.workspaces.findByRef('discord', workspaceRef(fake.guildId)))!;
    const id = (await h.repos.members.findByRef(ws.id, alice.id as never))!.id;
    const needles = [alice.id, 'alice-discord-private'];
    expect(tracesOf(h, id, needles).length).toBeGreaterThan(0);
    const ask = fake.command(alice, 'dojo', 'forget-me');
    expect(await bed.answerTo(ask)).toContain('cannot be undone');
    const prompt = fake.repliesTo(ask)[0]!;
    expect(await bed.answerTo(fake.press(alice, prompt, buttonsOf(prompt)['Erase my data']!))).toMatch(/erased/);
    expect(tracesOf(h, id, needles)).toEqual([]);
    expect(await h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
  });

  it('a 10,000-member leaderboard reaches Discord within its message limits, with the viewer’s true rank', async () => {
    const { fake, h } = bed;
    const ws = (await h.repos.workspaces.findByRef('discord', workspaceRef(fake.guildId)))!;
    await seedBoard(h, 'discord', fake.guildId, BOARD_SIZE);
    const above = h.db.$client
      .prepare(
        "SELECT count(*) FROM score_totals WHERE workspace_id = ? AND period = 'all' AND category = '' AND points > (SELECT points FROM score_totals t JOIN members m ON m.id = t.member_id WHERE m.user_ref = ? AND t.period = 'all' AND t.category = '')",
      )
      .pluck()
      .get(ws.id, bob.id) as number;
    const id = fake.command(bob, 'dojo', 'top', { period: 'all' });
    const text = await bed.answerTo(id);
    expect(text).toMatch(new RegExp(`You: #${above + 1} of ${BOARD_SIZE + 1} with \\d+ points`));
    // The board arrives as the interaction's first response (or, when the core was slow, the
    // edited deferral) and any follow-ups.
    const sent = fake.calls
      .filter(
        (c) => c.status < 300 && (c.path.startsWith(`/webhooks/${fake.appId}/tok-${id}`) || c.path.startsWith(`/interactions/${id}/`)),
      )
      .map((c) => (c.path.startsWith('/interactions/') ? (c.body as { data?: unknown }).data : c.body))
      .filter(Boolean);
    expect(sent.length).toBeGreaterThan(0);
    expectWithinDiscordLimits(sent);
    expect(bed.errors()).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { DiscordBed } from '../fakes/discord-harness.js';
import { buttonsOf } from '../fakes/discord-server.js';
import { rowCounts } from '../support/db-scan.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

let bed: DiscordBed | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

const votesFor = async (b: DiscordBed, roundId: number) => (await b.repos.answers.listByRound(roundId as never)).map((a) => a.votes);

describe('Discord faults', () => {
  it('a gateway connection dropped without a close frame is RESUMEd, and a vote sent meanwhile counts once', async () => {
    const b = (bed = await DiscordBed.start());
    await b.setUp();
    const { question, roundId } = await b.ask();
    const bob = b.member('bob');
    const dave = b.member('dave');
    await b.answerByModal(bob, question, 'Retry with jitter and a budget.');
    const copy = await waitFor(() => b.fake.botMessages(question.id).find((m) => buttonsOf(m).Upvote), "bob's answer copy");

    b.fake.gateway.dropConnections();
    // Sent while the bot has no connection: Discord keeps it for the session and replays it on RESUME.
    b.fake.react(dave, copy, '👍');
    await waitFor(() => b.fake.gateway.resumes.length === 1, 'the RESUME after the drop');
    await waitFor(async () => (await votesFor(b, roundId)).includes(1), 'the vote sent during the drop');
    expect(b.fake.gateway.replayed).toBeGreaterThan(0);
    expect(b.fake.gateway.identifies).toHaveLength(1);
    expect(b.fake.gateway.connections).toEqual(['/gateway', '/resume']);

    // The session goes on: a command after the resume is answered, and the vote still counts once.
    expect(await b.answerTo(b.fake.command(dave, 'dojo', 'top'))).toContain('bob');
    expect(await votesFor(b, roundId)).toEqual([1]);
    expect(b.errors()).toEqual([]);
  });

  it('a /dojo command used in a DM is answered there with where it works, and stores nothing about the user', async () => {
    const b = (bed = await DiscordBed.start());
    await b.setUp();
    const before = rowCounts(b.h.db.$client);
    const stranger = b.member('dm-only');
    for (const sub of ['help', 'top', 'quiz', 'stats', 'export']) {
      const id = b.fake.dmCommand(stranger, 'dojo', sub);
      expect(await b.answerTo(id, `the answer to /dojo ${sub} in a DM`)).toMatch(/works in a server channel/);
      expect(b.fake.interactions.get(id)!.callbacks).toHaveLength(1);
    }
    const admin = b.fake.dmCommand(b.admin, 'dojo-admin', 'setup');
    expect(await b.answerTo(admin, 'the answer to /dojo-admin setup in a DM')).toMatch(/works in a server channel/);
    expect(rowCounts(b.h.db.$client)).toEqual(before);
    expect(b.errors()).toEqual([]);
  });
});

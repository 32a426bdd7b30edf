import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRef } from '../../src/core/index.js';
import { DiscordBed } from '../fakes/discord-harness.js';
import { SIGNING_SECRET, SlackBed, TEAM, blockText, buttonId, roundOf } from '../fakes/slack-harness.js';
import type { FakeMessage } from '../fakes/slack-server.js';
import { signedHeaders } from '../fakes/slack-signing.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';
import { tempDir } from '../support/temp-dir.js';

loopbackOnly();

// Long enough that the bot's write really waits on its busy timeout (5 s), short enough to fit it.
const HOLD_MS = 2_500;
const ACK_BUDGET_MS = 3_000;
const HOLDER = fileURLToPath(new URL('./db-lock-holder.ts', import.meta.url));

interface LockMessage {
  kind: 'locked' | 'acked' | 'released';
  at: number;
  id?: string;
  status?: number;
  sentAt?: number;
  error?: string;
}

/**
 * SQLite's write lock held by another process (db-lock-holder.ts) for HOLD_MS. better-sqlite3
 * waits synchronously, so while the bot's write waits this process's clock stands still; the
 * holder keeps time and sends Slack requests itself, reporting when each ack arrived.
 */
class HeldLock {
  private readonly seen: LockMessage[] = [];
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m) => this.seen.push(m as LockMessage));
  }

  static async take(path: string): Promise<HeldLock> {
    const child = fork(HOLDER, [path, String(HOLD_MS)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const lock = new HeldLock(child);
    await waitFor(() => lock.seen.some((m) => m.kind === 'locked'), 'the second connection to take the write lock', 15_000);
    return lock;
  }

  /** Has the holder POST a body to `url` while the lock is held. */
  post(id: string, url: string, headers: Record<string, string>, body: string): void {
    this.child.send({ kind: 'post', id, url, headers, body });
  }

  acked(id: string): Promise<LockMessage> {
    return waitFor(() => this.seen.find((m) => m.kind === 'acked' && m.id === id), `the ack of ${id}`, 15_000);
  }

  released(): Promise<LockMessage> {
    return waitFor(() => this.seen.find((m) => m.kind === 'released'), 'the lock release', 15_000);
  }
}

const dbFile = (name: string) => join(tempDir('dojo-slow-'), `${name}.sqlite`);

describe('a slow database never delays the Slack acknowledgement', () => {
  let bed: SlackBed;
  let question: FakeMessage;
  let copy: FakeMessage;
  const path = dbFile('slack');

  beforeAll(async () => {
    bed = await SlackBed.start({ path });
    question = await bed.askIn('C0SLOW001');
    copy = await bed.answerByModal('carol', question, 'Batch the writes and keep transactions short.');
  });
  afterAll(async () => {
    await bed?.stop();
  });

  /** The HTTP ack time of a signed request the holder sends while the lock is held, and the release. */
  async function deliverWhileLocked(kind: 'command' | 'interactive', payload: Record<string, unknown>) {
    const body =
      kind === 'command'
        ? new URLSearchParams(payload as Record<string, string>).toString()
        : `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const lock = await HeldLock.take(path);
    lock.post(kind, bed.url, { 'content-type': 'application/x-www-form-urlencoded', ...signedHeaders(SIGNING_SECRET, body) }, body);
    const [ack, released] = await Promise.all([lock.acked(kind), lock.released()]);
    return { ack, released };
  }

  /** When the fake took the latest response_url reply matching `pattern` (call after it arrived). */
  const replyAt = (pattern: RegExp) =>
    bed.fake.calls.findLast((c) => c.method === 'response_url' && pattern.test(blockText(c.args.blocks as unknown[])))!.at;

  it('acks a slash command within 3 s while its write waits on a locked database, then completes it', async () => {
    const { ack, released } = await deliverWhileLocked('command', bed.commandPayload('admin', 'setup', 'C0SLOW002'));
    expect(ack.error).toBeUndefined();
    expect(ack.status).toBe(200);
    expect(ack.at - ack.sentAt!).toBeLessThan(ACK_BUDGET_MS);
    // The ack went out before the database let the write through: it never waits for storage.
    expect(ack.at).toBeLessThan(released.at);
    await bed.privateTo('admin', 'C0SLOW002', /practice channel/, 'the setup reply after the lock');
    expect(replyAt(/practice channel/)).toBeGreaterThanOrEqual(released.at);
    const ws = (await bed.h.repos.workspaces.findByRef('slack', workspaceRef(TEAM)))!;
    expect(await bed.h.repos.channels.findByRef(ws.id, 'C0SLOW002' as never)).toBeDefined();
  });

  it('acks an Upvote press within 3 s while the vote waits on a locked database, then records the vote', async () => {
    const votes = () => (await bed.h.repos.answers.listByRound(roundOf(question) as never)).find((a) => a.authorName === 'Carol')!.votes;
    expect(votes()).toBe(0);
    const press = bed.actionPayload(
      'dave',
      { channel: copy.channel, ts: copy.ts, thread_ts: question.ts },
      buttonId(copy.blocks, 'Upvote'),
    );
    const { ack, released } = await deliverWhileLocked('interactive', press);
    expect(ack.error).toBeUndefined();
    expect(ack.status).toBe(200);
    expect(ack.at - ack.sentAt!).toBeLessThan(ACK_BUDGET_MS);
    expect(ack.at).toBeLessThan(released.at);
    await bed.privateTo('dave', 'C0SLOW001', /Vote counted/, 'the vote reply after the lock');
    expect(replyAt(/Vote counted/)).toBeGreaterThanOrEqual(released.at);
    expect(votes()).toBe(1);
    expect(bed.logs.filter((l) => l.msg === 'slack delivery failed')).toEqual([]);
  });
});

describe('a slow database never delays the Discord deferral', () => {
  let bed: DiscordBed;
  const path = dbFile('discord');

  beforeAll(async () => {
    bed = await DiscordBed.start({ path });
    await bed.setUp();
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('defers a slash command within 3 s while its write waits on a locked database, then edits in the result', async () => {
    const { fake, h } = bed;
    const bob = bed.member('bob');
    const lock = await HeldLock.take(path);
    const id = fake.command(bob, 'dojo', 'suggest', { question: 'How would you find a slow query in production?', category: 'security' });
    const released = await lock.released();
    expect(await bed.answerTo(id)).toContain('waiting for an admin');
    const [defer] = fake.callsTo('POST', new RegExp(`^/interactions/${id}/[^/]+/callback$`));
    // The fake answers 404 (Unknown interaction) to a first response later than 3 s.
    expect(defer).toMatchObject({ status: 204, body: { type: 5 } });
    expect(defer!.at - fake.interactions.get(id)!.dispatchedAt).toBeLessThan(ACK_BUDGET_MS);
    expect(defer!.at).toBeLessThan(released.at);
    const [edit] = fake.callsTo('PATCH', new RegExp(`/tok-${id}/messages/@original$`));
    expect(edit!.at).toBeGreaterThanOrEqual(released.at);
    const ws = (await h.repos.workspaces.findByRef('discord', workspaceRef(fake.guildId)))!;
    expect((await h.repos.suggestions.listPending(ws.id)).map((s) => s.text)).toEqual(['How would you find a slow query in production?']);
    expect(bed.errors()).toEqual([]);
  });
});

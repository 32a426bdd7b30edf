import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRef } from '../../src/core/index.js';
import { DiscordBed } from '../fakes/discord-harness.js';
import { SIGNING_SECRET, SlackBed, TEAM, buttonId, roundOf } from '../fakes/slack-harness.js';
import type { FakeMessage } from '../fakes/slack-server.js';
import { signedHeaders } from '../fakes/slack-signing.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';
import { tempDir } from '../support/temp-dir.js';

loopbackOnly();

// Long enough that the bot's write really waits on the lock (its busy timeout is 5 s), short
// enough that Discord's 3 s for a first response still holds once the lock is gone.
const HOLD_MS = 2_000;
const HOLDER = fileURLToPath(new URL('./db-lock-holder.ts', import.meta.url));

/** What the holder read the moment an ack arrived: the delivery's row and the write it makes. */
interface Stored {
  delivery: { done: number; accepted: number } | null;
  effect: { n: number } | null;
}

interface LockMessage {
  kind: 'locked' | 'acked' | 'released';
  at: number;
  id?: string;
  status?: number;
  body?: string;
  sentAt?: number;
  stored?: Stored;
  error?: string;
}

/**
 * SQLite's write lock held by another process (db-lock-holder.ts) for HOLD_MS. better-sqlite3
 * waits synchronously, so while the bot's write waits this process's clock stands still; the
 * holder keeps time, sends Slack requests itself, and reads the database when each ack arrives.
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

  /** Has the holder POST a body to `url` while the lock is held, and run `probe` when the ack comes. */
  post(id: string, url: string, headers: Record<string, string>, body: string, probe: Record<keyof Stored, string>): void {
    this.child.send({ kind: 'post', id, url, headers, body, probe });
  }

  acked(id: string): Promise<LockMessage> {
    return waitFor(() => this.seen.find((m) => m.kind === 'acked' && m.id === id), `the ack of ${id}`, 15_000);
  }

  released(): Promise<LockMessage> {
    return waitFor(() => this.seen.find((m) => m.kind === 'released'), 'the lock release', 15_000);
  }
}

const dbFile = (name: string) => join(tempDir('dojo-slow-'), `${name}.sqlite`);

/** The delivery's row in processed_events: done (handled and committed) or accepted (stored raw to be handled later). */
const deliveryProbe = (deliveryId: string) =>
  `SELECT done_at IS NOT NULL AS done, payload IS NOT NULL AS accepted FROM processed_events WHERE platform = 'slack' AND delivery_id LIKE '${deliveryId}'`;

/**
 * Slack takes an ack as "received" and does not redeliver, so the ack may go only once the
 * delivery is stored: committed by its own transaction, or stored raw by `accept` for the next
 * tick. With the write lock held elsewhere, the ack waits for the lock, and what the holder reads
 * the moment the ack arrives is the proof.
 */
function expectStoredWhenAcked(ack: LockMessage, released: LockMessage): void {
  expect(ack.error).toBeUndefined();
  expect(ack.status).toBe(200);
  // The delivery could not be stored while the lock was held, so neither could its ack go.
  expect(ack.at).toBeGreaterThanOrEqual(released.at);
  const { delivery, effect } = ack.stored!;
  expect(delivery, 'the delivery was stored before its ack').not.toBeNull();
  expect(delivery!.done + delivery!.accepted).toBe(1);
  // Handled: its writes committed with the claim. Accepted: they follow on the next tick.
  if (delivery!.done) expect(effect!.n).toBe(1);
}

describe('a slow database: a Slack delivery is acknowledged only once it is stored', () => {
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

  /** The ack of a signed request the holder sends while the lock is held, what it read then, and the release. */
  async function deliverWhileLocked(
    kind: 'command' | 'interactive',
    payload: Record<string, unknown>,
    probe: Record<keyof Stored, string>,
  ) {
    const body =
      kind === 'command'
        ? new URLSearchParams(payload as Record<string, string>).toString()
        : `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const lock = await HeldLock.take(path);
    lock.post(kind, bed.url, { 'content-type': 'application/x-www-form-urlencoded', ...signedHeaders(SIGNING_SECRET, body) }, body, probe);
    const [ack, released] = await Promise.all([lock.acked(kind), lock.released()]);
    return { ack, released };
  }

  /** Ticks the core past the grace for accepted deliveries, as the scheduler would after a restart. */
  async function workOffAccepted(): Promise<void> {
    bed.h.clock.advance(60_000);
    await bed.h.dojo.tick();
  }

  it('acks a slash command only once it is committed (or accepted) while the write lock is held elsewhere, then completes it', async () => {
    const payload = bed.commandPayload('admin', 'setup', 'C0SLOW002');
    const { ack, released } = await deliverWhileLocked('command', payload, {
      delivery: deliveryProbe(`cmd:${payload.trigger_id}`),
      effect: "SELECT count(*) AS n FROM channels WHERE ref = 'C0SLOW002'",
    });
    expectStoredWhenAcked(ack, released);
    if (ack.stored!.delivery!.accepted) await workOffAccepted();
    // Handled at once, its reply rides in the ack; accepted, it comes by response_url.
    if (!/practice channel/.test(ack.body ?? ''))
      await bed.privateTo('admin', 'C0SLOW002', /practice channel/, 'the setup reply after the lock');
    const ws = (await bed.h.repos.workspaces.findByRef('slack', workspaceRef(TEAM)))!;
    expect(await bed.h.repos.channels.findByRef(ws.id, 'C0SLOW002' as never)).toBeDefined();
    expect(bed.logs.filter((l) => l.msg === 'slack delivery failed')).toEqual([]);
  });

  it('acks an Upvote press only once the vote is committed (or accepted) while the write lock is held elsewhere, and keeps the vote', async () => {
    const votes = async () =>
      (await bed.h.repos.answers.listByRound(roundOf(question) as never)).find((a) => a.authorName === 'Carol')!.votes;
    expect(await votes()).toBe(0);
    const press = bed.actionPayload(
      'dave',
      { channel: copy.channel, ts: copy.ts, thread_ts: question.ts },
      buttonId(copy.blocks, 'Upvote'),
    );
    const { ack, released } = await deliverWhileLocked('interactive', press, {
      delivery: deliveryProbe(`act:${String(press.trigger_id)}:%`),
      effect: 'SELECT count(*) AS n FROM votes WHERE retracted_at IS NULL',
    });
    expectStoredWhenAcked(ack, released);
    if (ack.stored!.delivery!.accepted) await workOffAccepted();
    await bed.privateTo('dave', 'C0SLOW001', /Vote counted/, 'the vote reply after the lock');
    expect(await votes()).toBe(1);
    expect(bed.logs.filter((l) => l.msg === 'slack delivery failed')).toEqual([]);
  });
});

describe('a slow database: a Discord interaction gets its first response only once it is stored', () => {
  let bed: DiscordBed;
  const path = dbFile('discord');

  beforeAll(async () => {
    bed = await DiscordBed.start({ path });
    await bed.setUp();
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('answers a slash command after its write waited on a locked database, and keeps what it wrote', async () => {
    const { fake, h } = bed;
    const bob = bed.member('bob');
    const lock = await HeldLock.take(path);
    const id = fake.command(bob, 'dojo', 'suggest', { question: 'How would you find a slow query in production?', category: 'security' });
    const released = await lock.released();
    expect(await bed.answerTo(id)).toContain('waiting for an admin');
    const [first] = fake.callsTo('POST', new RegExp(`^/interactions/${id}/[^/]+/callback$`));
    // The fake answers 404 (Unknown interaction) to a first response later than 3 s.
    expect(first!.status).toBe(204);
    // Discord takes the first response as "received": it went only after the write lock was free.
    expect(first!.at).toBeGreaterThanOrEqual(released.at);
    const ws = (await h.repos.workspaces.findByRef('discord', workspaceRef(fake.guildId)))!;
    expect((await h.repos.suggestions.listPending(ws.id)).map((s) => s.text)).toEqual(['How would you find a slow query in production?']);
    expect(bed.errors()).toEqual([]);
  });
});

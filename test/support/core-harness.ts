import { createDojo, type ChatPort, type Dojo, type InboundEvent, type NeutralMessage } from '../../src/core/index.js';
import { channelRef, messageRef, userRef, workspaceRef, type ChannelRef, type MessageRef, type UserRef } from '../../src/core/index.js';
import type { Store } from '../../src/core/store.js';
import { openDb, type Db } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { seededRandom } from '../../src/random.js';
import { loadContent } from '../../src/load-content.js';

/** A hand-moved clock for core tests. */
export class TestClock {
  constructor(public ms: number) {}
  now = () => new Date(this.ms);
  set(iso: string) {
    this.ms = Date.parse(iso);
  }
  advance(ms: number) {
    this.ms += ms;
  }
}

export interface Posted {
  ref: MessageRef;
  channel: ChannelRef;
  thread?: MessageRef;
  to?: UserRef;
  message: NeutralMessage;
}

/** A ChatPort that records everything, for asserting on what the core posted. */
export class RecordingPort implements ChatPort {
  posts: Posted[] = [];
  failNext = 0;
  private n = 0;
  private next(): MessageRef {
    return messageRef(`test:m${++this.n}`);
  }
  private maybeFail() {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('platform unavailable');
    }
  }
  async postMessage(channel: ChannelRef, message: NeutralMessage) {
    this.maybeFail();
    const ref = this.next();
    this.posts.push({ ref, channel, message });
    return ref;
  }
  async replyInThread(channel: ChannelRef, thread: MessageRef, message: NeutralMessage) {
    this.maybeFail();
    const ref = this.next();
    this.posts.push({ ref, channel, thread, message });
    return ref;
  }
  async updateMessage(ref: MessageRef, message: NeutralMessage) {
    const p = this.posts.find((x) => x.ref === ref);
    if (p) p.message = message;
  }
  async tellPrivately(channel: ChannelRef | undefined, user: UserRef, message: NeutralMessage) {
    this.posts.push({ ref: this.next(), channel: channel ?? channelRef('dm'), to: user, message });
  }
  async findPosted(channel: ChannelRef, marker: string) {
    return this.posts.find((p) => p.channel === channel && p.message.marker === marker)?.ref;
  }
  questions = () => this.posts.filter((p) => p.message.marker?.startsWith('round:'));
  inThread = (thread: MessageRef) => this.posts.filter((p) => p.thread === thread);
}

export interface Harness {
  db: Db;
  store: Store;
  clock: TestClock;
  port: RecordingPort;
  dojo: Dojo;
  /** Sends an event from `user` in the test workspace's #practice channel. */
  as(
    user: string,
    event: Omit<InboundEvent, 'platform' | 'workspace' | 'actor' | 'channel'> & Record<string, unknown>,
    opts?: { admin?: boolean; bot?: boolean },
  ): ReturnType<Dojo['handle']>;
  command(user: string, text: string, opts?: { admin?: boolean }): ReturnType<Dojo['handle']>;
}

export const WS = workspaceRef('T1');
export const CH = channelRef('C1');

/** A core on a fresh database (file or memory) with the shipped content and committed migrations. */
export function createHarness(opts: { path?: string; start?: string; seed?: number; admins?: string[]; content?: boolean } = {}): Harness {
  const db = openDb({ path: opts.path ?? ':memory:' });
  const store = createSqliteStore(db);
  const clock = new TestClock(Date.parse(opts.start ?? '2026-11-30T08:00:00Z'));
  const port = new RecordingPort();
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const dojo = createDojo({
    store,
    clock,
    random: seededRandom(opts.seed ?? 7),
    log: silent,
    config: { timezone: 'UTC', admins: opts.admins ?? [] },
  });
  dojo.attach('test', port);
  if (opts.content !== false) loadContent(store, silent, clock.ms);
  const as: Harness['as'] = (user, event, o = {}) =>
    dojo.handle({
      platform: 'test',
      workspace: WS,
      channel: CH,
      channelName: 'practice',
      actor: { ref: userRef(user), name: user, isBot: Boolean(o.bot), isPlatformAdmin: Boolean(o.admin) },
      ...event,
    } as InboundEvent);
  return { db, store, clock, port, dojo, as, command: (user, text, o) => as(user, { kind: 'command', text }, o) };
}

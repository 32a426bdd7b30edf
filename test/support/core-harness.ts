import {
  createDojo,
  type ChatPort,
  type DashboardLinks,
  type Dojo,
  type InboundEvent,
  type Logger,
  type NeutralMessage,
  type Observer,
} from '../../src/core/index.js';
import { channelRef, messageRef, userRef, workspaceRef, type ChannelRef, type MessageRef, type UserRef } from '../../src/core/index.js';
import type { Repos, Store } from '../../src/core/store.js';
import { testRepos } from './repos.js';
import { inTx, type Ctx, type Tx } from '../../src/core/context.js';
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
  async findPosted(channel: ChannelRef, { marker }: NeutralMessage & { marker: string }) {
    return this.posts.find((p) => p.channel === channel && p.message.marker === marker)?.ref;
  }
  questions = () => this.posts.filter((p) => p.message.startsThread);
  inThread = (thread: MessageRef) => this.posts.filter((p) => p.thread === thread);
}

export interface Harness {
  db: Db;
  store: Store;
  /** The repositories, each call a transaction of its own (for assertions and setup). */
  repos: Repos;
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
  /** Resolves once the content is loaded (every `as` waits for it too). */
  ready: Promise<unknown>;
  /** Runs core functions directly in one transaction, then sends what they said (for unit-level tests). */
  core<T>(fn: (t: Tx) => Promise<T>): Promise<T>;
}

export const WS = workspaceRef('T1');
export const CH = channelRef('C1');

/** A core on a fresh database (file or memory) with the shipped content and committed migrations. */
export function createHarness(
  opts: {
    path?: string;
    start?: string;
    seed?: number;
    admins?: string[];
    content?: boolean;
    log?: Logger;
    observer?: Observer;
    /** Builds the dashboard link signer on the harness's store and clock (none: /dojo dashboard says it is off). */
    dashboard?: (store: Store, clock: TestClock) => DashboardLinks;
  } = {},
): Harness {
  const db = openDb({ path: opts.path ?? ':memory:' });
  const store = createSqliteStore(db);
  const clock = new TestClock(Date.parse(opts.start ?? '2026-11-30T08:00:00Z'));
  const port = new RecordingPort();
  // DOJO_TEST_LOG=1 shows the core's warnings and errors while a test is being debugged.
  const show = process.env.DOJO_TEST_LOG ? (o: object, m?: string) => console.log(m, JSON.stringify(o)) : () => {};
  const silent = opts.log ?? { debug() {}, info() {}, warn: show, error: show };
  const dojo = createDojo({
    store,
    clock,
    random: seededRandom(opts.seed ?? 7),
    log: silent,
    config: { timezone: 'UTC', admins: opts.admins ?? [] },
    ...(opts.observer ? { observer: opts.observer } : {}),
    dashboard: opts.dashboard?.(store, clock),
  });
  dojo.attach('test', port);
  const coreCtx: Ctx = {
    store,
    clock,
    random: seededRandom((opts.seed ?? 7) + 1000),
    log: silent,
    config: { timezone: 'UTC', admins: opts.admins ?? [] },
    ports: new Map([['test', port]]),
    kickOutbox: () => undefined,
  };
  const loaded = opts.content !== false ? loadContent(store, silent, clock.ms) : Promise.resolve();
  // Each event is handled and what it posted is sent before the test looks, as a chat would show it.
  const as: Harness['as'] = async (user, event, o = {}) => {
    await loaded;
    const reply = await dojo.handle({
      platform: 'test',
      workspace: WS,
      channel: CH,
      channelName: 'practice',
      actor: { ref: userRef(user), name: user, isBot: Boolean(o.bot), isPlatformAdmin: Boolean(o.admin) },
      ...event,
    } as InboundEvent);
    await dojo.drain();
    return reply;
  };
  return {
    db,
    store,
    repos: testRepos(store),
    clock,
    port,
    dojo,
    ready: loaded,
    async core(fn) {
      await loaded;
      const out = await inTx(coreCtx, fn);
      await dojo.drain();
      return out;
    },
    as,
    command: (user, text, o) => as(user, { kind: 'command', text }, o),
  };
}

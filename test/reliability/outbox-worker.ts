/**
 * A child process for the post-claim test. `die`: sets up a channel, then commits an `ask` (its
 * question goes to the outbox) and accepts a suggestion without handling it, and SIGKILLs itself
 * the moment those commits resolve, or when the outbox tries to post the question, whichever
 * comes first: the platform never gets it. `restart`: opens the same
 * database and ticks once, as a restarted bot does. Posts go to a JSON-lines file, written
 * synchronously, so what was sent survives the kill.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import {
  type ChannelRef,
  type ChatPort,
  channelRef,
  createDojo,
  type InboundEvent,
  type MessageRef,
  messageRef,
  type NeutralMessage,
  userRef,
  workspaceRef,
} from '../../src/core/index.js';
import { loadContent } from '../../src/load-content.js';
import { seededRandom } from '../../src/random.js';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';

const [path, mode, clockArg, postsFile] = process.argv.slice(2) as [string, 'die' | 'restart', string, string];

const lines = (): { marker?: string; startsThread?: boolean; ref: string }[] =>
  existsSync(postsFile)
    ? readFileSync(postsFile, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
function record(channel: ChannelRef, message: NeutralMessage, thread?: MessageRef): MessageRef {
  const ref = `file:${process.pid}:${lines().length + 1}`;
  appendFileSync(
    postsFile,
    `${JSON.stringify({ ref, channel, thread, marker: message.marker, startsThread: Boolean(message.startsThread), text: message.text })}\n`,
  );
  return messageRef(ref);
}
const port: ChatPort = {
  postMessage: async (channel, message) => {
    // The outbox may start sending before the commits' callers resume: it dies before the platform has it.
    if (mode === 'die' && message.startsThread) process.kill(process.pid, 'SIGKILL');
    return record(channel, message);
  },
  replyInThread: async (channel, thread, message) => record(channel, message, thread),
  updateMessage: async () => undefined,
  tellPrivately: async () => undefined,
  findPosted: async (_channel, { marker }) => {
    const hit = lines().find((l) => l.marker === marker);
    return hit ? messageRef(hit.ref) : undefined;
  },
};

const db = openDb({ path });
const store = createSqliteStore(db);
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const clock = { now: () => new Date(Number(clockArg)) };
const dojo = createDojo({
  store,
  clock,
  random: seededRandom(3),
  log: silent,
  instanceId: `${mode}-${process.pid}`,
  config: { timezone: 'UTC', admins: [] },
});
dojo.attach('test', port);

const event = (user: string, text: string, deliveryId: string) =>
  ({
    platform: 'test',
    workspace: workspaceRef('T1'),
    channel: channelRef('C1'),
    actor: { ref: userRef(user), name: user, isBot: false, isPlatformAdmin: user === 'admin' },
    kind: 'command',
    text,
    deliveryId,
  }) as InboundEvent;

async function main() {
  if (mode === 'die') {
    await loadContent(store, silent, clock.now().getTime());
    await dojo.handle(event('admin', 'setup', 'd-setup'));
    await dojo.drain();
    await Promise.all([
      dojo.handle(event('admin', 'ask', 'd-ask')),
      dojo.accept(event('bob', 'suggest What does a write-ahead log buy you?', 'd-suggest')),
    ]);
    // Committed and acknowledged: nothing else runs before the kill.
    process.kill(process.pid, 'SIGKILL');
  }
  await dojo.tick();
  await dojo.drain();
  await store.close();
}

void main();

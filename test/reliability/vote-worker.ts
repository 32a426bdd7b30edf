/**
 * A child process for the crash-safety test: ingests votes into a file database as fast as it
 * can and prints "ack <voter>" after each vote the core has acknowledged. The parent kills it
 * with SIGKILL at random moments and checks that nothing acknowledged was lost. Its clock is
 * the parent's `clockMs` argument, later on each run, so outbox leases held by a killed run
 * have run out for the next one.
 */
import { createDojo, messageRef, userRef, workspaceRef, channelRef, type InboundEvent } from '../../src/core/index.js';
import { openDb } from '../../src/storage/db.js';
import { createSqliteStore } from '../../src/storage/sqlite-store.js';
import { loadContent } from '../../src/load-content.js';
import { seededRandom } from '../../src/random.js';
import { RecordingPort } from '../support/core-harness.js';

const [path, clockArg] = process.argv.slice(2) as [string, string];
const db = openDb({ path });
const store = createSqliteStore(db);
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const clock = { now: () => new Date(Number(clockArg)) };
const dojo = createDojo({
  store,
  clock,
  random: seededRandom(1),
  log: silent,
  instanceId: `worker-${process.pid}`,
  config: { timezone: 'UTC', admins: [] },
});
const port = new RecordingPort();
dojo.attach('test', port);

const base = (user: string) => ({
  platform: 'test',
  workspace: workspaceRef('T1'),
  channel: channelRef('C1'),
  actor: { ref: userRef(user), name: user, isBot: false, isPlatformAdmin: user === 'admin' },
});

async function main() {
  // Each setup step checks the database, so a kill in the middle of setup resumes cleanly.
  await loadContent(store, silent, clock.now().getTime());
  const q = (sql: string) => db.$client.prepare(sql).pluck().get();
  if (!q('SELECT count(*) FROM channels'))
    await dojo.handle({ ...base('admin'), kind: 'command', text: 'setup close=100h' } as InboundEvent);
  if (!q('SELECT count(*) FROM rounds')) await dojo.handle({ ...base('admin'), kind: 'command', text: 'ask' } as InboundEvent);
  // The question is posted by the outbox after the ask's commit (again after a kill before that).
  await dojo.drain();
  const round = q('SELECT message_ref FROM rounds') as string;
  if (!round) throw new Error('the question was not posted');
  for (const a of ['a0', 'a1', 'a2']) {
    await dojo.handle({
      ...base(a),
      kind: 'reply-posted',
      thread: messageRef(round),
      message: messageRef(`ans-${a}`),
      text: `answer ${a}`,
    } as InboundEvent);
  }
  process.stdout.write('ready\n');
  let n = db.$client.prepare('SELECT count(*) FROM votes WHERE retracted_at IS NULL').pluck().get() as number;
  for (;;) {
    const voter = `v${n}`;
    await dojo.handle({
      ...base(voter),
      kind: 'reaction-added',
      message: messageRef(`ans-a${n % 3}`),
      emoji: '+1',
      deliveryId: `vote-${n}`,
    } as InboundEvent);
    process.stdout.write(`ack ${voter} ${n % 3}\n`);
    n++;
  }
}

void main();

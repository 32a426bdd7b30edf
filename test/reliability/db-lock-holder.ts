/**
 * A child process for the slow-database test: a second connection to the bot's database file
 * that takes SQLite's write lock (BEGIN IMMEDIATE), holds it for `holdMs`, then commits. Being a
 * separate process it keeps its own clock running while the bot waits on its busy timeout, so it
 * also sends Slack requests on the parent's behalf and reports when each HTTP ack arrived.
 *
 * Parent → child: { kind: 'post', id, url, headers, body }.
 * Child → parent: { kind: 'locked', at }, { kind: 'acked', id, status, sentAt, at }, { kind: 'released', at }.
 */
import Database from 'better-sqlite3';

const [path, holdArg] = process.argv.slice(2);
const send = (m: object) => process.send!(m);
const db = new Database(path!);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN IMMEDIATE');
send({ kind: 'locked', at: Date.now() });

const posts: Promise<void>[] = [];
process.on('message', (m: { kind: string; id: string; url: string; headers: Record<string, string>; body: string }) => {
  if (m.kind !== 'post') return;
  posts.push(
    (async () => {
      const sentAt = Date.now();
      try {
        const res = await fetch(m.url, { method: 'POST', headers: m.headers, body: m.body });
        await res.text();
        send({ kind: 'acked', id: m.id, status: res.status, sentAt, at: Date.now() });
      } catch (err) {
        send({ kind: 'acked', id: m.id, status: 0, sentAt, at: Date.now(), error: String(err) });
      }
    })(),
  );
});

setTimeout(async () => {
  db.exec('COMMIT');
  db.close();
  send({ kind: 'released', at: Date.now() });
  await Promise.allSettled(posts);
  process.disconnect();
}, Number(holdArg));

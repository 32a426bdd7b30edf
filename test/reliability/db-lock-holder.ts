/**
 * A child process for the slow-database test: a second connection to the bot's database file
 * that takes SQLite's write lock (BEGIN IMMEDIATE), holds it for `holdMs`, then commits. Being a
 * separate process it keeps its own clock running while the bot waits on its busy timeout, so it
 * also sends Slack requests on the parent's behalf. The moment each HTTP ack arrives it reads the
 * database through its own connection (`probe`: name → SQL returning one row), which shows what
 * the bot had stored when it acknowledged.
 *
 * Parent → child: { kind: 'post', id, url, headers, body, probe }.
 * Child → parent: { kind: 'locked', at }, { kind: 'acked', id, status, body, sentAt, at, stored }, { kind: 'released', at }.
 */
import Database from 'better-sqlite3';

interface Post {
  kind: string;
  id: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  probe: Record<string, string>;
}

const [path, holdArg] = process.argv.slice(2);
const send = (m: object) => process.send!(m);
const db = new Database(path!);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN IMMEDIATE');
send({ kind: 'locked', at: Date.now() });

// While this connection holds its own transaction it reads its own snapshot: nothing the bot
// could have committed meanwhile (it cannot commit before the release anyway).
const read = (probe: Record<string, string>) =>
  Object.fromEntries(Object.entries(probe).map(([name, sql]) => [name, db.prepare(sql).get() ?? null]));

const posts: Promise<void>[] = [];
process.on('message', (m: Post) => {
  if (m.kind !== 'post') return;
  posts.push(
    (async () => {
      const sentAt = Date.now();
      try {
        const res = await fetch(m.url, { method: 'POST', headers: m.headers, body: m.body });
        const body = await res.text();
        send({ kind: 'acked', id: m.id, status: res.status, body, sentAt, at: Date.now(), stored: read(m.probe) });
      } catch (err) {
        send({ kind: 'acked', id: m.id, status: 0, sentAt, at: Date.now(), error: String(err) });
      }
    })(),
  );
});

setTimeout(async () => {
  db.exec('COMMIT');
  send({ kind: 'released', at: Date.now() });
  await Promise.allSettled(posts);
  db.close();
  process.disconnect();
}, Number(holdArg));

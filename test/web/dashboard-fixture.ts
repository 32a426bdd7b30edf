import {
  channelRef,
  createDojo,
  messageRef,
  type Dojo,
  type InboundEvent,
  type Store,
  userRef,
  workspaceRef,
} from '../../src/core/index.js';
import { loadContent } from '../../src/load-content.js';
import { seededRandom } from '../../src/random.js';
import { createDashboard } from '../../src/web/dashboard.js';
import { WebServer } from '../../src/web/server.js';
import { RecordingPort, TestClock } from '../support/core-harness.js';

export const SECRET = Buffer.alloc(32, 7);
export const HOSTILE = '<script>alert("owned")</script> see [click me](javascript:alert(1)) <@U999> @everyone <img src=x onerror=alert(2)>';
export const RIVAL_SECRET_ANSWER = 'mallory-only: a rival team answer that must never leak';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Two teams on one store, played through the real core: team "Acme" (T1) closes three rounds with
 * answers and votes (one answer hostile); team "Rival" (T2) closes one round of its own.
 */
export interface Fixture {
  dojo: Dojo;
  clock: TestClock;
  port: RecordingPort;
  base: string;
  /** A fresh signed link for a member of a team, through `/dojo dashboard`. */
  linkFor(team: 'T1' | 'T2', user: string, opts?: { admin?: boolean }): Promise<string>;
  close(): Promise<void>;
}

// A few weeks of earlier rounds for the README's screenshots (`history`), one a week.
const HISTORY = [
  'api-caching-redis',
  'sec-jwt-refresh-tokens',
  'db-indexing-types',
  'ops-ci-cd',
  'lead-mentoring-developers',
  'sd-rate-limiting',
  'scrum-handling-blockers',
  'sec-cors',
  'db-optimize-slow-queries',
];
const CAST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const TAKES = [
  'Start from the failure mode: what happens when this is slow, down or called twice?',
  'Measure first: a p95 and an error budget tell you which fix matters.',
  'Keep it boring: one well-understood tool, documented, with an owner.',
  'I would add it behind a flag, ship to one team, and watch the dashboards for a week.',
  'Cache the read path, keep writes simple, and make invalidation explicit.',
];

export async function seedTeams(store: Store, opts: { start?: string; history?: number } = {}): Promise<Fixture> {
  const clock = new TestClock(Date.parse(opts.start ?? '2026-11-02T08:00:00Z'));
  let base = 'http://127.0.0.1';
  const dashboard = createDashboard({ store, clock, log: silent, secret: SECRET, publicUrl: () => base });
  const dojo = createDojo({
    store,
    clock,
    random: seededRandom(11),
    log: silent,
    config: { timezone: 'UTC', admins: [] },
    dashboard: dashboard.links,
  });
  const port = new RecordingPort();
  dojo.attach('test', port);
  await loadContent(store, silent, clock.ms);
  const send = async (team: string, user: string, event: Record<string, unknown>, admin = false) => {
    const reply = await dojo.handle({
      platform: 'test',
      workspace: workspaceRef(team),
      workspaceName: team === 'T1' ? 'Acme' : 'Rival',
      channel: channelRef(`${team}-C`),
      channelName: team === 'T1' ? 'practice' : 'rival-practice',
      actor: { ref: userRef(`${team}-${user}`), name: user, isBot: false, isPlatformAdmin: admin },
      ...event,
    } as InboundEvent);
    await dojo.drain();
    return reply;
  };
  let n = 0;
  const round = async (team: string, questionId: string, answers: [string, string][], votes: [string, string][]) => {
    await send(team, 'admin', { kind: 'command', text: `ask ${questionId}` }, true);
    const thread = port.questions().at(-1)!.ref;
    const ids = new Map<string, string>();
    for (const [user, text] of answers) {
      const id = `${team}-a${++n}`;
      ids.set(user, id);
      await send(team, user, { kind: 'reply-posted', thread, message: messageRef(id), text });
    }
    for (const [voter, author] of votes)
      await send(team, voter, { kind: 'reaction-added', message: messageRef(ids.get(author)!), emoji: '+1' });
    await send(team, 'admin', { kind: 'command', text: 'close' }, true);
    clock.advance(24 * 3600_000);
  };

  await send('T1', 'admin', { kind: 'command', text: 'setup' }, true);
  await send('T2', 'admin', { kind: 'command', text: 'setup' }, true);
  for (let w = 0; w < (opts.history ?? 0); w++) {
    const answerers = CAST.filter((_, i) => (i * 7 + w) % 4 !== 0);
    await round(
      'T1',
      HISTORY[w % HISTORY.length]!,
      answerers.map((u, i) => [u, TAKES[(i + w) % TAKES.length]!]),
      answerers
        .flatMap((voter, i) => (i % 2 ? [[voter, answerers[(i + w) % answerers.length]!] as [string, string]] : []))
        .filter(([v, a]) => v !== a),
    );
    clock.advance(6 * 24 * 3600_000);
  }
  await round(
    'T1',
    'node-cluster-mode',
    [
      ['alice', 'Cluster forks one worker per core; keep sessions in Redis because workers share no memory.'],
      ['bob', 'Use worker threads for CPU work and cluster for more connections.'],
    ],
    [
      ['bob', 'alice'],
      ['carol', 'alice'],
    ],
  );
  clock.advance(7 * 24 * 3600_000);
  await round(
    'T1',
    'pitch-hr-final-round',
    [
      ['carol', 'I make trade-offs visible and keep idempotency keys on every payment call.'],
      ['dave', HOSTILE],
    ],
    [['alice', 'carol']],
  );
  await round('T1', 'node-event-loop-cycle', [['bob', 'Timers, pending callbacks, poll, check, close callbacks.']], [['alice', 'bob']]);
  await round('T2', 'node-cluster-mode', [['mallory', RIVAL_SECRET_ANSWER]], []);
  await send('T1', 'alice', { kind: 'command', text: 'quiz mcq' });

  const web = new WebServer(dashboard.routes, silent);
  const listening = await web.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${listening.port}`;
  return {
    dojo,
    clock,
    port,
    base,
    async linkFor(team, user, o = {}) {
      const reply = await send(team, user, { kind: 'command', text: 'dashboard' }, o.admin);
      const url = /\((http[^)]+)\)/.exec(reply.private[0]!.text)?.[1];
      if (!url) throw new Error(`no link in ${reply.private[0]?.text}`);
      return url;
    },
    close: () => listening.close(),
  };
}

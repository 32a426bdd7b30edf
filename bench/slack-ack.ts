import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { createDojo } from '../src/core/index.js';
import { loadContent } from '../src/load-content.js';
import { createLogger } from '../src/log.js';
import { mathRandom } from '../src/random.js';
import { openDb } from '../src/storage/db.js';
import { createSqliteStore } from '../src/storage/sqlite-store.js';
import { BOT_ID, BOT_TOKEN, BOT_USER, blockText, SIGNING_SECRET, TEAM, USERS } from '../test/fakes/slack-harness.js';
import { FakeSlack, type FakeUser } from '../test/fakes/slack-server.js';
import { signedHeaders } from '../test/fakes/slack-signing.js';
import { waitFor } from '../test/support/wait-for.js';
import { startIdleCollector } from '../src/ops/idle-collector.js';
import { serveControl, type ServerReport } from './bare-bolt.js';
import { round, tmpFile, type Row } from './lib.js';
import type { LoadResult, LoadRun } from './load-client.js';

/**
 * Row 3: Slack HTTP acknowledgement. The real app in HTTP mode (real core, file SQLite database,
 * shipped content, a practice channel with an open round and answers) and a bare Bolt app that
 * only acks each run in their own child process and take the same stream of signed requests —
 * `/dojo top` commands and `reaction_added` events with distinct event_ids, every one a real
 * vote from a distinct (member, answer) pair — from a load generator in a third process, at
 * concurrency 32, with a local fake Slack Web API (users.info, response_url, …) in this process.
 * Server CPU comes from process.cpuUsage() inside each server, read before and after the run.
 */

const CHANNEL = 'C0PRACTICE';
const AUTHORS = 20;
const VOTERS = 700;
const CONNECTIONS = 32;
const WARMUP = 1_000;
const MEASURED = 12_000;
const ROUNDS = 2;

// ---- child processes -----------------------------------------------------------------------

/** A bench child process (TypeScript through tsx) with an IPC channel and awaitable messages. */
export class Child {
  private readonly inbox: { kind: string }[] = [];
  private readonly waiting: { kind: string; resolve: (m: never) => void }[] = [];
  readonly stderr: string[] = [];
  private exited = false;

  constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: { kind: string }) => {
      const i = this.waiting.findIndex((w) => w.kind === m.kind);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(m as never);
      else this.inbox.push(m);
    });
    let partial = '';
    proc.stderr?.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      // Keep warnings and errors (pino levels 40+) and anything that is not a log line.
      for (const l of lines) if (l.trim() && !/"level":(10|20|30)\b/.test(l)) this.stderr.push(l);
    });
    proc.on('exit', () => (this.exited = true));
  }

  static start(script: string, args: string[], env: Record<string, string>, profile?: string, nodeArgs: string[] = []): Child {
    const proc = fork(new URL(script, import.meta.url).pathname, args, {
      // BENCH_PROFILE=<dir> writes a V8 CPU profile of the processes under test there (--cpu-prof).
      execArgv: ['--import', 'tsx', ...nodeArgs, ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [])],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    return new Child(proc);
  }

  send(m: object): void {
    this.proc.send(m);
  }

  /** The next message of `kind` (or an error when the child dies or takes longer than `timeoutMs`). */
  next<T extends { kind: string }>(kind: T['kind'], timeoutMs = 60_000): Promise<T> {
    const i = this.inbox.findIndex((m) => m.kind === kind || m.kind === 'error');
    if (i >= 0) {
      const m = this.inbox.splice(i, 1)[0]!;
      return m.kind === 'error' ? Promise.reject(new Error(JSON.stringify(m))) : Promise.resolve(m as T);
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`child ${this.proc.pid}: no ${kind} in ${timeoutMs} ms; stderr: ${this.stderr.slice(-5).join('\n')}`)),
        timeoutMs,
      );
      const onExit = (code: number | null) =>
        reject(new Error(`child ${this.proc.pid} exited (${code}) waiting for ${kind}: ${this.stderr.slice(-5).join('\n')}`));
      this.proc.once('exit', onExit);
      this.waiting.push({
        kind,
        resolve: (m: T) => {
          clearTimeout(timer);
          this.proc.off('exit', onExit);
          resolve(m);
        },
      });
    });
  }

  /** Asks the child to stop, and kills it (by its own pid) if it has not gone in 10 s. */
  async stop(message: object = { kind: 'stop' }): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
    if (this.proc.connected) this.proc.send(message);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
}

// ---- the server under test (child process) ---------------------------------------------------

/** Starts the app the way `src/main.ts` does in Slack HTTP mode (idle collector included), bound to 127.0.0.1, without the cron ticker. */
async function serveDojo(): Promise<void> {
  const { BENCH_DB, BENCH_API_URL, LOG_LEVEL } = process.env;
  if (!BENCH_DB || !BENCH_API_URL) throw new Error('BENCH_DB and BENCH_API_URL are required');
  const log = createLogger(LOG_LEVEL ?? 'info');
  const db = openDb({ path: BENCH_DB });
  const store = createSqliteStore(db);
  const dojo = createDojo({
    store,
    clock: { now: () => new Date() },
    random: mathRandom,
    log,
    instanceId: randomUUID(),
    config: { timezone: 'UTC', admins: [] },
  });
  await loadContent(store, log, Date.now());
  const running = await createSlackAdapter({
    dojo,
    config: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: BENCH_API_URL, PORT: 0 },
    log,
    host: '127.0.0.1',
  }).start();
  const stopCollector = startIdleCollector();
  serveControl(running.port!, async () => {
    stopCollector();
    await running.stop();
    await dojo.drain();
    await store.close();
  });
}

// ---- the bench side --------------------------------------------------------------------------

export const member = (i: number, kind: 'author' | 'voter'): FakeUser => {
  const id = `U${kind === 'author' ? 'A' : 'V'}${String(i).padStart(7, '0')}`;
  return { id, name: `${kind}${i}`, display_name: `${kind === 'author' ? 'Author' : 'Voter'} ${i}` };
};

export interface Usage {
  heapUsed: number;
  heapTotal: number;
  external: number;
  user: number;
  system: number;
  rss: number;
}

export async function readUsage(server: Child): Promise<Usage> {
  server.send({ kind: 'usage' });
  return server.next<Extract<ServerReport, { kind: 'usage' }>>('usage');
}

const cpuMs = (u: Usage) => (u.user + u.system) / 1000;

interface Round {
  load: LoadResult;
  cpuUsPerRequest: number;
  rssMb: number;
}

/** Slack-shaped payloads with made-up ids, the shapes `test/fakes/slack-harness.ts` sends. */
let eventSeq = 0;
function payloads(fake: FakeSlack) {
  const command = (user: FakeUser, text: string) =>
    new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: TEAM,
      team_domain: 'fake',
      channel_id: CHANNEL,
      channel_name: 'practice',
      user_id: user.id,
      user_name: user.name,
      command: '/dojo',
      text,
      api_app_id: 'A0DOJO001',
      is_enterprise_install: 'false',
      response_url: fake.responseUrl(CHANNEL, user.id),
      trigger_id: fake.newTrigger(user.id),
    }).toString();
  const event = (event: Record<string, unknown>) =>
    JSON.stringify({
      token: 'legacy-verification-token',
      team_id: TEAM,
      api_app_id: 'A0DOJO001',
      event: { event_ts: `${Date.now() / 1000}`, ...event },
      type: 'event_callback',
      event_id: `Ev0BENCH${++eventSeq}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
  return { command, event };
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Sets up the practice channel, asks a question and answers it, all through signed HTTP requests. */
export async function prepare(fake: FakeSlack, port: number, authors: FakeUser[]): Promise<string[]> {
  const url = `http://127.0.0.1:${port}/slack/events`;
  const p = payloads(fake);
  const post = async (type: string, body: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': type, ...signedHeaders(SIGNING_SECRET, body) }, body });
    const answer = await res.text();
    if (res.status !== 200) throw new Error(`prepare: HTTP ${res.status}`);
    // A command's reply may come in its ack, which Slack shows the member like a response_url reply.
    if (type === FORM && answer.startsWith('{')) {
      const params = new URLSearchParams(body);
      fake.commandAnswered(params.get('channel_id')!, params.get('user_id')!, JSON.parse(answer) as Record<string, unknown>);
    }
  };
  const said =
    (pattern: RegExp, n = 1) =>
    () =>
      fake.ephemerals.filter((e) => pattern.test(`${e.text}\n${blockText(e.blocks)}`)).length >= n;
  await post(FORM, p.command(USERS.admin, 'setup'));
  await waitFor(said(/practice channel/), 'setup reply', 10_000);
  await post(FORM, p.command(USERS.admin, 'ask'));
  const question = await waitFor(
    () => fake.inChannel(CHANNEL).find((m) => m.metadata?.event_type === 'dojo_post'),
    'question post',
    10_000,
  );
  const answers: string[] = [];
  for (const [i, a] of authors.entries()) {
    const m = fake.userMessage(CHANNEL, a.id, `Answer ${i}: measure first, then fix the cause.`, question.ts);
    await post(
      JSON_TYPE,
      p.event({ type: 'message', channel: CHANNEL, user: a.id, text: m.text, ts: m.ts, thread_ts: question.ts, channel_type: 'channel' }),
    );
    answers.push(m.ts);
  }
  await waitFor(said(/Your answer is in/, authors.length), 'answers recorded', 10_000);
  return answers;
}

/**
 * The request stream: even requests are `reaction_added` votes (each a distinct voter × answer
 * pair, so every one is a real vote), odd ones `/dojo top` from those members.
 */
export function writeBodies(
  fake: FakeSlack,
  voters: FakeUser[],
  answers: string[],
  total: number,
): { file: string; reactions: number; commands: number } {
  const p = payloads(fake);
  const lines: string[] = [];
  let reactions = 0;
  let commands = 0;
  for (let i = 0; i < total; i++) {
    if (i % 2 === 0) {
      const k = reactions++;
      if (k >= voters.length * answers.length) throw new Error('not enough distinct voter × answer pairs');
      const voter = voters[k % voters.length]!;
      const ts = answers[Math.floor(k / voters.length)]!;
      lines.push(
        JSON.stringify([
          JSON_TYPE,
          p.event({
            type: 'reaction_added',
            user: voter.id,
            reaction: '+1',
            item: { type: 'message', channel: CHANNEL, ts },
            item_user: 'U0',
          }),
        ]),
      );
    } else {
      commands++;
      lines.push(JSON.stringify([FORM, p.command(voters[(i * 7) % voters.length]!, 'top')]));
    }
  }
  const file = tmpFile('bodies.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, reactions, commands };
}

export async function load(client: Child, run: Omit<LoadRun, 'kind'>): Promise<LoadResult> {
  client.send({ kind: 'run', ...run });
  return client.next<LoadResult>('result', 120_000);
}

/** One round: a warm-up, then the measured run with the server's CPU read around it; `drain` waits for the work behind the acks. */
async function measure(server: Child, client: Child, port: number, offset: number, drain: () => Promise<void>): Promise<Round> {
  const url = `http://127.0.0.1:${port}/slack/events`;
  await load(client, { url, from: offset, count: WARMUP, connections: CONNECTIONS });
  await drain();
  const before = await readUsage(server);
  const result = await load(client, { url, from: offset + WARMUP, count: MEASURED, connections: CONNECTIONS });
  await drain();
  const after = await readUsage(server);
  return { load: result, cpuUsPerRequest: ((cpuMs(after) - cpuMs(before)) * 1000) / result.requests, rssMb: after.rss / 2 ** 20 };
}

/** The round with the highest throughput (interference from other work on the machine only slows a round down). */
const best = (rounds: Round[]) => rounds.reduce((a, b) => (b.load.rps > a.load.rps ? b : a));

/** The fake Web API with the admin, `authorCount` answer authors and `voterCount` voters as its users. */
export async function benchSlack(authorCount: number, voterCount: number) {
  const authors = Array.from({ length: authorCount }, (_, i) => member(i, 'author'));
  const voters = Array.from({ length: voterCount }, (_, i) => member(i, 'voter'));
  const fake = await FakeSlack.start({
    botToken: BOT_TOKEN,
    teamId: TEAM,
    botUserId: BOT_USER,
    botId: BOT_ID,
    users: [USERS.admin, ...authors, ...voters],
  });
  return { fake, authors, voters };
}

export async function slackAckRows(): Promise<Row[]> {
  const { fake, authors, voters } = await benchSlack(AUTHORS, VOTERS);
  const children: Child[] = [];
  const start = (script: string, args: string[], env: Record<string, string>) => {
    const c = Child.start(script, args, env, process.env.BENCH_PROFILE);
    children.push(c);
    return c;
  };
  try {
    // The real app: prepare its channel, round and answers over HTTP, then write the load.
    const dbPath = tmpFile('slack-ack.sqlite');
    const dojo = start('./slack-ack.ts', ['serve'], { BENCH_DB: dbPath, BENCH_API_URL: fake.apiUrl, LOG_LEVEL: 'info' });
    const dojoPort = (await dojo.next<Extract<ServerReport, { kind: 'ready' }>>('ready')).port;
    const answers = await prepare(fake, dojoPort, authors);
    const perRound = WARMUP + MEASURED;
    const bodies = writeBodies(fake, voters, answers, ROUNDS * perRound);
    // The baseline: a bare Bolt app on the same fake Web API; it takes the same bodies and ignores their content.
    const bare = start('./bare-bolt.ts', [], { BENCH_TOKEN: BOT_TOKEN, BENCH_SIGNING_SECRET: SIGNING_SECRET, BENCH_API_URL: fake.apiUrl });
    const barePort = (await bare.next<Extract<ServerReport, { kind: 'ready' }>>('ready')).port;
    const client = Child.start('./load-client.ts', [bodies.file], { BENCH_SIGNING_SECRET: SIGNING_SECRET });
    children.push(client);
    await client.next('ready');

    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const votes = () => db.prepare('SELECT count(*) FROM votes WHERE retracted_at IS NULL').pluck().get() as number;
    // A command answered at once carries its reply in its ack; any other reply goes through response_url.
    const viaResponseUrl0 = fake.callsOf('response_url').length;
    const bareRounds: Round[] = [];
    const dojoRounds: Round[] = [];
    // Alternate baseline and bot so drift on the machine hits both alike.
    for (let r = 0; r < ROUNDS; r++) {
      bareRounds.push(await measure(bare, client, barePort, r * perRound, () => new Promise((ok) => setTimeout(ok, 200))));
      let upTo = r * perRound;
      dojoRounds.push(
        await measure(dojo, client, dojoPort, r * perRound, async () => {
          // The acks are out (commands are answered in them); wait for the work behind the event acks:
          // every vote stored. (Bodies alternate reaction, command, so n bodies hold ⌈n/2⌉ votes.)
          upTo += upTo === r * perRound ? WARMUP : MEASURED;
          const target = Math.ceil(upTo / 2);
          await waitFor(() => votes() >= target, 'votes stored', 30_000).catch((err: unknown) => {
            throw new Error(`${String(err)}: ${votes()}/${target} votes; ${dojo.stderr.slice(-3).join('\n')}`);
          });
        }),
      );
    }
    const lateReplies = fake.callsOf('response_url').length - viaResponseUrl0;
    const stored = votes();
    db.close();
    await client.stop({ kind: 'exit' });
    await bare.stop();
    await dojo.stop();

    const problems: string[] = [];
    const refused = fake.ephemerals.filter((e) => e.via === 'chat.postEphemeral' && !/Your answer is in/.test(e.text)).length;
    if (stored !== bodies.reactions) problems.push(`${stored} votes stored for ${bodies.reactions} reactions`);
    if (refused) problems.push(`${refused} refusals`);
    for (const [who, rounds] of [
      ['bot', dojoRounds],
      ['bare', bareRounds],
    ] as const) {
      for (const { load: l } of rounds)
        if (l.non2xx || l.errors || l.timeouts) problems.push(`${who}: ${l.non2xx} non-2xx, ${l.errors} errors, ${l.timeouts} timeouts`);
    }
    problems.push(...dojo.stderr.slice(0, 3), ...bare.stderr.slice(0, 3));
    if (problems.length) process.stderr.write(`bench: slack ack problems: ${JSON.stringify(problems.slice(0, 8))}\n`);

    const d = best(dojoRounds);
    const b = best(bareRounds);
    const maxOf = (rounds: Round[]) => Math.max(...rounds.map((x) => x.load.max));
    const cpuOf = (rounds: Round[]) => rounds.reduce((a, x) => a + x.cpuUsPerRequest, 0) / rounds.length;
    const clean = !problems.length;
    const mix = `${MEASURED.toLocaleString('en-US')} signed requests per round after ${WARMUP.toLocaleString('en-US')} warm-up, half /dojo top, half reaction_added votes, c=${CONNECTIONS}; best of ${ROUNDS} alternating rounds`;
    const all = (rounds: Round[]) => rounds.map((x) => round(x.load.rps, 0)).join('/');
    return [
      {
        row: '3. Slack HTTP ack',
        metric: `throughput, requests/s (${mix})`,
        dojo: round(d.load.rps, 0),
        baseline: round(b.load.rps, 0),
        unit: '/s',
        ratio: round(d.load.rps / b.load.rps),
        target: '≥ 0.6 × bare Bolt',
        met: d.load.rps / b.load.rps >= 0.6 && clean,
        notes: `rounds ${all(dojoRounds)} vs ${all(bareRounds)}; server CPU ${round(cpuOf(dojoRounds), 0)} µs/request vs ${round(cpuOf(bareRounds), 0)} µs bare, incl. the work after the ack; ${stored.toLocaleString('en-US')} votes stored; ${lateReplies} command replies after the ack${clean ? '' : `; problems: ${problems.slice(0, 3).join('; ')}`}`,
      },
      {
        row: '3. Slack HTTP ack',
        metric: 'p99 latency (same rounds)',
        dojo: round(d.load.p99, 1),
        baseline: round(b.load.p99, 1),
        unit: 'ms',
        ratio: round(d.load.p99 / b.load.p99),
        target: '≤ 1.5 × bare Bolt',
        met: d.load.p99 / b.load.p99 <= 1.5,
        notes: `p50 ${round(d.load.p50, 1)} ms vs ${round(b.load.p50, 1)} ms`,
      },
      {
        row: '3. Slack HTTP ack',
        metric: 'max latency (all rounds)',
        dojo: round(maxOf(dojoRounds), 1),
        baseline: round(maxOf(bareRounds), 1),
        unit: 'ms',
        ratio: round(maxOf(dojoRounds) / maxOf(bareRounds)),
        target: 'every request < 3 s',
        met: maxOf(dojoRounds) < 3000 && dojoRounds.every((x) => !x.load.timeouts && !x.load.errors),
      },
      {
        row: '5. Footprint',
        metric: 'Slack HTTP app: resident memory after the row 3 load',
        dojo: round(dojoRounds.at(-1)!.rssMb, 1),
        baseline: round(bareRounds.at(-1)!.rssMb, 1),
        unit: 'MB',
        ratio: round(dojoRounds.at(-1)!.rssMb / bareRounds.at(-1)!.rssMb),
        target: 'reported (baseline: bare Bolt after the same load)',
        met: true,
      },
    ];
  } finally {
    for (const c of children) await c.stop().catch(() => undefined);
    await fake.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'serve') await serveDojo();
  else console.log(await slackAckRows());
}

import { createServer, request, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { webApi } from '@slack/bolt';
import { SlackPort } from '../adapters/slack/port.js';
import { PLATFORM, teamRef } from '../adapters/slack/refs.js';
import {
  channelRef,
  createDojo,
  type ChannelRef,
  type ChatPort,
  type MessageRef,
  type NeutralMessage,
  type UserRef,
} from '../src/core/index.js';
import { defaultChannelSettings, defaultSettings } from '../src/core/settings.js';
import { loadContent } from '../src/load-content.js';
import { createLogger } from '../src/log.js';
import { mathRandom } from '../src/random.js';
import { openDb } from '../src/storage/db.js';
import { createSqliteStore } from '../src/storage/sqlite-store.js';
import { BOT_ID, BOT_USER, TEAM } from '../test/fakes/slack-harness.js';
import { FakeSlack } from '../test/fakes/slack-server.js';
import { round, tmpFile, type Row } from './lib.js';
import { Child } from './slack-ack.js';

/**
 * Row 4: the daily fan-out. 10,000 practice channels in 1,000 workspaces, all due at 09:00, are
 * posted by the core's scheduler (`dojo.tick()` with the clock at 09:00) through the Slack
 * adapter's own port (`SlackPort` over a `WebClient` per workspace token, configured like the
 * adapter's), against a fake Slack Web API that answers after 20 ms and with HTTP 429 above
 * Slack's documented rates. The baseline posts the same 10,000 messages with the raw WebClient,
 * in the same shape (16 workspaces at a time, channels in order) and against the same fake.
 * The poster runs in a child process so its peak memory is its own.
 */

const WORKSPACES = 1_000;
const CHANNELS_PER_WORKSPACE = 10;
const LATENCY_MS = 20;
/** The slot every channel is due at: a Monday, 09:00 UTC. */
const NINE_AM = Date.parse('2026-11-30T09:00:00Z');
const FAKE_TOKEN = 'xoxb-0000-fanout-fake';
/**
 * Both posters run under this V8 old-space cap: finishing under it shows the memory is bounded
 * (the live heap is ~40-60 MB, mostly loaded code; 32 MB runs out), and peak RSS is then not just
 * how lazily the collector ran on a 24 GB machine.
 */
const POSTER_HEAP_MB = 128;
const PEAK_RSS_BOUND_MB = 256;
/** The core's WORKSPACE_CONCURRENCY (src/core/outbox.ts: workspaces sent side by side), which the baseline copies. */
const WORKSPACE_CONCURRENCY = 16;

// ---- Slack's documented rate limits, as the fake enforces them --------------------------------

/**
 * Per method per workspace ("per app per workspace"), requests per minute, from Slack's tiers
 * (docs.slack.dev/apis/web-api/rate-limits): Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min.
 * The fake allows exactly the tier's floor in any sliding 60-second window.
 * chat.postMessage is "Special": 1 message per second per channel with short bursts, plus a
 * workspace-wide limit Slack does not publish; the fake uses the Tier 4 floor (100/min) for it.
 * conversations.history is 1/min: non-Marketplace apps since 2025 (Tier 3 before).
 */
const PER_MINUTE: Record<string, number> = {
  'chat.postMessage': 100,
  'chat.postEphemeral': 100,
  'chat.update': 50,
  'conversations.history': 1,
  'conversations.open': 50,
  'users.info': 100,
  'views.publish': 100,
  'views.open': 100,
  'auth.test': 100,
};
const DEFAULT_PER_MINUTE = 20;
/** chat.postMessage per channel: a bucket of 3 (the "short burst") refilled at 1 per second. */
const CHANNEL_BURST = 3;
const CHANNEL_PER_SECOND = 1;

class RateLimits {
  private readonly windows = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Whether a call is within the limits at `now` (and counts it when it is). */
  take(workspace: string, method: string, channel: string | undefined, now: number): boolean {
    const key = `${workspace}\0${method}`;
    const window = this.windows.get(key) ?? [];
    while (window.length && window[0]! <= now - 60_000) window.shift();
    if (window.length >= (PER_MINUTE[method] ?? DEFAULT_PER_MINUTE)) return false;
    if (method === 'chat.postMessage' && channel) {
      const b = this.buckets.get(channel) ?? { tokens: CHANNEL_BURST, at: now };
      b.tokens = Math.min(CHANNEL_BURST, b.tokens + ((now - b.at) / 1000) * CHANNEL_PER_SECOND);
      b.at = now;
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      this.buckets.set(channel, b);
    }
    window.push(now);
    this.windows.set(key, window);
    return true;
  }
}

/**
 * The Web API as the poster sees it: every call answers after LATENCY_MS, calls above the rate
 * limits get HTTP 429 with Retry-After: 1, and the rest go to the fake Slack (test/fakes), which
 * stores the messages. Workspaces are told apart by their bot token.
 */
class SlowLimitedSlack {
  readonly limited = new Map<string, number>();
  readonly calls = new Map<string, number>();
  inFlight = 0;
  maxInFlight = 0;
  private readonly limits = new RateLimits();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private server!: Server;
  port = 0;

  constructor(private readonly fake: FakeSlack) {}

  static async start(fake: FakeSlack): Promise<SlowLimitedSlack> {
    const s = new SlowLimitedSlack(fake);
    s.server = createServer((req, res) => void s.handle(req, res));
    s.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
    s.port = (s.server.address() as AddressInfo).port;
    return s;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  get total429(): number {
    return [...this.limited.values()].reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
    this.agent.destroy();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    const channel = method === 'chat.postMessage' ? (new URLSearchParams(body.toString()).get('channel') ?? undefined) : undefined;
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const ok = this.limits.take(token, method, channel, arrived);
    await new Promise((r) => setTimeout(r, Math.max(0, arrived + LATENCY_MS - Date.now())));
    if (!ok) {
      this.limited.set(method, (this.limited.get(method) ?? 0) + 1);
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"ok":false,"error":"ratelimited"}');
      this.inFlight--;
      return;
    }
    const upstream = request(
      {
        host: '127.0.0.1',
        port: this.fake.port,
        path: req.url,
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': String(req.headers['content-type'] ?? ''),
          'content-length': body.length,
          authorization: `Bearer ${FAKE_TOKEN}`,
        },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json' });
        up.pipe(res);
        up.once('end', () => this.inFlight--);
      },
    );
    upstream.once('error', (err) => {
      this.inFlight--;
      res.writeHead(502).end(String(err));
    });
    upstream.end(body);
  }
}

// ---- the poster (child process) ----------------------------------------------------------

const wsToken = (w: number) => `xoxb-ws${String(w).padStart(4, '0')}-bench`;
const channelId = (w: number, c: number) => `CW${String(w).padStart(4, '0')}X${c}`;
const workspaceOfChannel = (channel: string) => Number(channel.slice(2, 6));

/** The WebClient options the adapter uses (adapters/slack/app.ts). */
const clientOptions = (apiUrl: string): webApi.WebClientOptions => ({
  slackApiUrl: apiUrl,
  retryConfig: { retries: 4, factor: 2, minTimeout: 200, maxTimeout: 5_000, randomize: true },
  timeout: 15_000,
});

/**
 * One SlackPort per workspace token, as one adapter per workspace would have, kept in a small
 * LRU: a WebClient holds about 50 KB, and only the workspaces being posted are in use.
 */
class PerWorkspacePorts implements ChatPort {
  private readonly ports = new Map<number, SlackPort>();
  constructor(private readonly apiUrl: string) {}

  private port(channel: string): SlackPort {
    const w = workspaceOfChannel(channel);
    let p = this.ports.get(w);
    if (p) this.ports.delete(w);
    else p = new SlackPort(new webApi.WebClient(wsToken(w), clientOptions(this.apiUrl)));
    this.ports.set(w, p);
    if (this.ports.size > 4 * WORKSPACE_CONCURRENCY) this.ports.delete(this.ports.keys().next().value!);
    return p;
  }

  postMessage(channel: ChannelRef, message: NeutralMessage): Promise<MessageRef> {
    return this.port(channel).postMessage(channel, message);
  }
  replyInThread(channel: ChannelRef, thread: MessageRef, message: NeutralMessage): Promise<MessageRef> {
    return this.port(channel).replyInThread(channel, thread, message);
  }
  updateMessage(ref: MessageRef, message: NeutralMessage): Promise<void> {
    return this.port(ref.split(':')[1]!).updateMessage(ref, message);
  }
  tellPrivately(channel: ChannelRef | undefined, user: UserRef, message: NeutralMessage): Promise<void> {
    if (!channel) throw new Error('the bench has no direct messages');
    return this.port(channel).tellPrivately(channel, user, message);
  }
  findPosted(channel: ChannelRef, message: NeutralMessage & { marker: string }): Promise<MessageRef | undefined> {
    return this.port(channel).findPosted(channel, message);
  }
}

export interface PosterResult {
  kind: 'done';
  seconds: number;
  setupSeconds: number;
  posted: number;
  failed: number;
  errors: string[];
  peakRssMb: number;
  rssMb: number;
}

const peakRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;

/** Log lines at error level (pino 50+) from a log file, for the report. */
const errorLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /"level":(50|60)\b/.test(l))
    .slice(0, 20)
    .map((l) => l.slice(0, 300));

/** The real core's scheduler posts every due channel. */
async function postWithCore(apiUrl: string): Promise<PosterResult> {
  const t0 = Date.now();
  const db = openDb({ path: tmpFile('fan-out.sqlite') });
  const store = createSqliteStore(db);
  let started = 0;
  // 09:00 sharp when the tick starts, then real time passes.
  const clock = { now: () => new Date(NINE_AM + (started ? Date.now() - started : 0)) };
  // Info-level JSON logs to a file descriptor, as the bot logs to stderr in production.
  const logFile = tmpFile('fan-out.log');
  const destination = pino.destination({ dest: logFile, sync: false });
  const log = createLogger('info', destination as unknown as NodeJS.WritableStream);
  const dojo = createDojo({ store, clock, random: mathRandom, log, instanceId: 'fan-out', config: { timezone: 'UTC', admins: [] } });
  await loadContent(store, log, NINE_AM - 7 * 86_400_000);
  // 1,000 installed workspaces with ten practice channels each, set up a week ago (mon-fri 09:00 UTC).
  const weekAgo = NINE_AM - 7 * 86_400_000;
  await store.tx(async (db) => {
    for (let w = 0; w < WORKSPACES; w++) {
      const ws = await db.workspaces.ensure({
        platform: PLATFORM,
        ref: teamRef(`T${String(w).padStart(4, '0')}`),
        name: `ws${w}`,
        timezone: 'UTC',
        settings: defaultSettings(),
        now: weekAgo,
      });
      for (let c = 0; c < CHANNELS_PER_WORKSPACE; c++) {
        await db.channels.upsert({
          workspaceId: ws.id,
          ref: channelRef(channelId(w, c)),
          name: `practice-${c}`,
          settings: defaultChannelSettings('UTC'),
          now: weekAgo,
        });
      }
    }
  });
  dojo.attach(PLATFORM, new PerWorkspacePorts(apiUrl));
  const setupSeconds = (Date.now() - t0) / 1000;
  started = Date.now();
  await dojo.tick();
  const seconds = (Date.now() - started) / 1000;
  const c = db.$client;
  const posted = c.prepare("SELECT count(*) FROM rounds WHERE status = 'open' AND message_ref IS NOT NULL").pluck().get() as number;
  // Sends the outbox counted as failed (each is retried after its backoff, past this tick).
  const failed = c.prepare('SELECT count(*) FROM outbox WHERE attempts > 0').pluck().get() as number;
  await store.close();
  destination.flushSync();
  return {
    kind: 'done',
    seconds,
    setupSeconds,
    posted,
    failed,
    errors: errorLines(logFile),
    peakRssMb: peakRssMb(),
    rssMb: process.memoryUsage().rss / 2 ** 20,
  };
}

/** The baseline: the raw WebClient posts the same message to every channel, shaped like the scheduler. */
async function postRaw(apiUrl: string): Promise<PosterResult> {
  const errors: string[] = [];
  const blocks = [
    { type: 'header', text: { type: 'plain_text', text: 'Question of the day · Node.js · medium' } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: 'How does the event loop schedule timers, I/O callbacks and microtasks, and what starves what?' },
    },
    {
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Answer' }, action_id: 'dojo:answer:1', style: 'primary' }],
    },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Reply in this thread or press *Answer*. Vote for the best answers with 👍. Closes Tue 08:00 UTC.' },
      ],
    },
  ];
  let posted = 0;
  const started = Date.now();
  const lanes = Array.from({ length: WORKSPACES }, (_, w) => w);
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKSPACE_CONCURRENCY }, async () => {
      while (next < lanes.length) {
        const w = lanes[next++]!;
        const client = new webApi.WebClient(wsToken(w), clientOptions(apiUrl));
        for (let c = 0; c < CHANNELS_PER_WORKSPACE; c++) {
          try {
            await client.chat.postMessage({
              channel: channelId(w, c),
              text: 'Question of the day',
              blocks,
              unfurl_links: false,
              unfurl_media: false,
              metadata: { event_type: 'dojo_post', event_payload: { marker: `round:${w * CHANNELS_PER_WORKSPACE + c}` } },
            });
            posted++;
          } catch (err) {
            if (errors.length < 20) errors.push(String(err));
          }
        }
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return {
    kind: 'done',
    seconds,
    setupSeconds: 0,
    posted,
    failed: WORKSPACES * CHANNELS_PER_WORKSPACE - posted,
    errors,
    peakRssMb: peakRssMb(),
    rssMb: process.memoryUsage().rss / 2 ** 20,
  };
}

// ---- the bench side --------------------------------------------------------------------------

interface Run {
  poster: PosterResult;
  limited: number;
  calls: Record<string, number>;
  maxInFlight: number;
  /** Channels whose question the fake holds exactly once / more than once / not at all. */
  once: number;
  twice: number;
  missing: number;
}

export async function runPoster(mode: 'core' | 'raw'): Promise<Run> {
  const fake = await FakeSlack.start({ botToken: FAKE_TOKEN, teamId: TEAM, botUserId: BOT_USER, botId: BOT_ID, users: [] });
  const api = await SlowLimitedSlack.start(fake);
  const heap = process.env.BENCH_POSTER_HEAP_MB ?? String(POSTER_HEAP_MB);
  const child = Child.start('./fan-out.ts', ['post', mode], { BENCH_API_URL: api.apiUrl }, process.env.BENCH_PROFILE, [
    `--max-old-space-size=${heap}`,
  ]);
  try {
    const poster = await child.next<PosterResult>('done', 280_000);
    await child.stop();
    const perChannel = new Map<string, number>();
    for (const m of fake.messages)
      if (!m.thread_ts && m.metadata?.event_type === 'dojo_post') perChannel.set(m.channel, (perChannel.get(m.channel) ?? 0) + 1);
    let once = 0;
    let twice = 0;
    let missing = 0;
    for (let w = 0; w < WORKSPACES; w++) {
      for (let c = 0; c < CHANNELS_PER_WORKSPACE; c++) {
        const n = perChannel.get(channelId(w, c)) ?? 0;
        if (n === 1) once++;
        else if (n > 1) twice++;
        else missing++;
      }
    }
    return { poster, limited: api.total429, calls: Object.fromEntries(api.calls), maxInFlight: api.maxInFlight, once, twice, missing };
  } finally {
    await child.stop();
    await api.close();
    await fake.close();
  }
}

export async function fanOutRows(): Promise<Row[]> {
  const raw = await runPoster('raw');
  const core = await runPoster('core');
  const channels = WORKSPACES * CHANNELS_PER_WORKSPACE;
  const exact = core.once === channels && !core.twice && !core.missing && core.poster.posted === channels;
  const problems = [...core.poster.errors, ...raw.poster.errors];
  if (problems.length || !exact)
    process.stderr.write(
      `bench: fan-out problems: ${JSON.stringify({ core: { ...core, poster: { ...core.poster, errors: undefined } }, errors: problems.slice(0, 5) })}\n`,
    );
  const p = core.poster;
  const floor = (channels * LATENCY_MS) / WORKSPACE_CONCURRENCY / 1000;
  return [
    {
      row: '4. Daily fan-out',
      metric: `${channels.toLocaleString('en-US')} channels in ${WORKSPACES.toLocaleString('en-US')} workspaces due at 09:00: seconds to post all (fake Web API: +${LATENCY_MS} ms, 429 above Slack's rates)`,
      dojo: round(p.seconds, 1),
      baseline: round(raw.poster.seconds, 1),
      unit: 's',
      ratio: round(p.seconds / raw.poster.seconds),
      target: 'all within 5 min (or as fast as the limits allow)',
      met: p.seconds <= 300 && exact,
      notes: `baseline: raw WebClient, same posts and concurrency (${WORKSPACE_CONCURRENCY} workspaces at a time); latency floor at that concurrency ${round(floor, 1)} s; setup ${round(p.setupSeconds, 1)} s not counted`,
    },
    {
      row: '4. Daily fan-out',
      metric: 'questions posted exactly once (checked in the fake) / HTTP 429s provoked',
      dojo: core.once,
      baseline: channels,
      unit: 'channels',
      ratio: round(core.once / channels),
      target: 'every channel exactly once, no 429',
      met: exact && core.limited === 0,
      notes: `${core.twice} twice, ${core.missing} missing, ${core.limited} × 429 (baseline ${raw.limited}); ${p.failed} failed posts; calls ${JSON.stringify(core.calls)}`,
    },
    {
      row: '4. Daily fan-out',
      metric: `poster process peak resident memory (VmHWM), V8 heap capped at ${POSTER_HEAP_MB} MB`,
      dojo: round(p.peakRssMb, 1),
      baseline: round(raw.poster.peakRssMb, 1),
      unit: 'MB',
      ratio: round(p.peakRssMb / raw.poster.peakRssMb),
      target: `bounded: finishes under the cap, peak RSS < ${PEAK_RSS_BOUND_MB} MB`,
      met: p.peakRssMb < PEAK_RSS_BOUND_MB && p.posted === channels,
      notes: `RSS ${round(p.rssMb, 1)} MB when done; baseline: the raw WebClient poster under the same cap`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'post') {
    const apiUrl = process.env.BENCH_API_URL!;
    const result = process.argv[3] === 'raw' ? await postRaw(apiUrl) : await postWithCore(apiUrl);
    process.send!(result);
    process.once('message', () => process.exit(0));
    process.once('disconnect', () => process.exit(0));
  } else console.log(await fanOutRows());
}

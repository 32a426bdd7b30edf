import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATION_LOCK } from '../../src/storage/postgres/db.js';
import { FakeDiscord } from '../fakes/discord-server.js';
import { FakeSlack, type FakeUser } from '../fakes/slack-server.js';
import { BotProcess } from '../support/bot-process.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { SlackSender } from '../support/slack-sender.js';
import { tempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

const server = usePostgresServer();

const TEAM = 'T0OPS';
const BOT_TOKEN = 'xoxb-0000-ops-bot';
const SECRET = 'ops-signing-secret';
const CHANNEL = 'C0PRACTICE';
const ADMIN: FakeUser = { id: 'U0ADMIN', name: 'admin', display_name: 'Admin', is_admin: true };
const MEMBERS: FakeUser[] = Array.from({ length: 400 }, (_, i) => ({
  id: `U3${String(i).padStart(3, '0')}`,
  name: `m${i}`,
  display_name: `Member ${i}`,
}));
const sender = new SlackSender(SECRET, TEAM, CHANNEL);

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

/** The value of one sample in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? want.every((w) => l.includes(w)) : false));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

async function slackBot(name: string, url: string, fake: FakeSlack, extra: Record<string, string> = {}): Promise<BotProcess> {
  const bot = await BotProcess.start(
    name,
    {
      DATABASE_URL: url,
      DOJO_DB_PATH: join(tempDir('dojo-ops-'), 'never.sqlite'),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      LOG_LEVEL: 'info',
      ...extra,
    },
    ['slack ready'],
  );
  cleanups.push(() => bot.stop('SIGKILL'));
  return bot;
}

const startSlack = async () => {
  const fake = await FakeSlack.start({ botToken: BOT_TOKEN, teamId: TEAM, botUserId: 'U0BOT', botId: 'B0BOT', users: [ADMIN, ...MEMBERS] });
  cleanups.push(() => fake.close());
  return fake;
};

/** Sets the channel up and posts a question; resolves with its thread ts once the round is recorded as posted. */
async function openRound(fake: FakeSlack, port: number, url: string): Promise<string> {
  expect(await sender.command(port, fake, ADMIN, 'setup')).toBe(200);
  expect(await sender.command(port, fake, ADMIN, 'ask')).toBe(200);
  const question = await waitFor(() => fake.messages.find((m) => m.channel === CHANNEL && !m.thread_ts && m.bot_id), 'the question');
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    // Replies in the thread count as answers once the outbox has recorded the post.
    await waitFor(
      async () => (await db.query("SELECT 1 FROM rounds WHERE status = 'open' AND message_ref IS NOT NULL")).rowCount,
      'the round recorded',
    );
  } finally {
    await db.end();
  }
  return question.ts;
}

const ts = (i: number) => `1820000000.${String(i).padStart(6, '0')}`;

describe('operating the bot: metrics, readiness and rolling restarts', () => {
  it('counts a round in /metrics: deliveries by outcome, acks, Web API calls, outbox, transactions, pending messages', async () => {
    const url = await server.createDatabase();
    const fake = await startSlack();
    const bot = await slackBot('metrics', url, fake);
    const port = bot.slackPort;
    expect((await get(port, '/healthz')).status).toBe(200);
    const thread = await openRound(fake, port, url);
    expect(await sender.reply(port, 'EvM-first', MEMBERS[9]!, thread, ts(9), 'a first answer from m9')).toBe(200);
    for (const i of [0, 1, 2])
      expect(await sender.reply(port, `EvM${i}`, MEMBERS[i]!, thread, ts(i), `answer number ${i} in words`)).toBe(200);
    expect(await sender.reply(port, 'EvM0', MEMBERS[0]!, thread, ts(0), 'answer number 0 in words')).toBe(200);
    expect(await sender.vote(port, 'EvMV-self', MEMBERS[0]!, ts(0))).toBe(200);
    expect(await sender.vote(port, 'EvMV1', MEMBERS[1]!, ts(0))).toBe(200);
    expect(await sender.vote(port, 'EvMV2', MEMBERS[2]!, ts(1))).toBe(200);
    expect(await sender.command(port, fake, ADMIN, 'close')).toBe(200);
    await waitFor(() => fake.messages.some((m) => m.thread_ts === thread && m.text.includes('Round closed')), 'the summary');
    const text = await waitFor(async () => {
      const m = await get(port, '/metrics');
      return sample(m.body, 'dojo_outbox_pending') === 0 && sample(m.body, 'dojo_outbox_total', { event: 'sent', kind: 'reply' }) >= 1
        ? m.body
        : undefined;
    }, 'the outbox to empty');
    const slack = { platform: 'slack' };
    expect(sample(text, 'dojo_deliveries_total', { ...slack, kind: 'reply-posted', outcome: 'handled' })).toBe(4);
    expect(fake.ephemerals.filter((e) => e.text.includes('Your answer is in'))).toHaveLength(4);
    expect(sample(text, 'dojo_deliveries_total', { ...slack, kind: 'reply-posted', outcome: 'duplicate' })).toBe(1);
    expect(sample(text, 'dojo_deliveries_total', { ...slack, kind: 'reaction-added', outcome: 'refused' })).toBe(1);
    expect(sample(text, 'dojo_deliveries_total', { ...slack, kind: 'reaction-added', outcome: 'handled' })).toBe(2);
    expect(sample(text, 'dojo_deliveries_total', { ...slack, kind: 'command', outcome: 'handled' })).toBe(3);
    expect(sample(text, 'dojo_ack_seconds_count', { ...slack, kind: 'reply-posted' })).toBe(5);
    expect(sample(text, 'dojo_ack_seconds_bucket', { ...slack, kind: 'command', le: '3' })).toBe(3);
    expect(sample(text, 'dojo_platform_calls_total', { ...slack, method: 'chat.postMessage', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'dojo_platform_calls_total', { ...slack, method: 'chat.postEphemeral', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'dojo_outbox_total', { event: 'sent', kind: 'post' })).toBe(1);
    expect(sample(text, 'dojo_db_transaction_seconds_count', { engine: 'postgres', result: 'commit' })).toBeGreaterThan(10);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    // Labels hold kinds, endpoints and statuses only: no member ids, names, answer text or tokens.
    for (const secret of ['xoxb-', MEMBERS[0]!.id, 'Member 0', 'answer number', SECRET]) expect(text).not.toContain(secret);
    // A 429 is counted as its own status, and the retry as another call.
    fake.rateLimit('chat.postMessage', 1);
    expect(await sender.command(port, fake, ADMIN, 'ask')).toBe(200);
    await waitFor(async () => {
      const m = (await get(port, '/metrics')).body;
      return sample(m, 'dojo_platform_calls_total', { ...slack, method: 'chat.postMessage', status: '429' }) === 1 &&
        sample(m, 'dojo_outbox_total', { event: 'sent', kind: 'post' }) === 2
        ? m
        : undefined;
    }, 'the rate-limited post counted and sent');
    expect(await bot.stop()).toBe(0);
  }, 120_000);

  it('answers /readyz 503 with the reason: migrations pending, database not answering, gateway down, shutting down', async () => {
    const url = await server.createDatabase();
    const discord = await FakeDiscord.start();
    cleanups.push(() => discord.stop());
    // Another instance is migrating: this one waits for the lock, alive but not ready.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const starting = BotProcess.start(
      'readiness',
      {
        DATABASE_URL: url,
        DOJO_DB_PATH: join(tempDir('dojo-ops-'), 'never.sqlite'),
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.appId,
        DISCORD_GUILD_ID: discord.guildId,
        DISCORD_API_URL: discord.apiUrl,
        DOJO_WEB_PORT: '0',
        DOJO_SHUTDOWN_DELAY_MS: '3000',
        LOG_LEVEL: 'info',
      },
      ['web endpoints listening'],
    );
    const early = await starting;
    cleanups.push(() => early.stop('SIGKILL'));
    const port = Number(early.line('web endpoints listening')!.port);
    expect(await get(port, '/healthz')).toEqual({ status: 200, body: '{"status":"ok"}' });
    const migrating = await get(port, '/readyz');
    expect(migrating.status).toBe(503);
    expect(JSON.parse(migrating.body).reasons).toContain('database: migrations not applied yet');
    await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    await waitFor(() => early.line('discord ready'), 'discord ready');
    expect(await get(port, '/readyz')).toEqual({ status: 200, body: '{"status":"ready"}' });

    // The database holds a lock the readiness read waits on: not ready within a second.
    await holder.query('BEGIN; LOCK TABLE meta IN ACCESS EXCLUSIVE MODE');
    const stuck = await get(port, '/readyz');
    expect(stuck.status).toBe(503);
    expect(JSON.parse(stuck.body).reasons).toEqual(['database: no answer within 1000 ms']);
    await holder.query('ROLLBACK');
    await waitFor(async () => (await get(port, '/readyz')).status === 200, 'ready again after the lock');

    // The gateway connection drops and cannot come back for now.
    discord.gateway.cut();
    const cut = await waitFor(async () => {
      const r = await get(port, '/readyz');
      return r.status === 503 ? r : undefined;
    }, 'not ready while the gateway is down');
    expect(JSON.parse(cut.body).reasons).toEqual([expect.stringMatching(/^discord: gateway not ready/)]);
    discord.gateway.restore();
    await waitFor(async () => (await get(port, '/readyz')).status === 200, 'ready after the gateway is back', 30_000);

    // SIGTERM: not ready at once, while still alive and answering health checks.
    early.child.kill('SIGTERM');
    const leaving = await waitFor(async () => {
      const r = await get(port, '/readyz');
      return r.status === 503 ? r : undefined;
    }, 'not ready once shutdown starts');
    expect(JSON.parse(leaving.body).reasons).toContain('shutting down');
    expect((await get(port, '/healthz')).status).toBe(200);
    expect(await early.exited).toBe(0);
    expect(early.errors()).toEqual([]);
  }, 120_000);

  it('exits on SIGTERM while a client holds a connection: polling over keep-alive, or a request whose body never ends', async () => {
    const fake = await startSlack();
    const bot = await slackBot('held open', await server.createDatabase(), fake, { DOJO_SHUTDOWN_DELAY_MS: '200' });
    // A load balancer's health checks on one persistent connection, a request every 20 ms.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let exited = false;
    void bot.exited.then(() => (exited = true));
    const poll = (async () => {
      while (!exited) {
        await new Promise<void>((resolve) => {
          const req = http.get({ host: '127.0.0.1', port: bot.slackPort, path: '/readyz', agent }, (res) => {
            res.resume();
            res.on('end', resolve);
          });
          req.on('error', () => resolve());
        });
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    // A client that announces a body and stops sending halfway.
    const stalled = net.connect(bot.slackPort, '127.0.0.1');
    stalled.on('error', () => undefined);
    await new Promise((r) => stalled.once('connect', r));
    stalled.write(
      'POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":',
    );
    await new Promise((r) => setTimeout(r, 300));
    bot.child.kill('SIGTERM');
    const code = await Promise.race([bot.exited, new Promise((r) => setTimeout(() => r('still running after 20 s'), 20_000))]);
    exited = true;
    await poll;
    agent.destroy();
    stalled.destroy();
    expect(code).toBe(0);
  }, 60_000);

  it('restarts two instances one after the other under steady traffic: nothing acknowledged is lost, nothing posted twice', async () => {
    const url = await server.createDatabase();
    const fake = await startSlack();
    const start = (name: string) => slackBot(name, url, fake, { DOJO_SHUTDOWN_DELAY_MS: '1500' });
    const bots = [await start('a'), await start('b')];
    const thread = await openRound(fake, bots[0]!.slackPort, url);

    // A load balancer: round-robin over the instances whose /readyz says 200, polled every 50 ms.
    const inRotation = new Set<BotProcess>(bots);
    let polling = true;
    const poller = (async () => {
      while (polling) {
        for (const bot of inRotation) if (!bots.includes(bot)) inRotation.delete(bot);
        for (const bot of [...bots]) {
          const ready = (await get(bot.slackPort, '/readyz')).status === 200;
          if (ready) inRotation.add(bot);
          else inRotation.delete(bot);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const acked = new Set<number>();
    const answeredBy = new Map<number, BotProcess>();
    let sent = 0;
    let traffic = true;
    let turn = 0;
    const load = (async () => {
      while (traffic && sent < 390) {
        const i = sent++;
        const pool = [...inRotation];
        const bot = pool[turn++ % Math.max(1, pool.length)];
        if (!bot) continue;
        const status = await sender.reply(bot.slackPort, `EvR${i}`, MEMBERS[i]!, thread, ts(i), `steady answer ${i}`);
        if (status === 200) {
          acked.add(i);
          answeredBy.set(i, bot);
        }
        await new Promise((r) => setTimeout(r, 15));
      }
    })();

    for (const k of [0, 1]) {
      const old = bots[k]!;
      const other = bots[1 - k]!;
      const before = acked.size;
      await waitFor(() => acked.size >= before + 20, 'steady traffic before the restart');
      old.child.kill('SIGTERM');
      await waitFor(async () => (await get(old.slackPort, '/readyz')).status === 503, 'readiness to flip');
      // Flipped, and still accepting: the balancer has time to stop sending before the listener closes.
      expect(await sender.reply(old.slackPort, `EvLate${k}`, MEMBERS[398 - k]!, thread, ts(398 - k), `late answer ${k}`)).toBe(200);
      expect(await old.exited).toBe(0);
      const fresh = await start(`${k === 0 ? 'a' : 'b'} again`);
      bots[k] = fresh;
      const during = [...answeredBy.entries()].filter(([, b]) => b === other).length;
      await waitFor(() => [...answeredBy.values()].filter((b) => b === other).length > during, 'the other instance answering meanwhile');
      await waitFor(() => inRotation.has(fresh), 'the new instance back in rotation');
    }
    const before = acked.size;
    await waitFor(() => acked.size >= before + 20, 'traffic after both restarts');
    traffic = false;
    await load;
    polling = false;
    await poller;
    expect(await Promise.all(bots.map((b) => b.stop()))).toEqual([0, 0]);

    // Every acknowledged answer is stored once: each member got exactly one confirmation, and the
    // database has one answer per acknowledged reply.
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const { rows } = await check.query<{ ref: string; n: string }>(
      'SELECT message_ref AS ref, count(*) AS n FROM answers GROUP BY message_ref',
    );
    await check.end();
    const stored = new Map(rows.map((r) => [r.ref, Number(r.n)]));
    for (const i of acked) expect({ i, n: stored.get(`slack:${CHANNEL}:${ts(i)}`) }).toEqual({ i, n: 1 });
    for (const i of acked)
      expect(fake.ephemerals.filter((e) => e.user === MEMBERS[i]!.id && e.text.includes('Your answer is in'))).toHaveLength(1);
    const questions = fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts && m.bot_id);
    expect(questions).toHaveLength(1);
    for (const bot of bots) expect(bot.errors()).toEqual([]);
  }, 180_000);
});

import { checklistsFit } from './slack-view-limits.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A message in a channel or thread, as the fake keeps it. */
export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  reactions: { name: string; users: string[] }[];
  deleted?: boolean;
}

/** Something only one user saw: chat.postEphemeral or a response_url reply. */
export interface FakeEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  via: 'chat.postEphemeral' | 'response_url' | 'ack';
}

export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
  status: number;
  /** When the fake received the call (ms since the epoch), for checks like "retried after Retry-After". */
  at: number;
  /** The token the call was made with (fake tokens only). */
  token?: string;
}

/** An installation the fake granted through oauth.v2.access ("Add to Slack"), with its own bot token. */
export interface FakeInstall {
  token: string;
  team: { id: string; name: string } | null;
  enterprise: { id: string; name: string } | null;
  orgWide: boolean;
  botUserId: string;
  botId: string;
  installer: string;
  revoked: boolean;
}

/** What a member approves on Slack's install screen: a workspace, or a whole Enterprise Grid org. */
export interface FakeGrant {
  team?: { id: string; name: string };
  enterprise?: { id: string; name: string };
  orgWide?: boolean;
  installer: string;
}

export interface FakeUser {
  id: string;
  name: string;
  display_name: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
}

export interface FakeSlackOptions {
  botToken: string;
  appToken?: string;
  teamId: string;
  botUserId: string;
  botId: string;
  users: FakeUser[];
  /** The app's OAuth credentials, checked by oauth.v2.access. */
  clientId?: string;
  clientSecret?: string;
}

// Block Kit limits the fake enforces, so a rendering bug fails like it would on Slack.
const MAX_BLOCKS = 50;
const MAX_SECTION = 3000;
const MAX_HEADER = 150;
const MAX_BUTTON = 75;
const MAX_TEXT = 40_000;
const TRIGGER_TTL_MS = 3000;
const JSON_ARGS = new Set(['blocks', 'metadata', 'view', 'attachments']);

function blocksProblem(blocks: unknown[] | undefined): string | undefined {
  if (!blocks) return undefined;
  if (blocks.length > MAX_BLOCKS) return `more than ${MAX_BLOCKS} blocks`;
  for (const b of blocks as {
    type: string;
    text?: { text: string };
    fields?: { text: string }[];
    elements?: { type: string; text?: { text: string } }[];
  }[]) {
    if (b.type === 'header' && (b.text?.text.length ?? 0) > MAX_HEADER) return 'header too long';
    if (b.type === 'section' && (b.text?.text.length ?? 0) > MAX_SECTION) return 'section too long';
    if (b.type === 'section' && b.text && !b.text.text.length) return 'empty section';
    for (const e of b.elements ?? []) if (e.type === 'button' && (e.text?.text.length ?? 0) > MAX_BUTTON) return 'button text too long';
  }
  return undefined;
}

/**
 * A fake Slack on 127.0.0.1: the Web API under /api/ (channels, threads, ephemeral messages,
 * reactions, views, users), response_url endpoints, and a Socket Mode WebSocket. It records
 * every call and can answer the next calls of a method with 429 + Retry-After: 1.
 */
export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: FakeEphemeral[] = [];
  readonly modals: { id: string; user: string; triggerId: string; view: Record<string, unknown> }[] = [];
  readonly homes = new Map<string, Record<string, unknown>>();
  /** Socket Mode: acks received, by envelope id. */
  readonly acks = new Map<string, unknown>();
  private readonly commandEnvelopes = new Map<string, { channel_id: string; user_id: string }>();
  /** Socket Mode: how many WebSocket connections were opened. */
  connections = 0;
  private readonly limited = new Map<string, number>();
  private readonly failing = new Map<string, { n: number; afterStoring: boolean; error: string }>();
  private readonly latency = new Map<string, number>();
  private readonly triggers = new Map<string, { user: string; at: number }>();
  private readonly responseUrls = new Map<string, { channel: string; user: string; uses: number }>();
  private readonly sockets: WebSocket[] = [];
  /** Installations granted with oauth.v2.access, in order. */
  readonly installs: FakeInstall[] = [];
  private readonly codes = new Map<string, FakeGrant>();
  /** Which workspace (and org) each channel belongs to; channels not listed answer any token. */
  private readonly channelOwners = new Map<string, { team: string; enterprise: string | null }>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private seq = 0;
  private server!: Server;
  port = 0;

  private constructor(readonly opts: FakeSlackOptions) {}

  /** Starts the fake on 127.0.0.1 and a free port. */
  static async start(opts: FakeSlackOptions): Promise<FakeSlack> {
    const fake = new FakeSlack(opts);
    fake.server = createServer((req, res) => void fake.handle(req, res));
    fake.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) return socket.destroy();
      fake.wss.handleUpgrade(req, socket, head, (ws) => fake.onSocket(ws));
    });
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** The Web API base to give the app as SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Answers every call of `method` only after `ms` (a slow Slack API, e.g. users.info). */
  slow(method: string, ms: number): void {
    this.latency.set(method, ms);
  }

  /** Answers the next `n` calls of `method` with HTTP 429 and Retry-After: 1. */
  rateLimit(method: string, n = 1): void {
    this.limited.set(method, n);
  }

  /**
   * Answers the next `n` calls of `method` with `ok: false` (default error internal_error). With
   * `afterStoring` the call takes effect first, like a post whose answer was lost on the way back.
   */
  failNext(method: string, opts: { n?: number; afterStoring?: boolean; error?: string } = {}): void {
    this.failing.set(method, { n: opts.n ?? 1, afterStoring: Boolean(opts.afterStoring), error: opts.error ?? 'internal_error' });
  }

  callsOf = (method: string) => this.calls.filter((c) => c.method === method);
  inChannel = (channel: string) => this.messages.filter((m) => m.channel === channel && !m.thread_ts && !m.deleted);
  inThread = (channel: string, ts: string) =>
    this.messages.filter((m) => m.channel === channel && m.thread_ts === ts && m.ts !== ts && !m.deleted);
  ephemeralsFor = (user: string, channel?: string) => this.ephemerals.filter((e) => e.user === user && (!channel || e.channel === channel));

  private nextTs(): string {
    this.seq++;
    return `${1_764_493_200 + this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  /** A trigger id as Slack issues with a user action; views.open accepts it for 3 seconds. */
  newTrigger(user: string): string {
    const id = `${++this.seq}.${Date.now()}.trigger${this.seq}`;
    this.triggers.set(id, { user, at: Date.now() });
    return id;
  }

  /** A response_url for replies to one command or action of `user` in `channel`. */
  responseUrl(channel: string, user: string): string {
    const id = `r${++this.seq}`;
    this.responseUrls.set(id, { channel, user, uses: 0 });
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  /** Makes `channel` a channel of workspace `team` (in org `enterprise`): other workspaces' tokens do not see it. */
  addChannel(channel: string, team: string, enterprise: string | null = null): void {
    this.channelOwners.set(channel, { team, enterprise });
  }

  /** A member approves the install on Slack's screen; returns the code Slack puts in the redirect. */
  approveInstall(grant: FakeGrant): string {
    const code = `code-${++this.seq}`;
    this.codes.set(code, grant);
    return code;
  }

  /** Slack revokes an installation's token (an uninstall): calls with it answer token_revoked. */
  revoke(token: string): void {
    for (const i of this.installs) if (i.token === token) i.revoked = true;
  }

  /** The live installation of a workspace or org, by its team or enterprise id. */
  installOf(id: string): FakeInstall | undefined {
    return this.installs.findLast((i) => !i.revoked && (i.orgWide ? i.enterprise?.id === id : i.team?.id === id));
  }

  private grant(a: Record<string, unknown>): Record<string, unknown> {
    const o = this.opts;
    if (String(a.client_id ?? '') !== o.clientId) return { ok: false, error: 'invalid_client_id' };
    if (String(a.client_secret ?? '') !== o.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const grant = this.codes.get(String(a.code ?? ''));
    if (!grant) return { ok: false, error: 'invalid_code' };
    this.codes.delete(String(a.code));
    const n = this.installs.length + 1;
    const where = grant.orgWide ? grant.enterprise!.id : grant.team!.id;
    const install: FakeInstall = {
      token: `xoxb-${where}-${n}-fake-install-token`,
      team: grant.orgWide ? null : grant.team!,
      enterprise: grant.enterprise ?? null,
      orgWide: Boolean(grant.orgWide),
      botUserId: `UBOT${where}`,
      botId: `BBOT${where}`,
      installer: grant.installer,
      revoked: false,
    };
    this.installs.push(install);
    return {
      ok: true,
      app_id: 'A0DOJO001',
      authed_user: { id: grant.installer },
      scope: String(a.scope ?? 'commands,chat:write,channels:history,groups:history,reactions:read,users:read,im:write'),
      token_type: 'bot',
      access_token: install.token,
      bot_user_id: install.botUserId,
      team: install.team,
      enterprise: install.enterprise,
      is_enterprise_install: install.orgWide,
    };
  }

  /** Like Slack: a workspace's token does not see another workspace's channel (an org-wide one sees its org's). */
  private seesChannel(install: FakeInstall, channel: string | undefined): boolean {
    const owner = channel ? this.channelOwners.get(channel) : undefined;
    if (!owner) return true;
    return install.orgWide ? owner.enterprise === install.enterprise?.id : owner.team === install.team?.id;
  }

  /** A member writes a message (optionally in a thread), as Slack would store it. */
  userMessage(channel: string, user: string, text: string, threadTs?: string): FakeMessage {
    const m: FakeMessage = { channel, user, text, ts: this.nextTs(), ...(threadTs ? { thread_ts: threadTs } : {}), reactions: [] };
    this.messages.push(m);
    return m;
  }

  /** A member adds (or removes) a reaction on a stored message. */
  react(channel: string, ts: string, name: string, user: string, remove = false): void {
    const m = this.messages.find((x) => x.channel === channel && x.ts === ts);
    if (!m) throw new Error(`no message ${channel}/${ts}`);
    let r = m.reactions.find((x) => x.name === name);
    if (!r) m.reactions.push((r = { name, users: [] }));
    r.users = remove ? r.users.filter((u) => u !== user) : [...new Set([...r.users, user])];
  }

  // ---- Socket Mode -------------------------------------------------------------------------

  private onSocket(ws: WebSocket): void {
    this.connections++;
    this.sockets.push(ws);
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (!msg.envelope_id) return;
      this.acks.set(msg.envelope_id, msg.payload ?? {});
      const command = this.commandEnvelopes.get(msg.envelope_id);
      if (command && msg.payload) this.commandAnswered(command.channel_id, command.user_id, msg.payload as Record<string, unknown>);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'A1' } }));
  }

  private get socket(): WebSocket {
    const open = this.sockets.filter((s) => s.readyState === s.OPEN);
    const ws = open.at(-1);
    if (!ws) throw new Error('no open Socket Mode connection');
    return ws;
  }

  /** Whether a Socket Mode connection is open right now. */
  get hasOpenSocket(): boolean {
    return this.sockets.some((s) => s.readyState === s.OPEN);
  }

  /** Delivers an envelope on the newest connection; returns its envelope id. */
  sendEnvelope(type: 'slash_commands' | 'events_api' | 'interactive', payload: unknown, opts: { retryAttempt?: number } = {}): string {
    const envelope_id = `env-${++this.seq}`;
    if (type === 'slash_commands') this.commandEnvelopes.set(envelope_id, payload as { channel_id: string; user_id: string });
    this.socket.send(
      JSON.stringify({
        envelope_id,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        ...(type === 'events_api' ? { retry_attempt: opts.retryAttempt ?? 0, retry_reason: opts.retryAttempt ? 'timeout' : '' } : {}),
      }),
    );
    return envelope_id;
  }

  /** Asks the client to reconnect, as Slack does before recycling a connection. */
  sendDisconnect(reason = 'refresh_requested'): void {
    this.socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/respond/')) {
      const args = JSON.parse(raw || '{}') as Record<string, unknown>;
      const answer = this.respond(url.pathname.slice('/respond/'.length), args);
      // Like Slack: 404 for an unknown or used-up response_url, 400 for bad blocks.
      const status = answer.ok ? 200 : answer.error === 'expired_url' ? 404 : 400;
      this.calls.push({ method: 'response_url', args, status, at: Date.now() });
      return send(status, answer);
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = this.parseArgs(raw, String(req.headers['content-type'] ?? ''));
    const left = this.limited.get(method) ?? 0;
    if (left > 0) {
      this.limited.set(method, left - 1);
      this.calls.push({ method, args, status: 429, at: Date.now() });
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    }
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '') || String(args.token ?? '');
    this.calls.push({ method, args, status: 200, at: Date.now(), token });
    if (method === 'oauth.v2.access') return send(200, this.grant(args));
    const install = this.installs.find((i) => i.token === token);
    if (install?.revoked) return send(200, { ok: false, error: 'token_revoked' });
    const expected = method === 'apps.connections.open' ? this.opts.appToken : this.opts.botToken;
    if (!install && (!expected || token !== expected)) return send(200, { ok: false, error: 'invalid_auth' });
    if (install && !this.seesChannel(install, args.channel === undefined ? undefined : String(args.channel)))
      return send(200, { ok: false, error: 'channel_not_found' });
    const delay = this.latency.get(method);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const fail = this.failing.get(method);
    if (fail && fail.n > 0) {
      fail.n--;
      if (fail.afterStoring) this.api(method, args, install);
      return send(200, { ok: false, error: fail.error });
    }
    send(200, this.api(method, args, install));
  }

  private parseArgs(raw: string, type: string): Record<string, unknown> {
    if (type.includes('json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) out[k] = JSON_ARGS.has(k) ? JSON.parse(v) : v;
    return out;
  }

  /**
   * A slash command acked with a message body (over HTTP or in a Socket Mode ack): Slack shows it
   * to the member privately, like a response_url reply. Bad blocks fail the command there, so
   * they throw here.
   */
  commandAnswered(channel: string, user: string, body: Record<string, unknown>): void {
    if (body.text === undefined && body.blocks === undefined) return;
    const blocks = body.blocks as unknown[] | undefined;
    const problem = blocksProblem(blocks);
    if (problem) throw new Error(`command ack with invalid blocks: ${problem}`);
    this.calls.push({ method: 'ack', args: body, status: 200, at: Date.now() });
    this.ephemerals.push({ channel, user, text: String(body.text ?? ''), blocks, via: 'ack' });
  }

  private respond(id: string, args: Record<string, unknown>): { ok: boolean; error?: string; detail?: string } {
    const target = this.responseUrls.get(id);
    if (!target || ++target.uses > 5) return { ok: false, error: 'expired_url' };
    const blocks = args.blocks as unknown[] | undefined;
    const problem = blocksProblem(blocks);
    if (problem) return { ok: false, error: 'invalid_blocks', detail: problem };
    const text = String(args.text ?? '');
    if (args.response_type === 'in_channel')
      this.messages.push({ channel: target.channel, ts: this.nextTs(), text, blocks, bot_id: this.opts.botId, reactions: [] });
    else this.ephemerals.push({ channel: target.channel, user: target.user, text, blocks, via: 'response_url' });
    return { ok: true };
  }

  private api(method: string, a: Record<string, unknown>, install?: FakeInstall): Record<string, unknown> {
    const o = install
      ? {
          ...this.opts,
          teamId: install.team?.id ?? install.enterprise!.id,
          botUserId: install.botUserId,
          botId: install.botId,
        }
      : this.opts;
    const str = (k: string) => (a[k] === undefined ? undefined : String(a[k]));
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake Team',
          user: 'dojo',
          team_id: o.teamId,
          user_id: o.botUserId,
          bot_id: o.botId,
        };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?n=${this.connections + 1}` };
      case 'chat.postMessage': {
        const blocks = a.blocks as unknown[] | undefined;
        const problem = blocksProblem(blocks) ?? ((str('text')?.length ?? 0) > MAX_TEXT ? 'msg_too_long' : undefined);
        if (problem) return { ok: false, error: 'invalid_blocks', detail: problem };
        const m: FakeMessage = {
          channel: str('channel')!,
          ts: this.nextTs(),
          text: str('text') ?? '',
          blocks,
          user: o.botUserId,
          bot_id: o.botId,
          reactions: [],
          ...(a.thread_ts ? { thread_ts: str('thread_ts') } : {}),
          ...(a.metadata ? { metadata: a.metadata as FakeMessage['metadata'] } : {}),
        };
        this.messages.push(m);
        return { ok: true, channel: m.channel, ts: m.ts, message: m };
      }
      case 'chat.update': {
        const m = this.messages.find((x) => x.channel === str('channel') && x.ts === str('ts'));
        if (!m) return { ok: false, error: 'message_not_found' };
        const problem = blocksProblem(a.blocks as unknown[] | undefined);
        if (problem) return { ok: false, error: 'invalid_blocks', detail: problem };
        m.text = str('text') ?? m.text;
        m.blocks = (a.blocks as unknown[] | undefined) ?? m.blocks;
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'chat.postEphemeral': {
        const blocks = a.blocks as unknown[] | undefined;
        const problem = blocksProblem(blocks);
        if (problem) return { ok: false, error: 'invalid_blocks', detail: problem };
        this.ephemerals.push({
          channel: str('channel')!,
          user: str('user')!,
          text: str('text') ?? '',
          blocks,
          via: 'chat.postEphemeral',
          ...(a.thread_ts ? { thread_ts: str('thread_ts') } : {}),
        });
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${str('users')}` } };
      case 'conversations.history': {
        const withMeta = str('include_all_metadata') === 'true';
        const list = this.inChannel(str('channel')!)
          .slice()
          .reverse()
          .slice(0, Number(a.limit ?? 100))
          .map(({ metadata, reactions: _r, ...m }) => ({ type: 'message', ...m, ...(withMeta && metadata ? { metadata } : {}) }));
        return { ok: true, messages: list, has_more: false };
      }
      case 'users.info': {
        const u = o.users.find((x) => x.id === str('user'));
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: o.teamId,
            name: u.name,
            real_name: u.display_name,
            is_admin: Boolean(u.is_admin),
            is_owner: Boolean(u.is_owner),
            is_bot: Boolean(u.is_bot),
            profile: { display_name: u.display_name, real_name: u.display_name },
          },
        };
      }
      case 'views.open': {
        const trigger = this.triggers.get(str('trigger_id') ?? '');
        if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
        if (Date.now() - trigger.at > TRIGGER_TTL_MS) return { ok: false, error: 'expired_trigger_id' };
        const view = a.view as Record<string, unknown>;
        if (((view.blocks as unknown[] | undefined)?.length ?? 0) > 100) return { ok: false, error: 'invalid_arguments' };
        if (!checklistsFit(view)) return { ok: false, error: 'invalid_arguments' };
        const id = `V${++this.seq}`;
        this.modals.push({ id, user: trigger.user, triggerId: str('trigger_id')!, view });
        return { ok: true, view: { id, ...view } };
      }
      case 'views.publish': {
        this.homes.set(str('user_id')!, a.view as Record<string, unknown>);
        return { ok: true, view: { id: `V${++this.seq}` } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** Everything the bot made visible, as one string, for checks like "never pings @channel". */
export function everythingPosted(fake: FakeSlack): string {
  return JSON.stringify([fake.messages.filter((m) => m.bot_id), fake.ephemerals, fake.modals.map((m) => m.view), [...fake.homes.values()]]);
}

import { modalProblem } from './discord-modal-limits.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway, type Shard, shardOf } from './discord-gateway.js';

export interface FakeUser {
  id: string;
  username: string;
  global_name: string;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  author: FakeUser;
  content: string;
  embeds: { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }[];
  components: { type: number; components: { type: number; custom_id?: string; label?: string }[] }[];
  nonce?: string;
  [more: string]: unknown;
}

export interface RecordedCall {
  method: string;
  /** Path after /api/v10, e.g. /channels/1/messages. */
  path: string;
  query: Record<string, string>;
  body: any;
  status: number;
  /** When the fake received the call (ms since the epoch). */
  at: number;
}

interface Interaction {
  id: string;
  token: string;
  payload: Record<string, unknown>;
  dispatchedAt: number;
  callbacks: { type: number; data?: any }[];
  original?: FakeMessage;
  followups: FakeMessage[];
}

type Reply = [status: number, body?: unknown];

/** A guild the bot is in, with its one text channel. */
interface FakeGuild {
  id: string;
  channelId: string;
  present: boolean;
}

const TOKEN = 'fake-bot-token';
const API = '/api/v10';
const EPOCH = 1420070400000n;
const ERR = {
  unknownChannel: [404, { code: 10003, message: 'Unknown Channel' }] as Reply,
  unknownInteraction: [404, { code: 10062, message: 'Unknown interaction' }] as Reply,
};

/**
 * A local Discord: REST under /api/v10 and a gateway on the same 127.0.0.1 port. It keeps one
 * guild with one text channel, threads, DMs and interaction responses, records every REST call,
 * and can answer the next N calls of a route with 429.
 */
export class FakeDiscord {
  readonly token = TOKEN;
  readonly appId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly bot: FakeUser;
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, FakeMessage[]>();
  readonly threads = new Map<string, Record<string, unknown>>();
  readonly interactions = new Map<string, Interaction>();
  readonly gateway: FakeGateway;
  /** Guild member permissions by user id (a decimal bitfield). */
  readonly permissions = new Map<string, string>();
  private readonly users = new Map<string, FakeUser>();
  private readonly dms = new Map<string, string>();
  private readonly limits: { method: string; path: RegExp; times: number; status: 429 | 500 }[] = [];
  private seq = 0n;
  private port = 0;
  /** The first guild is `guildId`; `addGuild` adds more (e.g. one per shard). */
  private readonly guilds: FakeGuild[] = [];
  private readonly onShard = (shard: Shard) => this.guilds.filter((g) => g.present && shardOf(g.id, shard[1]) === shard[0]);

  private constructor(
    private readonly server: Server,
    heartbeatMs: number,
    private readonly recommendedShards: number,
  ) {
    this.appId = this.snowflake();
    this.guildId = this.snowflake();
    this.channelId = this.snowflake();
    this.bot = this.addUser('dojo-bot', true);
    this.messages.set(this.channelId, []);
    this.guilds.push({ id: this.guildId, channelId: this.channelId, present: true });
    this.gateway = new FakeGateway(
      () => `ws://127.0.0.1:${this.port}`,
      {
        ready: (session_id, resume_gateway_url, shard) => ({
          v: 10,
          user: this.bot,
          session_id,
          resume_gateway_url,
          shard,
          application: { id: this.appId, flags: 0 },
          guilds: this.onShard(shard).map((g) => ({ id: g.id, unavailable: true })),
          private_channels: [],
          user_settings: {},
        }),
        guilds: (shard) => this.onShard(shard).map((g) => this.guildPayload(g)),
      },
      heartbeatMs,
    );
  }

  /** Starts on 127.0.0.1 with an OS-chosen port. */
  static async start(opts: { heartbeatMs?: number; shards?: number } = {}): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server, opts.heartbeatMs ?? 1_000, opts.shards ?? 1);
    server.on('request', (req, res) => void fake.onRequest(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!fake.gateway.upgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** The REST base the adapter takes as DISCORD_API_URL (no version, no trailing slash). */
  get apiUrl() {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async stop(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  snowflake(): string {
    return String(((BigInt(Date.now()) - EPOCH) << 22n) | (++this.seq & 0x3fffffn));
  }

  /** Adds a guild with one text channel; with `shard`, its id is chosen so Discord would route it there. */
  addGuild(shard?: Shard): { guildId: string; channelId: string } {
    let id = this.snowflake();
    for (let k = 1n; shard && shardOf(id, shard[1]) !== shard[0]; k++)
      id = String(((BigInt(Date.now()) - EPOCH + k) << 22n) | (++this.seq & 0x3fffffn));
    const guild: FakeGuild = { id, channelId: this.snowflake(), present: true };
    this.guilds.push(guild);
    this.messages.set(guild.channelId, []);
    this.gateway.dispatch('GUILD_CREATE', this.guildPayload(guild));
    return { guildId: guild.id, channelId: guild.channelId };
  }

  /** The guild a channel or thread belongs to; undefined for a DM. */
  guildOfChannel(channelId: string): string | undefined {
    const guild = this.guilds.find((g) => g.channelId === channelId);
    if (guild) return guild.id;
    const thread = this.threads.get(channelId);
    return thread ? String(thread.guild_id) : undefined;
  }

  addUser(name: string, bot = false, permissions = '0'): FakeUser {
    const user: FakeUser = {
      id: this.snowflake(),
      username: name,
      global_name: name,
      discriminator: '0',
      avatar: null,
      ...(bot ? { bot } : {}),
    };
    this.users.set(user.id, user);
    this.permissions.set(user.id, permissions);
    return user;
  }

  /** Makes the next `times` calls of method + path answer 429 (retry_after 1 s) without doing anything. */
  rateLimit(method: string, path: RegExp, times: number): void {
    this.limits.push({ method, path, times, status: 429 });
  }

  /** Makes the next `times` calls of method + path do their work but answer 500 (a lost response). */
  loseResponses(method: string, path: RegExp, times: number): void {
    this.limits.push({ method, path, times, status: 500 });
  }

  /** Ends every pending 429 and lost-response rule. */
  clearFaults(): void {
    this.limits.length = 0;
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  private member(user: FakeUser, withUser = true) {
    const perms = this.permissions.get(user.id) ?? '0';
    return {
      ...(withUser ? { user } : {}),
      roles: [],
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
      premium_since: null,
      communication_disabled_until: null,
      permissions: perms,
    };
  }

  private textChannel(g: FakeGuild = this.guilds[0]!) {
    return {
      id: g.channelId,
      type: 0,
      guild_id: g.id,
      name: 'practice',
      position: 0,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      topic: null,
      rate_limit_per_user: 0,
      last_message_id: null,
      flags: 0,
    };
  }

  private guildPayload(g: FakeGuild = this.guilds[0]!) {
    const role = (id: string, name: string, permissions: string) => ({
      id,
      name,
      permissions,
      position: 0,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
      icon: null,
      unicode_emoji: null,
    });
    return {
      id: g.id,
      name: g.id === this.guildId ? 'Dojo Test Server' : `Dojo Test Server ${g.id.slice(-4)}`,
      icon: null,
      owner_id: this.snowflake(),
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      system_channel_flags: 0,
      premium_tier: 0,
      nsfw_level: 0,
      preferred_locale: 'en-US',
      features: [],
      roles: [role(g.id, '@everyone', '68672'), role(this.snowflake(), 'Admins', '32')],
      emojis: [],
      stickers: [],
      unavailable: false,
      large: false,
      member_count: this.users.size,
      joined_at: new Date(0).toISOString(),
      members: [this.member(this.bot)],
      channels: [this.textChannel(g)],
      threads: [...this.threads.values()].filter((t) => t.guild_id === g.id),
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      premium_progress_bar_enabled: false,
    };
  }

  private channel(id: string): Record<string, unknown> | undefined {
    const guild = this.guilds.find((g) => g.channelId === id && g.present);
    if (guild) return this.textChannel(guild);
    const thread = this.threads.get(id);
    if (thread) return thread;
    const dmUser = [...this.dms.entries()].find(([, ch]) => ch === id)?.[0];
    return dmUser ? { id, type: 1, recipients: [this.users.get(dmUser)], last_message_id: null, flags: 0 } : undefined;
  }

  /** Without the MessageContent intent (1 << 15) the bot sees other members' messages without their text. */
  private asSeen(msg: FakeMessage): FakeMessage {
    const intents = this.gateway.identifies.at(-1)?.intents ?? 0;
    return intents & (1 << 15) || msg.author.id === this.bot.id ? msg : { ...msg, content: '', embeds: [] };
  }

  /** Stores a message and, in the guild, dispatches MESSAGE_CREATE like Discord does. */
  createMessage(channelId: string, author: FakeUser, body: Record<string, any>): FakeMessage {
    const list = this.messages.get(channelId) ?? [];
    this.messages.set(channelId, list);
    if (body.enforce_nonce && body.nonce) {
      const again = list.find((m) => m.nonce === body.nonce && m.author.id === author.id);
      if (again) return again;
    }
    const msg: FakeMessage = {
      id: this.snowflake(),
      channel_id: channelId,
      author,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      type: 0,
      flags: body.flags ?? 0,
      ...(body.nonce ? { nonce: String(body.nonce) } : {}),
    };
    list.push(msg);
    const guildId = this.guildOfChannel(channelId);
    if (guildId) this.gateway.dispatch('MESSAGE_CREATE', { ...this.asSeen(msg), guild_id: guildId, member: this.member(author, false) });
    return msg;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(API, ''),
      query: Object.fromEntries(url.searchParams),
      body: raw ? JSON.parse(raw) : undefined,
      status: 0,
      at: Date.now(),
    };
    this.calls.push(call);
    const limit = this.limits.find((l) => l.times > 0 && l.method === call.method && l.path.test(call.path));
    let reply: Reply;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (limit?.status === 429) {
      limit.times--;
      Object.assign(headers, {
        'retry-after': '1',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '1',
        'x-ratelimit-bucket': 'fake-bucket',
        'x-ratelimit-scope': 'user',
      });
      reply = [429, { message: 'You are being rate limited.', retry_after: 1, global: false }];
    } else if (limit?.status === 500) {
      limit.times--;
      this.route(call);
      reply = [500, { code: 0, message: '500: Internal Server Error' }];
    } else if (!url.pathname.startsWith(API)) {
      reply = [404, { code: 0, message: '404: Not Found' }];
    } else if (!/^\/(interactions|webhooks)\//.test(call.path) && req.headers.authorization !== `Bot ${TOKEN}`) {
      reply = [401, { code: 0, message: '401: Unauthorized' }];
    } else {
      reply = this.route(call);
    }
    call.status = reply[0];
    res.writeHead(reply[0], reply[1] === undefined ? {} : headers);
    res.end(reply[1] === undefined ? undefined : JSON.stringify(reply[1]));
  }

  private route(call: RecordedCall): Reply {
    const { method, path, body } = call;
    const is = (m: string, re: RegExp) => (method === m ? re.exec(path) : null);
    let m: RegExpExecArray | null;
    if (is('GET', /^\/gateway\/bot$/))
      return [
        200,
        {
          url: this.gateway.url,
          shards: this.recommendedShards,
          // Large bots get max_concurrency 16; it lets a process identify its shards without 5-second gaps.
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 },
        },
      ];
    if (is('GET', /^\/users\/@me$/)) return [200, this.bot];
    if ((m = is('GET', /^\/users\/(\d+)$/)))
      return this.users.has(m[1]!) ? [200, this.users.get(m[1]!)] : [404, { code: 10013, message: 'Unknown User' }];
    if ((m = is('PUT', /^\/applications\/(\d+)(?:\/guilds\/\d+)?\/commands$/))) {
      return [200, (body as object[]).map((c) => ({ ...c, id: this.snowflake(), application_id: m![1], version: '1' }))];
    }
    if ((m = is('POST', /^\/users\/@me\/channels$/))) {
      const user = this.users.get(body.recipient_id);
      if (!user) return [400, { code: 50007, message: 'Cannot send messages to this user' }];
      if (!this.dms.has(user.id)) this.dms.set(user.id, this.snowflake());
      return [200, this.channel(this.dms.get(user.id)!)];
    }
    if ((m = is('GET', /^\/channels\/(\d+)$/))) return this.channel(m[1]!) ? [200, this.channel(m[1]!)] : ERR.unknownChannel;
    if ((m = is('GET', /^\/channels\/(\d+)\/messages$/))) {
      if (!this.channel(m[1]!)) return ERR.unknownChannel;
      return [200, [...(this.messages.get(m[1]!) ?? [])].reverse().slice(0, Number(call.query.limit ?? 50))];
    }
    if ((m = is('GET', /^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const found = this.messages.get(m[1]!)?.find((x) => x.id === m![2]);
      return found ? [200, found] : [404, { code: 10008, message: 'Unknown Message' }];
    }
    if ((m = is('POST', /^\/channels\/(\d+)\/messages$/))) {
      return this.channel(m[1]!) ? [200, this.createMessage(m[1]!, this.bot, body)] : ERR.unknownChannel;
    }
    if ((m = is('PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const found = this.messages.get(m[1]!)?.find((x) => x.id === m![2]);
      if (!found) return [404, { code: 10008, message: 'Unknown Message' }];
      Object.assign(found, pick(body, ['content', 'embeds', 'components']), { edited_timestamp: new Date().toISOString() });
      const guildId = this.guildOfChannel(m[1]!);
      if (guildId) this.gateway.dispatch('MESSAGE_UPDATE', { ...found, guild_id: guildId });
      return [200, found];
    }
    if ((m = is('POST', /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) return this.startThread(m[1]!, m[2]!, body);
    if (/^\/channels\/\d+\/messages\/\d+\/reactions\//.test(path) && (method === 'PUT' || method === 'DELETE')) return [204];
    if ((m = is('POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/))) return this.callback(m[1]!, m[2]!, body);
    if ((m = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/.exec(path))) return this.webhook(method, m[1]!, Boolean(m[2]), body);
    return [404, { code: 0, message: '404: Not Found' }];
  }

  private startThread(channelId: string, messageId: string, body: Record<string, any>): Reply {
    if (!this.channel(channelId)) return ERR.unknownChannel;
    if (this.threads.has(messageId)) return [400, { code: 160004, message: 'A thread has already been created for this message' }];
    const thread = {
      id: messageId,
      type: 11,
      guild_id: this.guildOfChannel(channelId) ?? this.guildId,
      parent_id: channelId,
      name: body.name,
      owner_id: this.bot.id,
      last_message_id: null,
      message_count: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: body.auto_archive_duration ?? 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    };
    this.threads.set(messageId, thread);
    this.messages.set(messageId, []);
    this.gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return [201, thread];
  }

  private callback(id: string, token: string, body: Record<string, any>): Reply {
    const rec = this.interactions.get(id);
    // Discord forgets an interaction that got no first response within 3 seconds.
    if (!rec || rec.token !== token || Date.now() - rec.dispatchedAt > 3_000) return ERR.unknownInteraction;
    if (rec.callbacks.length) return [400, { code: 40060, message: 'Interaction has already been acknowledged.' }];
    if (body.type === 9 && modalProblem(body.data)) return [400, { code: 50035, message: `Invalid Form Body: ${modalProblem(body.data)}` }];
    rec.callbacks.push({ type: body.type, data: body.data });
    if (body.type === 4 || body.type === 5) rec.original = this.ephemeral(body.data ?? {});
    return [204];
  }

  private ephemeral(data: Record<string, any>): FakeMessage {
    return {
      id: this.snowflake(),
      channel_id: this.channelId,
      author: this.bot,
      webhook_id: this.appId,
      content: data.content ?? '',
      embeds: data.embeds ?? [],
      components: data.components ?? [],
      flags: data.flags ?? 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      attachments: [],
      mentions: [],
      mention_roles: [],
      pinned: false,
      tts: false,
      mention_everyone: false,
      type: 20,
    };
  }

  private webhook(method: string, token: string, original: boolean, body: Record<string, any>): Reply {
    const rec = [...this.interactions.values()].find((i) => i.token === token);
    if (!rec?.callbacks.length) return [404, { code: 10015, message: 'Unknown Webhook' }];
    if (original && method === 'PATCH' && rec.original)
      return [200, Object.assign(rec.original, pick(body, ['content', 'embeds', 'components']))];
    if (original && method === 'DELETE') {
      rec.original = undefined;
      return [204];
    }
    if (!original && method === 'POST') {
      const msg = this.ephemeral(body);
      rec.followups.push(msg);
      return [200, msg];
    }
    return [404, { code: 10008, message: 'Unknown Message' }];
  }

  // ---- what members do ------------------------------------------------------------------

  private interaction(type: number, user: FakeUser, data: unknown, extra: { channelId?: string; message?: FakeMessage } = {}): string {
    const id = this.snowflake();
    const channelId = extra.channelId ?? extra.message?.channel_id ?? this.channelId;
    const guildId = this.guildOfChannel(channelId) ?? this.guildId;
    const payload = {
      id,
      application_id: this.appId,
      type,
      data,
      token: `tok-${id}`,
      version: 1,
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel_id: channelId,
      channel: this.channel(channelId),
      member: this.member(user),
      app_permissions: '2248473465835073',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 26214400,
      ...(extra.message ? { message: extra.message } : {}),
    };
    this.interactions.set(id, { id, token: payload.token, payload, dispatchedAt: Date.now(), callbacks: [], followups: [] });
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return id;
  }

  /** A slash command: `/<name> <sub> option:value…`; user options resolve to members. */
  command(user: FakeUser, name: string, sub: string, options: Record<string, string | number | FakeUser> = {}, channelId?: string): string {
    const opts = Object.entries(options).map(([n, v]) =>
      typeof v === 'object' ? { name: n, type: 6, value: v.id } : { name: n, type: typeof v === 'number' ? 4 : 3, value: v },
    );
    const mentioned = Object.values(options).filter((v): v is FakeUser => typeof v === 'object');
    const resolved = mentioned.length
      ? {
          users: Object.fromEntries(mentioned.map((u) => [u.id, u])),
          members: Object.fromEntries(mentioned.map((u) => [u.id, this.member(u, false)])),
        }
      : undefined;
    return this.interaction(
      2,
      user,
      {
        id: this.snowflake(),
        name,
        type: 1,
        guild_id: this.guildOfChannel(channelId ?? this.channelId) ?? this.guildId,
        options: [{ type: 1, name: sub, options: opts }],
        ...(resolved ? { resolved } : {}),
      },
      channelId ? { channelId } : {},
    );
  }

  /** Picks a message menu command (Apps → `name`) on a message; the message comes resolved, as Discord sends it. */
  messageCommand(user: FakeUser, name: string, message: FakeMessage): string {
    return this.interaction(
      2,
      user,
      {
        id: this.snowflake(),
        name,
        type: 3,
        guild_id: this.guildOfChannel(message.channel_id) ?? this.guildId,
        target_id: message.id,
        resolved: { messages: { [message.id]: message } },
      },
      { channelId: message.channel_id },
    );
  }

  /** Types into an autocomplete option; Discord sends the focused value. */
  autocomplete(user: FakeUser, name: string, sub: string, option: string, value: string): string {
    return this.interaction(4, user, {
      id: this.snowflake(),
      name,
      type: 1,
      guild_id: this.guildId,
      options: [{ type: 1, name: sub, options: [{ name: option, type: 3, value, focused: true }] }],
    });
  }

  /** Presses a button on a message (a channel message or an interaction's reply). */
  press(user: FakeUser, message: FakeMessage, customId: string): string {
    return this.interaction(3, user, { custom_id: customId, component_type: 2 }, { message });
  }

  /**
   * Submits a modal; values by input custom id, wrapped in labels as current clients send them: a
   * string is a text input's value, an array the values picked in a string select.
   */
  submitModal(user: FakeUser, customId: string, values: Record<string, string | string[]>, channelId?: string): string {
    const components = Object.entries(values).map(([id, value], n) => ({
      type: 18,
      id: n * 2 + 1,
      component: Array.isArray(value)
        ? { type: 3, id: n * 2 + 2, custom_id: id, values: value }
        : { type: 4, id: n * 2 + 2, custom_id: id, value },
    }));
    return this.interaction(5, user, { custom_id: customId, components }, channelId ? { channelId } : {});
  }

  /**
   * A slash command used in the member's DM with the bot: Discord sends no guild and no member,
   * the user itself, the DM channel and context 1 (BOT_DM).
   */
  dmCommand(user: FakeUser, name: string, sub: string): string {
    if (!this.dms.has(user.id)) this.dms.set(user.id, this.snowflake());
    const channelId = this.dms.get(user.id)!;
    const id = this.snowflake();
    const payload = {
      id,
      application_id: this.appId,
      type: 2,
      data: { id: this.snowflake(), name, type: 1, options: [{ type: 1, name: sub, options: [] }] },
      token: `tok-${id}`,
      version: 1,
      channel_id: channelId,
      channel: this.channel(channelId),
      user,
      app_permissions: '2248473465835073',
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': this.guildId },
      context: 1,
      attachment_size_limit: 26214400,
    };
    this.interactions.set(id, { id, token: payload.token, payload, dispatchedAt: Date.now(), callbacks: [], followups: [] });
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return id;
  }

  /** Delivers an already-dispatched interaction again (a duplicate delivery). */
  redeliver(id: string): void {
    this.gateway.dispatch('INTERACTION_CREATE', this.interactions.get(id)!.payload);
  }

  say(user: FakeUser, channelId: string, content: string): FakeMessage {
    return this.createMessage(channelId, user, { content });
  }

  edit(message: FakeMessage, content: string): void {
    Object.assign(message, { content, edited_timestamp: new Date().toISOString() });
    this.gateway.dispatch('MESSAGE_UPDATE', {
      ...this.asSeen(message),
      guild_id: this.guildOfChannel(message.channel_id) ?? this.guildId,
      member: this.member(message.author, false),
    });
  }

  react(user: FakeUser, message: FakeMessage, emoji: string, remove = false): void {
    const d = {
      user_id: user.id,
      channel_id: message.channel_id,
      message_id: message.id,
      guild_id: this.guildOfChannel(message.channel_id) ?? this.guildId,
      emoji: { id: null, name: emoji },
      burst: false,
      type: 0,
    };
    this.gateway.dispatch(
      remove ? 'MESSAGE_REACTION_REMOVE' : 'MESSAGE_REACTION_ADD',
      remove ? d : { ...d, member: this.member(user), message_author_id: message.author.id },
    );
  }

  /** The bot is kicked: GUILD_DELETE without `unavailable`. */
  removeGuild(): void {
    this.guilds[0]!.present = false;
    this.gateway.dispatch('GUILD_DELETE', { id: this.guildId });
  }

  // ---- reading what the bot did ---------------------------------------------------------

  /** Messages the bot posted in a channel or thread, oldest first. */
  botMessages(channelId: string): FakeMessage[] {
    return (this.messages.get(channelId) ?? []).filter((m) => m.author.id === this.bot.id);
  }

  dmTo(user: FakeUser): FakeMessage[] {
    const ch = this.dms.get(user.id);
    return ch ? (this.messages.get(ch) ?? []) : [];
  }

  /** Every message the member saw in answer to an interaction (reply, edited reply, follow-ups). */
  repliesTo(id: string): FakeMessage[] {
    const rec = this.interactions.get(id);
    return rec ? [...(rec.original ? [rec.original] : []), ...rec.followups] : [];
  }
}

/** The visible text of a message: content, embed titles, descriptions, fields and footers. */
export function textOf(m: FakeMessage | undefined): string {
  if (!m) return '';
  return [
    m.content,
    ...m.embeds.flatMap((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text]),
  ]
    .filter(Boolean)
    .join('\n');
}

/** Custom ids of a message's buttons by label. */
export function buttonsOf(m: FakeMessage | undefined): Record<string, string> {
  return Object.fromEntries(
    (m?.components ?? [])
      .flatMap((r) => r.components)
      .filter((c) => c.custom_id)
      .map((c) => [c.label ?? '', c.custom_id!]),
  );
}

function pick(body: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
}

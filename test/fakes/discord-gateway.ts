import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

/** A shard as IDENTIFY names it: [shard id, shard count]. */
export type Shard = [id: number, count: number];

/** What the gateway sends at IDENTIFY: the READY body and the guilds to create after it, for one shard. */
export interface GatewaySession {
  ready(sessionId: string, resumeUrl: string, shard: Shard): object;
  guilds(shard: Shard): object[];
}

interface Frame {
  op: number;
  t: string | null;
  s: number | null;
  d: unknown;
}

/** Discord's rule: a guild's events go to shard `(guild_id >> 22) % shard_count`; DMs to shard 0. */
export function shardOf(guildId: string | undefined, count: number): number {
  return guildId === undefined ? 0 : Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** One IDENTIFYed session: its own sequence, its buffer for RESUME, and the socket it is on now. */
interface Session {
  id: string;
  shard: Shard;
  ws: WebSocket | undefined;
  live: boolean;
  seq: number;
  buffer: Frame[];
}

/** The guild a dispatch belongs to, which decides the shard it is sent on. */
function guildOf(t: string, d: unknown): string | undefined {
  const body = (d ?? {}) as { guild_id?: unknown; id?: unknown };
  if (typeof body.guild_id === 'string') return body.guild_id;
  if (t.startsWith('GUILD_') && typeof body.id === 'string') return body.id;
  return undefined;
}

/**
 * A Discord gateway on the fake's HTTP server: HELLO with a heartbeat interval, heartbeat ACKs,
 * IDENTIFY → READY + GUILD_CREATE, RESUME with replay of missed dispatches, op 7 on demand. Each
 * IDENTIFY opens a session for the shard it names (a newer one replaces an older one for the same
 * shard, as Discord invalidates it); each dispatch goes to the session of its guild's shard only,
 * and is buffered there while that session has no live connection, to be replayed on RESUME.
 */
export class FakeGateway {
  readonly identifies: { intents: number; token: string; shard: Shard }[] = [];
  readonly resumes: { session_id: string; seq: number }[] = [];
  /** Path of each connection: `/gateway` from GET /gateway/bot, `/resume` from READY. */
  readonly connections: string[] = [];
  heartbeats = 0;
  /** Dispatches re-sent on RESUME because the client had not seen them. */
  replayed = 0;
  /** Dispatches sent (or buffered) per shard id. */
  readonly dispatchedTo = new Map<number, number>();
  private readonly wss = new WebSocketServer({ noServer: true });
  /** The current session of each shard id. */
  private readonly shards = new Map<number, Session>();
  private readonly bySocket = new Map<WebSocket, Session>();
  private sessions = 0;

  constructor(
    private readonly base: () => string,
    private readonly session: GatewaySession,
    private readonly heartbeatMs: number,
  ) {}

  get url() {
    return `${this.base()}/gateway`;
  }

  /** Takes an HTTP upgrade for the gateway paths; false when it is not ours (or the gateway is down). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if ((path !== '/gateway' && path !== '/resume') || this.down) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws, path));
    return true;
  }

  private send(ws: WebSocket | undefined, frame: Frame) {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  private connect(ws: WebSocket, path: string) {
    this.connections.push(path);
    this.send(ws, { op: 10, t: null, s: null, d: { heartbeat_interval: this.heartbeatMs } });
    ws.on('message', (raw) => this.onFrame(ws, JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> }));
    ws.on('close', () => {
      const s = this.bySocket.get(ws);
      this.bySocket.delete(ws);
      if (s && s.ws === ws) s.live = false;
    });
  }

  private onFrame(ws: WebSocket, frame: { op: number; d: Record<string, unknown> }) {
    switch (frame.op) {
      case 1:
        this.heartbeats++;
        this.send(ws, { op: 11, t: null, s: null, d: null });
        return;
      case 2:
        return this.identify(ws, frame.d);
      case 6:
        return this.resume(ws, frame.d as { session_id: string; seq: number });
    }
  }

  private identify(ws: WebSocket, d: Record<string, unknown>) {
    const shard: Shard = Array.isArray(d.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : [0, 1];
    this.identifies.push({ intents: Number(d.intents), token: String(d.token), shard });
    const old = this.shards.get(shard[0]);
    if (old?.ws && old.ws !== ws) old.ws.close(4009, 'Session replaced');
    const s: Session = { id: `session-${++this.sessions}`, shard, ws, live: true, seq: 0, buffer: [] };
    this.shards.set(shard[0], s);
    this.bySocket.set(ws, s);
    this.emit(s, 'READY', this.session.ready(s.id, `${this.base()}/resume`, shard));
    for (const guild of this.session.guilds(shard)) this.emit(s, 'GUILD_CREATE', guild);
  }

  private resume(ws: WebSocket, d: { session_id: string; seq: number }) {
    this.resumes.push({ session_id: d.session_id, seq: d.seq });
    const s = [...this.shards.values()].find((x) => x.id === d.session_id);
    if (!s) return this.send(ws, { op: 9, t: null, s: null, d: false });
    s.ws = ws;
    this.bySocket.set(ws, s);
    for (const missed of s.buffer.filter((f) => (f.s ?? 0) > d.seq)) {
      this.replayed++;
      this.send(ws, missed);
    }
    s.live = true;
    this.emit(s, 'RESUMED', {});
  }

  private emit(s: Session, t: string, d: unknown) {
    const frame: Frame = { op: 0, t, s: ++s.seq, d };
    s.buffer.push(frame);
    if (s.live) this.send(s.ws, frame);
  }

  /**
   * Sends (or buffers, while reconnecting) one dispatch on the shard its guild belongs to. With
   * no session for that shard yet, it is dropped, as Discord drops events no shard could receive.
   */
  dispatch(t: string, d: unknown): void {
    const guild = guildOf(t, d);
    for (const s of this.shards.values()) {
      if (shardOf(guild, s.shard[1]) !== s.shard[0]) continue;
      this.dispatchedTo.set(s.shard[0], (this.dispatchedTo.get(s.shard[0]) ?? 0) + 1);
      this.emit(s, t, d);
    }
  }

  /** op 7 on every live session: the client must reconnect to the resume URL and RESUME; until then dispatches wait. */
  requestReconnect(): void {
    for (const s of this.shards.values()) {
      if (!s.live) continue;
      this.send(s.ws, { op: 7, t: null, s: null, d: null });
      s.live = false;
    }
  }

  private down = false;

  /** A longer outage: connections drop as in `dropConnections` and reconnecting fails until `restore()`. */
  cut(): void {
    this.down = true;
    this.dropConnections();
  }

  restore(): void {
    this.down = false;
  }

  /**
   * A network drop: every live connection ends without a close frame (the client sees 1006), so
   * the client should RESUME on the resume URL; dispatches meanwhile wait in the session's buffer.
   */
  dropConnections(): void {
    for (const s of this.shards.values()) {
      if (!s.live) continue;
      s.live = false;
      s.ws?.terminate();
    }
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

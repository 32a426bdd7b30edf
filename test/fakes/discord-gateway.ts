import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

/** What the gateway sends at IDENTIFY: the READY body and the guilds to create after it. */
export interface GatewaySession {
  ready(sessionId: string, resumeUrl: string): object;
  guilds(): object[];
}

interface Frame {
  op: number;
  t: string | null;
  s: number | null;
  d: unknown;
}

/**
 * A Discord gateway on the fake's HTTP server: HELLO with a heartbeat interval, heartbeat ACKs,
 * IDENTIFY → READY + GUILD_CREATE, RESUME with replay of missed dispatches, op 7 on demand.
 * Dispatches sent while no connection is live are buffered and replayed on RESUME.
 */
export class FakeGateway {
  readonly identifies: { intents: number; token: string }[] = [];
  readonly resumes: { session_id: string; seq: number }[] = [];
  /** Path of each connection: `/gateway` from GET /gateway/bot, `/resume` from READY. */
  readonly connections: string[] = [];
  heartbeats = 0;
  /** Dispatches re-sent on RESUME because the client had not seen them. */
  replayed = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  private socket: WebSocket | undefined;
  private live = false;
  private seq = 0;
  private sessionId = '';
  private buffer: Frame[] = [];
  private sessions = 0;

  constructor(
    private readonly base: () => string,
    private readonly session: GatewaySession,
    private readonly heartbeatMs: number,
  ) {}

  get url() {
    return `${this.base()}/gateway`;
  }

  /** Takes an HTTP upgrade for the gateway paths; false when it is not ours. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/gateway' && path !== '/resume') return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws, path));
    return true;
  }

  private send(ws: WebSocket, frame: Frame) {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  private connect(ws: WebSocket, path: string) {
    this.connections.push(path);
    this.socket = ws;
    this.live = false;
    this.send(ws, { op: 10, t: null, s: null, d: { heartbeat_interval: this.heartbeatMs } });
    ws.on('message', (raw) => this.onFrame(ws, JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> }));
    ws.on('close', () => {
      if (this.socket === ws) this.live = false;
    });
  }

  private onFrame(ws: WebSocket, frame: { op: number; d: Record<string, unknown> }) {
    switch (frame.op) {
      case 1:
        this.heartbeats++;
        this.send(ws, { op: 11, t: null, s: null, d: null });
        return;
      case 2: {
        this.identifies.push({ intents: Number(frame.d.intents), token: String(frame.d.token) });
        this.sessionId = `session-${++this.sessions}`;
        this.buffer = [];
        this.live = true;
        this.dispatch('READY', this.session.ready(this.sessionId, `${this.base()}/resume`));
        for (const guild of this.session.guilds()) this.dispatch('GUILD_CREATE', guild);
        return;
      }
      case 6: {
        const d = frame.d as { session_id: string; seq: number };
        this.resumes.push({ session_id: d.session_id, seq: d.seq });
        if (d.session_id !== this.sessionId) return this.send(ws, { op: 9, t: null, s: null, d: false });
        for (const missed of this.buffer.filter((f) => (f.s ?? 0) > d.seq)) {
          this.replayed++;
          this.send(ws, missed);
        }
        this.live = true;
        this.dispatch('RESUMED', {});
        return;
      }
    }
  }

  /** Sends (or buffers, while reconnecting) one dispatch with the next sequence number. */
  dispatch(t: string, d: unknown): void {
    const frame: Frame = { op: 0, t, s: ++this.seq, d };
    this.buffer.push(frame);
    if (this.live && this.socket) this.send(this.socket, frame);
  }

  /** op 7: the client must reconnect to the resume URL and RESUME; until then dispatches wait. */
  requestReconnect(): void {
    if (!this.socket) return;
    this.send(this.socket, { op: 7, t: null, s: null, d: null });
    this.live = false;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { responder } from './response-url.js';

/**
 * A raw loopback server that answers the first request on every connection and, when `dropReused`
 * is set, closes a connection as soon as a second request arrives on it — the moment an idle
 * keep-alive socket is closed by the server while the client is already reusing it.
 */
async function server(opts: { dropReused: boolean; dropFirst?: boolean }) {
  const seen = { connections: 0, answered: 0, dropped: 0 };
  const open = new Set<net.Socket>();
  const srv = net.createServer((sock) => {
    seen.connections++;
    open.add(sock);
    sock.on('close', () => open.delete(sock));
    let requests = 0;
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString();
      // Each test body is small JSON, so a request is complete once its closing brace is in.
      while (buf.includes('\r\n\r\n') && buf.includes('}')) {
        buf = buf.slice(buf.indexOf('}') + 1);
        requests++;
        if ((opts.dropFirst && requests === 1) || (opts.dropReused && requests > 1)) {
          seen.dropped++;
          sock.resetAndDestroy();
          return;
        }
        seen.answered++;
        sock.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
      }
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  return {
    seen,
    url: `http://127.0.0.1:${port}/hooks/T1/respond`,
    close: () =>
      new Promise<void>((r) => {
        srv.close(() => r());
        for (const sock of open) sock.destroy();
      }),
  };
}

const msg = { response_type: 'ephemeral' as const, text: 'hi' };
let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers) await c();
  closers = [];
});

describe('response_url replies over kept-alive sockets', () => {
  it('retries once on a fresh socket when a reused one is reset before any answer', async () => {
    const s = await server({ dropReused: true });
    closers.push(s.close);
    const post = responder(s.url);
    await post(msg);
    await post(msg);
    await post(msg);
    expect(s.seen.answered).toBe(3);
    expect(s.seen.dropped).toBe(2);
    expect(s.seen.connections).toBe(3);
  });

  it('does not retry a reset on a fresh socket: the caller falls back instead', async () => {
    const s = await server({ dropReused: false, dropFirst: true });
    closers.push(s.close);
    // A new server on a new port: the shared agent has no socket to it yet.
    await expect(responder(s.url)(msg)).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(s.seen).toEqual({ connections: 1, answered: 0, dropped: 1 });
  });
});

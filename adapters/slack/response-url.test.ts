import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responder, ResponseUrlError } from './response-url.js';

const received: { path: string; type: string; body: unknown }[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ path: req.url ?? '', type: String(req.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString()) });
    res.writeHead(req.url === '/expired' ? 404 : 200).end('ok');
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('response_url replies', () => {
  it('POSTs the message as JSON and resolves on 2xx', async () => {
    await responder(`${base}/r1`)({ response_type: 'ephemeral', replace_original: false, text: 'hi', blocks: [{ type: 'divider' }] });
    expect(received.at(-1)).toEqual({
      path: '/r1',
      type: 'application/json',
      body: { response_type: 'ephemeral', replace_original: false, text: 'hi', blocks: [{ type: 'divider' }] },
    });
  });

  it('rejects with the status on a non-2xx answer (an expired or used-up URL)', async () => {
    const err = await responder(`${base}/expired`)({ response_type: 'ephemeral', text: 'late' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseUrlError);
    expect((err as ResponseUrlError).status).toBe(404);
  });

  it('refuses URLs that are not http(s)', () => {
    expect(() => responder('file:///etc/passwd')).toThrow(/protocol/);
  });
});

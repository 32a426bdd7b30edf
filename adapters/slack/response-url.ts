import http from 'node:http';
import https from 'node:https';

/** What a private reply through a command's or action's response_url carries. */
export interface ResponseUrlMessage {
  response_type: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  text: string;
  blocks?: unknown[];
}

export type Responder = (message: ResponseUrlMessage) => Promise<void>;

const TIMEOUT_MS = 10_000;
// Kept-alive sockets to Slack's response_url host, shared by every reply.
// An idle socket is dropped after 4 s, before the usual 5 s server keep-alive closes it under us.
const IDLE_MS = 4_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, timeout: IDLE_MS }),
};

/**
 * A reused keep-alive socket can be closed by the server just as a request goes out; the request
 * then fails with a reset before any answer, so the server never saw it and one retry on a fresh
 * socket cannot post twice.
 */
const isStaleSocket = (req: http.ClientRequest, err: NodeJS.ErrnoException) =>
  req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.message === 'socket hang up');

/** Slack answered a response_url POST with a non-2xx status (expired or used-up URL, bad blocks). */
export class ResponseUrlError extends Error {
  constructor(readonly status: number) {
    super(`response_url answered HTTP ${status}`);
  }
}

/**
 * A poster for one response_url: a JSON POST over a kept-alive node:http(s) socket, throwing on
 * a non-2xx answer like Bolt's `respond()` does. Bolt's `respond()` goes through the global
 * `fetch`, which cost about 400 µs of CPU per reply here against about 70 µs for node:http —
 * most of the bot's work for a `/dojo top`.
 */
export function responder(responseUrl: string): Responder {
  const url = new URL(responseUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`unsupported response_url protocol ${url.protocol}`);
  const client = url.protocol === 'https:' ? https : http;
  const post = (body: string, retried: boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let answered = false;
      const req = client.request(
        url,
        {
          method: 'POST',
          agent: agents[url.protocol as 'http:' | 'https:'],
          timeout: TIMEOUT_MS,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          answered = true;
          res.resume();
          res.once('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new ResponseUrlError(status));
          });
          res.once('error', reject);
        },
      );
      req.once('timeout', () => req.destroy(new Error(`response_url did not answer in ${TIMEOUT_MS} ms`)));
      req.once('error', (err: NodeJS.ErrnoException) => {
        if (!answered && !retried && isStaleSocket(req, err)) post(body, true).then(resolve, reject);
        else reject(err);
      });
      req.end(body);
    });
  return (message) => post(JSON.stringify(message), false);
}

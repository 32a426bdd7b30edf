import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';
import type { Readiness } from './readiness.js';

/** A GET route in the shape Bolt's `customRoutes` takes, so Slack's HTTP server can serve it too. */
export interface OpsRoute {
  path: string;
  method: string;
  handler(req: IncomingMessage, res: ServerResponse): void;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: object) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

/**
 * `/healthz`: the process is alive (answered while the event loop turns). `/readyz`: 200 when it
 * can take traffic, else 503 with the reasons. `/metrics`: Prometheus text format.
 */
export function opsRoutes(readiness: Readiness, metrics: Metrics): OpsRoute[] {
  return [
    { path: '/healthz', method: 'GET', handler: (_req, res) => json(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: 'GET',
      handler(_req, res) {
        readiness.reasons().then(
          (reasons) => (reasons.length ? json(res, 503, { status: 'not ready', reasons }) : json(res, 200, { status: 'ready' })),
          (err: unknown) => json(res, 503, { status: 'not ready', reasons: [String(err)] }),
        );
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler(_req, res) {
        metrics.registry.metrics().then(
          (text) => send(res, 200, metrics.registry.contentType, text),
          () => send(res, 500, 'text/plain; charset=utf-8', 'metrics unavailable\n'),
        );
      },
    },
  ];
}

/**
 * Serves `routes` on their own port (when Slack's HTTP server is not there to share); anything
 * else is a 404. Resolves with the server once it listens.
 */
export async function serveOps(routes: OpsRoute[], port: number, host: string): Promise<Server & { port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (route) return route.handler(req, res);
    json(res, req.method === 'GET' ? 404 : 405, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return Object.assign(server, { port: (server.address() as AddressInfo).port });
}

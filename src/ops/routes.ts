import type { Route, WebResponse } from '../web/server.js';
import type { Metrics } from './metrics.js';
import type { Readiness } from './readiness.js';

const json = (status: number, body: object): WebResponse => ({
  status,
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

/**
 * `/healthz`: the process is alive (answered while the event loop turns). `/readyz`: 200 when it
 * can take traffic, else 503 with the reasons. `/metrics`: Prometheus text format. Entries of the
 * web server's route table, so they are served wherever the dashboard is (or on their own).
 */
export function opsRoutes(readiness: Readiness, metrics: Metrics): Route[] {
  return [
    { method: 'GET', path: '/healthz', handle: () => json(200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      async handle() {
        const reasons = await readiness.reasons();
        return reasons.length ? json(503, { status: 'not ready', reasons }) : json(200, { status: 'ready' });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handle: async () => ({ status: 200, type: metrics.registry.contentType, body: await metrics.registry.metrics() }),
    },
  ];
}

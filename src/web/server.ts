import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/index.js';

/** A request as a route sees it: the method, the parsed URL (query included) and the headers. */
export interface WebRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
}

export interface WebResponse {
  status: number;
  /** The Content-Type, e.g. `text/html; charset=utf-8`. */
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

/**
 * One entry of the route table: an exact path and the methods it answers (HEAD is answered by
 * every GET route). Add a route (a health check, a metrics page) by adding an entry; nothing
 * else in this module needs to change.
 */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(req: WebRequest): WebResponse | Promise<WebResponse>;
}

/** The routes in the shape Bolt's HTTPReceiver takes as `customRoutes` (Slack HTTP mode shares its port). */
export interface MountedRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

// How long close() lets a request under way finish before it ends the remaining connections.
const CLOSE_GRACE_MS = 1_000;

// No script may run at all (the pages need none); styles come only from our own stylesheet, so an
// injected style attribute or <style> does nothing either.
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export const plain = (status: number, text: string): WebResponse => ({ status, type: 'text/plain; charset=utf-8', body: `${text}\n` });

/** A route table served over node:http, on its own port or mounted on another server. */
export class WebServer {
  private readonly table = new Map<string, Route>();

  constructor(
    routes: Route[],
    private readonly log: Logger,
  ) {
    for (const r of routes) this.add(r);
  }

  /** Adds a route; a second route for the same method and path is a programming error. */
  add(route: Route): void {
    const key = `${route.method} ${route.path}`;
    if (this.table.has(key)) throw new Error(`duplicate web route: ${key}`);
    this.table.set(key, route);
  }

  get routes(): readonly Route[] {
    return [...this.table.values()];
  }

  /** The node:http request listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    void this.serve(req, res);
  };

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    let response: WebResponse;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = this.table.get(`${method === 'HEAD' ? 'GET' : method} ${url.pathname}`);
      if (!route) {
        const known = [...this.table.values()].some((r) => r.path === url.pathname);
        response = known ? plain(405, 'Method not allowed.') : plain(404, 'Not found.');
      } else {
        response = await route.handle({ method, url, headers: req.headers });
      }
    } catch (err) {
      this.log.error({ err: err instanceof Error ? err.message : String(err), path: req.url?.split('?')[0] }, 'web request failed');
      response = plain(500, 'Something went wrong on our side. Please try again in a minute.');
    }
    const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
    res.writeHead(response.status, {
      ...SECURITY_HEADERS,
      'Cache-Control': 'no-store',
      ...response.headers,
      'Content-Type': response.type,
      'Content-Length': String(body.length),
    });
    res.end(method === 'HEAD' ? undefined : body);
  }

  /** Listens on its own port (0: the system picks one); resolves with the bound port. */
  async listen(port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
    const server: Server = createServer(this.listener);
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return {
      port: (server.address() as AddressInfo).port,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // A request under way gets a moment to finish; a keep-alive connection would hold the server open for good.
          setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
        }),
    };
  }

  /** Every route for another server's router (Bolt's `customRoutes`), answered by this table. */
  mounted(): MountedRoute[] {
    const methods = new Map<string, Set<string>>();
    for (const r of this.table.values()) {
      const set = methods.get(r.path) ?? new Set();
      set.add(r.method);
      if (r.method === 'GET') set.add('HEAD');
      methods.set(r.path, set);
    }
    return [...methods].map(([path, m]) => ({ path, method: [...m], handler: this.listener }));
  }
}

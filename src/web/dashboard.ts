import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, DashboardLinks, Logger, Member, Store, Workspace } from '../core/index.js';
import { PACKAGE_ROOT } from '../paths.js';
import { plain, type Route, type WebRequest, type WebResponse } from './server.js';
import { LINK_TTL_MS, signLink, verifyLink } from './signing.js';
import type { PageName, Viewer } from './pages/layout.js';

export interface DashboardConfig {
  store: Store;
  clock: Clock;
  log: Logger;
  /** The link-signing secret (DOJO_SECRET_KEY's bytes, or the playground's stored key). */
  secret: Buffer;
  /** The base of the links handed out, e.g. `https://dojo.example.com` (known once the server listens). */
  publicUrl: () => string;
}

const HTML = 'text/html; charset=utf-8';
export const DASHBOARD_PATH = '/dashboard';
const FORBIDDEN = plain(
  403,
  'This dashboard link is not valid: it may have expired, been changed, or belong to another workspace.\nRun /dojo dashboard in chat for a new one.',
);

/**
 * The dashboard's routes and its link signer: every page checks the signed token first and
 * then reads only the workspace the token names, as the member it names.
 */
export function createDashboard(cfg: DashboardConfig): { routes: Route[]; links: DashboardLinks } {
  const css = readFileSync(join(PACKAGE_ROOT, 'src/web/static/dashboard.css'));

  const links: DashboardLinks = {
    linkFor(grant, now) {
      const expiresAt = now + LINK_TTL_MS;
      const token = signLink(cfg.secret, grant, expiresAt);
      return { url: `${cfg.publicUrl().replace(/\/+$/, '')}${DASHBOARD_PATH}/team?t=${token}`, expiresAt };
    },
  };

  /** The viewer a request's token stands for; undefined for a bad, expired or orphaned token. */
  async function viewerOf(req: WebRequest): Promise<Viewer | undefined> {
    const now = cfg.clock.now().getTime();
    const token = req.url.searchParams.get('t');
    const claims = verifyLink(cfg.secret, token, now);
    if (!claims) return undefined;
    const found = await cfg.store.tx(async (db) => {
      const ws = await db.workspaces.get(claims.workspaceId).catch(() => undefined);
      const member = ws && (await db.members.get(claims.memberId).catch(() => undefined));
      return { ws, member } as { ws?: Workspace; member?: Member };
    });
    const { ws, member } = found;
    // A member erased with forget-me, or a workspace that uninstalled the app, takes its links with it.
    if (ws?.status !== 'active' || !member || member.workspaceId !== ws.id) return undefined;
    return { ws, member, isAdmin: claims.isAdmin, token: token!, expiresAt: claims.expiresAt, now, store: cfg.store };
  }

  const page =
    (name: PageName, render: (v: Viewer, q: URLSearchParams) => Promise<string>) =>
    async (req: WebRequest): Promise<WebResponse> => {
      const viewer = await viewerOf(req);
      if (!viewer) {
        cfg.log.info({ page: name }, 'dashboard link refused');
        return FORBIDDEN;
      }
      return { status: 200, type: HTML, body: await render(viewer, req.url.searchParams) };
    };

  // Pages are imported on first use, so a bot whose dashboard nobody opens never loads them.
  const routes: Route[] = [
    {
      method: 'GET',
      path: DASHBOARD_PATH,
      handle: (req) => ({
        status: 302,
        type: 'text/plain; charset=utf-8',
        body: '',
        headers: { Location: `${DASHBOARD_PATH}/team${req.url.search}` },
      }),
    },
    {
      method: 'GET',
      path: `${DASHBOARD_PATH}/team`,
      handle: page('team', async (v, q) => (await import('./pages/team.js')).teamPage(v, q)),
    },
    { method: 'GET', path: `${DASHBOARD_PATH}/me`, handle: page('me', async (v) => (await import('./pages/me.js')).mePage(v)) },
    {
      method: 'GET',
      path: `${DASHBOARD_PATH}/archive`,
      handle: page('archive', async (v, q) => (await import('./pages/archive.js')).archivePage(v, q)),
    },
    {
      method: 'GET',
      path: `${DASHBOARD_PATH}/static/dashboard.css`,
      handle: () => ({ status: 200, type: 'text/css; charset=utf-8', body: css, headers: { 'Cache-Control': 'public, max-age=3600' } }),
    },
  ];
  return { routes, links };
}

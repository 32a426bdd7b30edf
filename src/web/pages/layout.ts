import { DateTime } from 'luxon';
import type { Member, Store, Workspace } from '../../core/index.js';
import { html, type SafeHtml } from '../html.js';

/** Who is looking, as their signed link says, and what every page needs to build its links. */
export interface Viewer {
  ws: Workspace;
  member: Member;
  isAdmin: boolean;
  /** The signed token, carried on every link between the pages. */
  token: string;
  expiresAt: number;
  now: number;
  store: Store;
}

export type PageName = 'team' | 'me' | 'archive';

/** A link to one of the pages (relative, so a DOJO_PUBLIC_URL with a path prefix works), keeping the token. */
export function pageHref(v: Viewer, page: PageName, params: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, value] of Object.entries(params)) if (value !== undefined && value !== '') q.set(k, String(value));
  q.set('t', v.token);
  return `${page}?${q.toString()}`;
}

export const formatDate = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('ccc d LLL yyyy');

const NAV: [PageName, string][] = [
  ['team', 'Team'],
  ['me', 'My page'],
  ['archive', 'Archive'],
];

/** The page frame: navigation, who is signed in, the link's expiry. */
export function layout(v: Viewer, current: PageName, title: string, body: SafeHtml): string {
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Interview Dojo</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="static/dashboard.css">
</head>
<body>
<header class="top">
  <div class="brand">Interview Dojo<span class="ws">${v.ws.name || 'your team'}</span></div>
  <nav>${NAV.map(([page, label]) => html`<a href="${pageHref(v, page)}"${page === current ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>
  <div class="who">${v.member.displayName}${v.isAdmin ? html` <span class="badge">admin</span>` : ''}</div>
</header>
<main>
<h1>${title}</h1>
${body}
</main>
<footer>This private link works until ${formatDate(v.expiresAt, v.ws.timezone)}. Run <code>/dojo dashboard</code> in chat for a new one.</footer>
</body>
</html>`}`;
}

/** A row of links that switch one query parameter, the current one marked. */
export function switcher(label: string, options: { href: string; text: string; current: boolean }[]): SafeHtml {
  return html`<nav class="switch" aria-label="${label}"><span class="switch-label">${label}</span>${options.map((o) =>
    o.current ? html`<a href="${o.href}" aria-current="true">${o.text}</a>` : html`<a href="${o.href}">${o.text}</a>`,
  )}</nav>`;
}

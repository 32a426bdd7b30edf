import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppOptions, Installation as SlackInstallation, webApi } from '@slack/bolt';
import type { ChannelRef, ChatPort, Dojo, Logger, MessageRef, NeutralMessage, UserRef, WorkspaceRef } from '../../src/core/index.js';
import { decodeSecretKey, secretBox } from '../../src/secret-key.js';
import { DojoInstallationStore } from './installation-store.js';
import { type ChannelPacer, SlackPort } from './port.js';

// The WebClient class Bolt itself uses, from Bolt's own dependency (not the package index).
const { WebClient } = createRequire(createRequire(import.meta.url).resolve('@slack/bolt/dist/App.js'))('@slack/web-api') as {
  WebClient: typeof webApi.WebClient;
};

/** Paths of the install flow ("Add to Slack" page and Slack's redirect back). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot scopes the app asks for; the same list as adapters/slack/manifest.yaml. */
export const BOT_SCOPES = ['commands', 'chat:write', 'channels:history', 'groups:history', 'reactions:read', 'users:read', 'im:write'];

/** What the install flow needs from the environment. */
export interface SlackOAuthSettings {
  SLACK_CLIENT_ID?: string;
  SLACK_CLIENT_SECRET?: string;
  SLACK_STATE_SECRET?: string;
  DOJO_SECRET_KEY?: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Interview Dojo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d3557}
a.button{display:inline-block;padding:.6rem 1.2rem;border-radius:6px;background:#4a154b;color:#fff;text-decoration:none;font-weight:600}
code{background:#f1f1f1;padding:0 .3rem;border-radius:3px}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/** The "Add to Slack" page: Bolt has set the state cookie; the link carries the same state. */
export function installPage(url: string): string {
  return page(
    'Add Interview Dojo to Slack',
    `<p>Interview Dojo posts a daily interview question in a channel you choose, collects answers in its
thread, lets your team vote and keeps a fair leaderboard.</p>
<p><a class="button" id="add-to-slack" href="${escapeHtml(url)}">Add to Slack</a></p>
<p>Slack asks which workspace (or, on Enterprise Grid, which organisation) to install it in.</p>`,
  );
}

function installedPage(installation: SlackInstallation<'v1' | 'v2', boolean>): string {
  const where = installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name;
  return page(
    'Interview Dojo is installed',
    `<p>Interview Dojo is now installed${where ? ` in <strong>${escapeHtml(where)}</strong>` : ''}.</p>
<p>Next: invite it to a channel (<code>/invite @Interview Dojo</code>) and run <code>/dojo setup</code> there.
<code>/dojo help</code> lists everything it does.</p>`,
  );
}

/** Why an install did not complete, in words for the person who tried; never the error's details. */
function failureText(code: string | undefined, req: IncomingMessage): string {
  if (new URL(req.url ?? '/', 'http://x').searchParams.get('error') === 'access_denied')
    return 'The installation was cancelled in Slack, so nothing was installed.';
  if (code === 'slack_oauth_invalid_state' || code === 'slack_oauth_missing_state')
    return 'This install link has expired or was opened in another browser, so it could not be checked.';
  if (code === 'slack_oauth_missing_code') return 'Slack did not send back an installation code.';
  return 'Slack could not complete the installation.';
}

/**
 * Bolt's own OAuth v2 support, configured for the Dojo: `GET /slack/install` shows the "Add to
 * Slack" page (with a signed state in a cookie), `/slack/oauth_redirect` checks the state,
 * exchanges the code (`oauth.v2.access`) and stores the installation; each request is then
 * authorized with its own workspace's token. Loaded only in this mode.
 */
export function slackOAuth(opts: {
  dojo: Dojo;
  config: SlackOAuthSettings;
  log: Logger;
  clientOptions: webApi.WebClientOptions;
  pacer: ChannelPacer;
}): { appOptions: AppOptions; store: DojoInstallationStore; port: InstalledWorkspacesPort } {
  const { dojo, config, log } = opts;
  const key = config.DOJO_SECRET_KEY ? decodeSecretKey(config.DOJO_SECRET_KEY) : undefined;
  if (!key || !config.SLACK_CLIENT_ID || !config.SLACK_CLIENT_SECRET || !config.SLACK_STATE_SECRET) {
    throw new Error('the "Add to Slack" install needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and DOJO_SECRET_KEY');
  }
  const store = new DojoInstallationStore(dojo, secretBox(key, 'slack-installations'), log);
  const appOptions: AppOptions = {
    clientId: config.SLACK_CLIENT_ID,
    clientSecret: config.SLACK_CLIENT_SECRET,
    stateSecret: config.SLACK_STATE_SECRET,
    scopes: BOT_SCOPES,
    installationStore: store,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      directInstall: false,
      stateVerification: true,
      renderHtmlForInstallPath: installPage,
      callbackOptions: {
        success: (installation, _options, _req, res) => {
          const workspace = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
          log.info({ adapter: 'slack', workspace, orgWide: Boolean(installation.isEnterpriseInstall) }, 'slack install completed');
          send(res, 200, installedPage(installation));
        },
        failure: (error, _options, req, res) => {
          log.warn({ adapter: 'slack', code: error.code }, 'slack install failed');
          send(
            res,
            400,
            page(
              'Installation did not complete',
              `<p>${escapeHtml(failureText(error.code, req))}</p><p><a class="button" href="${INSTALL_PATH}">Start again</a></p>`,
            ),
          );
        },
      },
    },
  };
  return { appOptions, store, port: new InstalledWorkspacesPort(store, opts.clientOptions, opts.pacer) };
}

/**
 * The outbox's Slack port when many workspaces install the app: `forWorkspace` speaks with that
 * workspace's own bot token (undefined once it is uninstalled). The bare methods are never used.
 */
export class InstalledWorkspacesPort implements ChatPort {
  private readonly ports = new Map<string, { token: string; port: SlackPort }>();

  constructor(
    private readonly store: DojoInstallationStore,
    private readonly clientOptions: webApi.WebClientOptions,
    private readonly pacer: ChannelPacer,
  ) {}

  async forWorkspace(workspace: WorkspaceRef): Promise<ChatPort | undefined> {
    const token = (await this.store.open(workspace))?.bot?.token;
    if (!token) {
      this.ports.delete(workspace);
      return undefined;
    }
    const known = this.ports.get(workspace);
    if (known?.token === token) return known.port;
    const port = new SlackPort(new WebClient(token, this.clientOptions), this.pacer);
    this.ports.set(workspace, { token, port });
    return port;
  }

  private noWorkspace(): never {
    throw new Error('a Slack message without its workspace: use forWorkspace');
  }
  postMessage(_c: ChannelRef, _m: NeutralMessage): Promise<MessageRef> {
    return this.noWorkspace();
  }
  replyInThread(_c: ChannelRef, _t: MessageRef, _m: NeutralMessage): Promise<MessageRef> {
    return this.noWorkspace();
  }
  updateMessage(_r: MessageRef, _m: NeutralMessage): Promise<void> {
    return this.noWorkspace();
  }
  tellPrivately(_c: ChannelRef | undefined, _u: UserRef, _m: NeutralMessage): Promise<void> {
    return this.noWorkspace();
  }
}

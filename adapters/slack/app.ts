import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { App as BoltApp, LogLevel, Logger as BoltLogger, webApi } from '@slack/bolt';
import type { Dojo, Handled, InboundEvent, Logger, Observer, Reply } from '../../src/core/index.js';
import {
  draftFromAction,
  draftFromCommand,
  draftFromEvent,
  draftFromShortcut,
  draftFromView,
  REVIEW_SHORTCUT,
  SLACK_SYSTEM_USER,
  type ActionBody,
  type ActionItem,
  type CommandBody,
  type Draft,
  type EventBody,
  type ViewBody,
} from './events.js';
import { ChannelPacer, SlackPort } from './port.js';
import { PLATFORM, slackUserRef, teamRef } from './refs.js';
import { renderForm, renderMessage, type SlackPost } from './render.js';
import { settlesWithin } from '../shared/settles-within.js';
import { ACK_BUDGET_MS, CommandAck, type CommandAckFn } from './command-ack.js';
import { responder, type Responder } from './response-url.js';
import { type SlackUser, UserDirectory } from './users.js';
import { slackWorkspaceId, type SlackIds } from './workspace-id.js';
import type { SlackOAuthSettings } from './oauth.js';

// Bolt's own App module rather than the package index, which also loads the Express, AWS Lambda
// and OAuth receivers this adapter never uses (about 90 ms of every start).
const { default: App } = createRequire(import.meta.url)('@slack/bolt/dist/App.js') as { default: typeof BoltApp };

/** The environment the adapter reads (a subset of the app's validated config). */
export interface SlackSettings extends SlackOAuthSettings {
  SLACK_BOT_TOKEN?: string;
  SLACK_SIGNING_SECRET?: string;
  SLACK_APP_TOKEN?: string;
  SLACK_API_URL?: string;
  PORT: number;
}

export interface SlackAdapterConfig {
  dojo: Dojo;
  config: SlackSettings;
  log: Logger;
  /** HTTP mode: interface to listen on (default: all). */
  host?: string;
  /** Socket Mode: ping timeout, which is also the pause before a reconnect (Slack's default 5 s). */
  socketPingTimeoutMs?: number;
  /** Where acknowledgement times and Web API calls are counted. */
  observer?: Observer;
  /** HTTP mode: more routes served on the same port (health, readiness, metrics, the web dashboard), as Bolt's `customRoutes`. */
  routes?: { path: string; method: string | string[]; handler(req: IncomingMessage, res: ServerResponse): void }[];
}

/** A started adapter. `port` is the bound HTTP port (HTTP mode), useful with PORT=0. */
export interface RunningSlack {
  mode: 'http' | 'socket';
  port?: number;
  /** Undefined while connected; otherwise why not (Socket Mode reconnecting). */
  notReady(): string | undefined;
  stop(): Promise<void>;
}

/** Where a reply to one delivery goes. */
interface ReplyTarget {
  userId: string;
  /** The delivery's own Web API client (its workspace's token) and a port over it. */
  client: webApi.WebClient;
  port: SlackPort;
  channel?: string;
  threadTs?: string;
  triggerId?: string;
  respond?: Responder;
  /** A slash command's ack, which can carry the first private reply. */
  ack?: CommandAck;
}

// response_url accepts 5 uses within 30 minutes (api.slack.com/interactivity/handling#message_responses).
const RESPONSE_URL_USES = 5;
const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a minute.';
// 429s are retried after Retry-After by @slack/web-api; this bounds the extra backoff and total attempts.
const RETRY_CONFIG = { retries: 4, factor: 2, minTimeout: 200, maxTimeout: 5_000, randomize: true };
const REQUEST_TIMEOUT_MS = 15_000;
// Slack waits this long for an acknowledgement before it retries a delivery.
const ACK_DEADLINE_MS = 3_000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Bolt's logger interface over the app's logger; library lines carry `lib: 'bolt'`. */
function boltLogger(log: Logger): BoltLogger {
  const configured = (log as { level?: string }).level;
  let level = (configured === 'debug' || configured === 'trace' ? 'debug' : 'info') as LogLevel;
  const text = (args: unknown[]) =>
    scrubSecrets(args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : safeJson(a))).join(' '));
  return {
    debug: (...a: unknown[]) => log.debug({ lib: 'bolt' }, text(a)),
    info: (...a: unknown[]) => log.info({ lib: 'bolt' }, text(a)),
    warn: (...a: unknown[]) => log.warn({ lib: 'bolt' }, text(a)),
    error: (...a: unknown[]) => log.error({ lib: 'bolt' }, text(a)),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Library lines are text, out of reach of pino's redaction: tokens, the OAuth client secret and
 * code (the Web API client logs request bodies at debug level) are blanked here.
 */
export function scrubSecrets(line: string): string {
  return line
    .replace(/xox[a-z]-[A-Za-z0-9-]+/g, 'xox?-[redacted]')
    .replace(/("?(?:client_secret|code|state|refresh_token)"?\s*[:=]\s*"?)[^"&\s,}]+/g, '$1[redacted]');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** Builds the Bolt app, wires every listener to the core, and starts it in Socket Mode or HTTP mode. */
export async function startSlackApp(cfg: SlackAdapterConfig): Promise<RunningSlack> {
  const { dojo, config, log } = cfg;
  // Many workspaces install the app ("Add to Slack"), or one bot token serves one workspace.
  const isOAuth = !config.SLACK_BOT_TOKEN && Boolean(config.SLACK_CLIENT_ID);
  if (!config.SLACK_BOT_TOKEN && !isOAuth) throw new Error('SLACK_BOT_TOKEN or SLACK_CLIENT_ID is required for the Slack adapter');
  if (isOAuth && config.SLACK_APP_TOKEN) throw new Error('the "Add to Slack" install runs in HTTP mode: unset SLACK_APP_TOKEN');
  const logger = boltLogger(log);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    ...(cfg.observer?.call ? { fetch: countedFetch(cfg.observer) } : {}),
    retryConfig: RETRY_CONFIG,
    timeout: REQUEST_TIMEOUT_MS,
  };
  const pacer = new ChannelPacer();
  // Loaded only in this mode, like the Socket Mode receiver below.
  const oauth = isOAuth ? (await import('./oauth.js')).slackOAuth({ dojo, config, log, clientOptions, pacer }) : undefined;
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const receiver = socketMode
    ? new (await import('./durable-socket-receiver.js')).DurableSocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN!,
        logger,
        ...(cfg.socketPingTimeoutMs ? { clientPingTimeout: cfg.socketPingTimeoutMs } : {}),
        // Reconnecting (apps.connections.open) keeps the Socket Mode client's own long retry policy.
        installerOptions: { clientOptions: { ...clientOptions, retryConfig: undefined } },
      })
    : new (await import('./request-guards.js')).GuardedHTTPReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET ?? '',
        port: config.PORT,
        // Slack hears "received" only once the listener has committed (see dispatch).
        processBeforeResponse: true,
        logger,
        customRoutes: cfg.routes ?? [],
        // With a receiver of its own, Bolt takes the install flow's settings from the receiver, not the
        // App, so the installer's Web API client (oauth.v2.access) gets the client options here too.
        ...(oauth ? { ...oauth.appOptions, installerOptions: { clientOptions, ...oauth.appOptions.installerOptions } } : {}),
      });
  const app = new App({
    ...(oauth ? {} : { token: config.SLACK_BOT_TOKEN }),
    receiver,
    logger,
    clientOptions,
    // Single token: one auth.test, awaited by init() below, its bot ids reused for every request.
    // Installed: each request is authorized from its workspace's stored installation.
    deferInitialization: true,
    convoStore: false,
  });
  const users = new UserDirectory(app.client, log);
  dojo.attach(PLATFORM, oauth?.port ?? new SlackPort(app.client, pacer));
  // Bolt hands each listener a client with the delivery's own token (pooled per token).
  const ports = new WeakMap<webApi.WebClient, SlackPort>();
  const portOf = (client: webApi.WebClient): SlackPort => {
    let port = ports.get(client);
    if (!port) ports.set(client, (port = new SlackPort(client, pacer)));
    return port;
  };
  const via = (client: webApi.WebClient) => ({ client, port: portOf(client) });

  async function sendPrivate(target: ReplyTarget, posts: SlackPost[], uses: { n: number }): Promise<void> {
    for (const post of posts) {
      if (await target.ack?.carry(post)) continue;
      if (target.respond && uses.n < RESPONSE_URL_USES) {
        uses.n++;
        try {
          await target.respond({ response_type: 'ephemeral', replace_original: false, text: post.text, blocks: post.blocks });
          continue;
        } catch (err) {
          log.warn({ adapter: 'slack', err: message(err) }, 'response_url failed; sending an ephemeral message instead');
        }
      }
      await target.port.sendPrivately(target.channel, target.userId, [post], target.threadTs);
    }
  }

  // Work that follows an ack (replies, name look-ups) runs detached, so the ack is not held up;
  // stop() waits for it.
  const detached = new Set<Promise<void>>();
  const later = (what: string, refs: object, fn: () => Promise<void>) => {
    const p: Promise<void> = fn()
      .catch((err: unknown) => log.warn({ ...refs, err: message(err) }, `${what} failed`))
      .finally(() => detached.delete(p));
    detached.add(p);
  };

  async function deliver(reply: Reply, target: ReplyTarget, posts: SlackPost[]): Promise<void> {
    const uses = { n: 0 };
    if (reply.form) {
      if (target.triggerId) {
        await target.client.views.open({
          trigger_id: target.triggerId,
          view: renderForm(reply.form, { channel: target.channel, formId: reply.form.formId }),
        });
      } else {
        await sendPrivate(target, renderMessage({ text: 'Please use the button on the question to open the form.' }), uses);
      }
    }
    await sendPrivate(target, posts, uses);
  }

  /**
   * Hands one delivery to the core and acknowledges it only once it is durable: events are
   * acked by Bolt when this returns (processBeforeResponse), commands and interactions race
   * the core against the ack budget and, when it runs out, store the delivery with `accept`
   * before acking. Replies go after the ack. Never throws; an interaction's ack always goes.
   */
  async function dispatch(draft: Draft | undefined, target: Omit<ReplyTarget, 'userId'>): Promise<void> {
    const started = performance.now();
    try {
      await handOver(draft, target);
    } finally {
      await target.ack?.empty();
      // Commands and interactions are acked by now; events when this listener returns (processBeforeResponse).
      if (draft) cfg.observer?.acked?.(PLATFORM, draft.event.kind, (performance.now() - started) / 1000);
    }
  }

  async function handOver(draft: Draft | undefined, target: Omit<ReplyTarget, 'userId'>): Promise<void> {
    if (!draft) return;
    const { event } = draft;
    // Bots' messages and reactions never count; deletions are followed whoever deleted.
    if (draft.isBot && event.kind !== 'reply-deleted' && event.kind !== 'workspace-removed') return;
    const refs = { adapter: 'slack', kind: event.kind, workspace: event.workspace, channel: event.channel, deliveryId: event.deliveryId };
    const to: ReplyTarget = { ...target, userId: draft.userId };
    const fail = (err: unknown) => {
      log.error({ ...refs, err: message(err) }, 'slack delivery failed');
      if (draft.userId === SLACK_SYSTEM_USER || (!to.respond && !to.channel)) return;
      later('apology', refs, () => sendPrivate(to, renderMessage({ text: APOLOGY }), { n: 0 }));
    };
    try {
      const user = await actorOf(draft, target.client);
      const inbound = { ...event, actor: actorFrom(draft, user) } as InboundEvent;
      const respond = async (handled: Promise<Handled>): Promise<void> => {
        const reply = await handled;
        if (!user && draft.userId !== SLACK_SYSTEM_USER) later('member look-up', refs, () => refreshMember(draft, event, target.client));
        if (reply.duplicate) {
          log.debug(refs, 'duplicate slack delivery ignored');
          return;
        }
        const posts = reply.private.flatMap((m) => renderMessage(m));
        const first = reply.form ? undefined : posts[0];
        if (first && (await target.ack?.carry(first))) posts.shift();
        await target.ack?.empty();
        // A reply (or the form) that cannot reach the member is an apology, as a failure before the ack is.
        if (reply.form || posts.length) later('slack reply', refs, () => deliver(reply, to, posts).catch(fail));
      };
      const handled = dojo.handle(inbound);
      if (target.ack && !(await settlesWithin(handled, ACK_BUDGET_MS)) && inbound.deliveryId) {
        await dojo.accept(inbound);
        await target.ack.empty();
        // Return at once: in HTTP mode (processBeforeResponse) Bolt sends the ack only when this listener returns.
        later('slack delivery', refs, () => respond(handled).catch(fail));
        return;
      }
      await respond(handled);
    } catch (err) {
      fail(err);
    }
  }

  /**
   * Who acted, without a network call before the first commit: events use the name cache; a
   * member waiting on an interaction gets a look-up (admin rights fresh within a minute) while
   * the ack budget runs. A reaction from someone not cached is the one event that needs the
   * look-up first (Slack does not say whether another app's bot reacted, and a bot's reaction
   * must never become a vote), so its raw delivery is committed with `accept` before it.
   */
  async function actorOf(draft: Draft, client: webApi.WebClient): Promise<SlackUser | undefined> {
    if (draft.userId === SLACK_SYSTEM_USER) return { name: 'Slack', isAdmin: false, isBot: true };
    if (draft.interactive) return users.lookup(draft.userId, { forAdmin: true, fallbackName: draft.nameHint, client });
    const known = users.cached(draft.userId);
    if (known || draft.event.kind !== 'reaction-added') return known;
    const raw = { ...draft.event, actor: actorFrom(draft, undefined) } as InboundEvent;
    if (raw.deliveryId) await dojo.accept(raw);
    return users.lookup(draft.userId, { fallbackName: draft.nameHint, client });
  }

  const actorFrom = (draft: Draft, user: SlackUser | undefined) => ({
    ref: slackUserRef(draft.userId),
    // Empty: not known yet; the core keeps the name it has (or the id) until member-seen says more.
    name: user?.name ?? draft.nameHint ?? '',
    isBot: draft.isBot || Boolean(user?.isBot),
    isPlatformAdmin: user?.isAdmin ?? false,
  });

  async function refreshMember(draft: Draft, event: Draft['event'], client: webApi.WebClient): Promise<void> {
    const user = await users.lookup(draft.userId, { fallbackName: draft.nameHint, client });
    const { deliveryId: _unused, ...rest } = event;
    await dojo.handle({ ...rest, kind: 'member-seen', actor: actorFrom(draft, user) } as InboundEvent);
  }

  // Any slash command the manifest routes here is /dojo (a workspace may rename it).
  // Private replies go to the delivery's response_url over node:http (see response-url.ts), not Bolt's fetch-based respond().
  const respondVia = (url: unknown): Responder | undefined => {
    if (typeof url !== 'string' || !url) return undefined;
    try {
      return responder(url);
    } catch (err) {
      log.warn({ adapter: 'slack', err: message(err) }, 'unusable response_url; replying with an ephemeral message instead');
      return undefined;
    }
  };

  app.command(/.*/, async ({ ack, body, client, context }) => {
    const b = body as unknown as CommandBody & { response_url?: string };
    const commandAck = new CommandAck(ack as CommandAckFn, log);
    const workspace = slackWorkspaceId(context as SlackIds);
    if (!workspace) {
      await ack();
      return;
    }
    await dispatch(draftFromCommand(b, workspace), {
      ...via(client),
      channel: b.channel_id,
      triggerId: b.trigger_id,
      respond: respondVia(b.response_url),
      ack: commandAck,
    });
  });

  type InteractionBody = ActionBody & { trigger_id?: string; response_url?: string };
  /** A button press or message shortcut: replies in its thread, forms on its trigger, the ack never carries a reply. */
  const dispatchInteraction = (b: InteractionBody, draft: Draft | undefined, client: webApi.WebClient, ack: unknown) =>
    dispatch(draft, {
      ...via(client),
      channel: draft?.event.channel,
      threadTs: draft?.threadTs,
      triggerId: b.trigger_id,
      respond: respondVia(b.response_url),
      ack: new CommandAck(ack as CommandAckFn, log, { carries: false }),
    });

  app.action(/.*/, async ({ ack, body, action, client, context }) => {
    if (body.type !== 'block_actions') {
      await ack();
      return;
    }
    const b = body as unknown as InteractionBody;
    await dispatchInteraction(b, draftFromAction(b, action as unknown as ActionItem, slackWorkspaceId(context as SlackIds)), client, ack);
  });

  app.shortcut({ type: 'message_action', callback_id: REVIEW_SHORTCUT }, async ({ ack, body, client, context }) => {
    const b = body as unknown as InteractionBody;
    await dispatchInteraction(b, draftFromShortcut(b, slackWorkspaceId(context as SlackIds)), client, ack);
  });

  app.view({ type: 'view_submission', callback_id: /.*/ }, async ({ ack, body, client, context }) => {
    const draft = draftFromView(body as unknown as ViewBody, slackWorkspaceId(context as SlackIds));
    await dispatch(draft, {
      ...via(client),
      channel: draft?.event.channel,
      ack: new CommandAck(ack as CommandAckFn, log, { carries: false }),
    });
  });

  app.event(/.*/, async ({ body, context, client }) => {
    const workspace = slackWorkspaceId(context as SlackIds);
    const bot = { botUserId: context.botUserId, botId: context.botId };
    const draft = draftFromEvent(body as EventBody, workspace, bot, (id) => users.cachedName(id));
    if (oauth && workspace && !(await stillInstalled(body as EventBody, workspace))) return;
    await dispatch(draft, { ...via(client), channel: draft?.event.channel, threadTs: draft?.threadTs });
  });

  /**
   * Bolt skips authorization for app_uninstalled and tokens_revoked, so these come even from a
   * workspace with no installation: those are ignored, nothing written. A tokens_revoked that
   * names only user tokens drops those and leaves the workspace installed.
   */
  async function stillInstalled(body: EventBody, workspace: string): Promise<boolean> {
    const type = body.event?.type;
    if (type !== 'app_uninstalled' && type !== 'tokens_revoked') return true;
    const ref = teamRef(workspace);
    if (!(await dojo.installation(PLATFORM, ref))) {
      log.info({ adapter: 'slack', workspace, event: type }, 'lifecycle event for a workspace without an installation ignored');
      return false;
    }
    const revoked = body.event?.tokens;
    if (type === 'tokens_revoked' && !revoked?.bot?.length && revoked?.oauth?.length)
      await oauth!.store.revokeUserTokens(ref, revoked.oauth);
    return true;
  }

  app.error(async (err) => {
    // A request from a workspace without an installation (uninstalled, or never installed) is expected.
    if ((err as { code?: string }).code === 'slack_bolt_authorization_error')
      log.warn({ adapter: 'slack', err: message(err) }, 'slack request from a workspace without an installation ignored');
    else log.error({ adapter: 'slack', err: message(err) }, 'bolt error');
  });

  // No new deliveries, then the replies already under way. Bolt's stop waits for every open
  // connection to close, so a client that holds one (a request whose body never ends, a poller on
  // keep-alive) would keep the process running: requests under way get until Slack's own deadline,
  // then the connections left are ended (an unacknowledged delivery is retried by Slack).
  async function stopApp(server?: Server): Promise<void> {
    const cut = server ? setTimeout(() => server.closeAllConnections(), ACK_DEADLINE_MS) : undefined;
    await app.stop();
    clearTimeout(cut);
    while (detached.size) await Promise.all([...detached]);
  }

  await app.init();
  if ('client' in receiver) {
    let connected = false;
    const socket = receiver.client;
    socket.on('connected', () => void (connected = true));
    for (const down of ['close', 'reconnecting', 'disconnecting', 'disconnected']) socket.on(down, () => void (connected = false));
    await app.start();
    connected = true;
    log.info({ adapter: 'slack', mode: 'socket' }, 'slack ready (socket mode connected)');
    return { mode: 'socket', notReady: () => (connected ? undefined : 'socket mode connection is down'), stop: () => stopApp() };
  }
  const server = (await app.start(cfg.host ? { port: config.PORT, host: cfg.host } : config.PORT)) as Server;
  const bound = (server.address() as AddressInfo).port;
  log.info(
    { adapter: 'slack', mode: 'http', port: bound, install: oauth ? 'GET /slack/install' : undefined },
    oauth ? 'slack ready (http, POST /slack/events; "Add to Slack" at GET /slack/install)' : 'slack ready (http, POST /slack/events)',
  );
  return { mode: 'http', port: bound, notReady: () => undefined, stop: () => stopApp(server) };
}

/** The Web API client's fetch, counting each HTTP call (retries and 429s included) by method and status. */
function countedFetch(observer: Observer): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = url.slice(url.lastIndexOf('/') + 1).split('?')[0] ?? 'unknown';
    try {
      const res = await fetch(input, init);
      observer.call?.(PLATFORM, method, String(res.status));
      return res;
    } catch (err) {
      observer.call?.(PLATFORM, method, 'error');
      throw err;
    }
  };
}

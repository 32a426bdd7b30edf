import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { App as BoltApp, LogLevel, Logger as BoltLogger, webApi } from '@slack/bolt';
import type { Dojo, Handled, InboundEvent, Logger, Reply } from '../../src/core/index.js';
import {
  draftFromAction,
  draftFromCommand,
  draftFromEvent,
  draftFromView,
  SLACK_SYSTEM_USER,
  type ActionBody,
  type ActionItem,
  type CommandBody,
  type Draft,
  type EventBody,
  type ViewBody,
} from './events.js';
import { SlackPort } from './port.js';
import { PLATFORM, slackUserRef } from './refs.js';
import { renderForm, renderMessage, type SlackPost } from './render.js';
import { settlesWithin } from '../shared/settles-within.js';
import { ACK_BUDGET_MS, CommandAck, type CommandAckFn } from './command-ack.js';
import { responder, type Responder } from './response-url.js';
import { type SlackUser, UserDirectory } from './users.js';

// Bolt's own App module rather than the package index, which also loads the Express, AWS Lambda
// and OAuth receivers this adapter never uses (about 90 ms of every start).
const { default: App } = createRequire(import.meta.url)('@slack/bolt/dist/App.js') as { default: typeof BoltApp };

/** The environment the adapter reads (a subset of the app's validated config). */
export interface SlackSettings {
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
  /** HTTP mode: more routes served on the same port (the web dashboard's), as Bolt's `customRoutes`. */
  customRoutes?: { path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void }[];
  /** Socket Mode: ping timeout, which is also the pause before a reconnect (Slack's default 5 s). */
  socketPingTimeoutMs?: number;
}

/** A started adapter. `port` is the bound HTTP port (HTTP mode), useful with PORT=0. */
export interface RunningSlack {
  mode: 'http' | 'socket';
  port?: number;
  stop(): Promise<void>;
}

/** Where a reply to one delivery goes. */
interface ReplyTarget {
  userId: string;
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

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Bolt's logger interface over the app's logger; library lines carry `lib: 'bolt'`. */
function boltLogger(log: Logger): BoltLogger {
  const configured = (log as { level?: string }).level;
  let level = (configured === 'debug' || configured === 'trace' ? 'debug' : 'info') as LogLevel;
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : safeJson(a))).join(' ');
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
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is required for the Slack adapter');
  const logger = boltLogger(log);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: RETRY_CONFIG,
    timeout: REQUEST_TIMEOUT_MS,
  };
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const receiver = socketMode
    ? new (await import('./durable-socket-receiver.js')).DurableSocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN!,
        logger,
        ...(cfg.socketPingTimeoutMs ? { clientPingTimeout: cfg.socketPingTimeoutMs } : {}),
        // Reconnecting (apps.connections.open) keeps the Socket Mode client's own long retry policy.
        installerOptions: { clientOptions: { ...clientOptions, retryConfig: undefined } },
      })
    : undefined;
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    // processBeforeResponse: Slack hears "received" only once the listener has committed (see dispatch).
    ...(receiver
      ? { receiver }
      : { signingSecret: config.SLACK_SIGNING_SECRET, port: config.PORT, processBeforeResponse: true, customRoutes: cfg.customRoutes }),
    logger,
    clientOptions,
    // One auth.test, awaited by init() below; its bot ids are then reused for every request.
    deferInitialization: true,
    convoStore: false,
  });
  const client = app.client;
  const port = new SlackPort(client);
  const users = new UserDirectory(client, log);
  dojo.attach(PLATFORM, port);

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
      await port.sendPrivately(target.channel, target.userId, [post], target.threadTs);
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
        await client.views.open({
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
    try {
      await handOver(draft, target);
    } finally {
      await target.ack?.empty();
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
      const user = await actorOf(draft);
      const inbound = { ...event, actor: actorFrom(draft, user) } as InboundEvent;
      const respond = async (handled: Promise<Handled>): Promise<void> => {
        const reply = await handled;
        if (!user && draft.userId !== SLACK_SYSTEM_USER) later('member look-up', refs, () => refreshMember(draft, event));
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
  async function actorOf(draft: Draft): Promise<SlackUser | undefined> {
    if (draft.userId === SLACK_SYSTEM_USER) return { name: 'Slack', isAdmin: false, isBot: true };
    if (draft.interactive) return users.lookup(draft.userId, { forAdmin: true, fallbackName: draft.nameHint });
    const known = users.cached(draft.userId);
    if (known || draft.event.kind !== 'reaction-added') return known;
    const raw = { ...draft.event, actor: actorFrom(draft, undefined) } as InboundEvent;
    if (raw.deliveryId) await dojo.accept(raw);
    return users.lookup(draft.userId, { fallbackName: draft.nameHint });
  }

  const actorFrom = (draft: Draft, user: SlackUser | undefined) => ({
    ref: slackUserRef(draft.userId),
    // Empty: not known yet; the core keeps the name it has (or the id) until member-seen says more.
    name: user?.name ?? draft.nameHint ?? '',
    isBot: draft.isBot || Boolean(user?.isBot),
    isPlatformAdmin: user?.isAdmin ?? false,
  });

  async function refreshMember(draft: Draft, event: Draft['event']): Promise<void> {
    const user = await users.lookup(draft.userId, { fallbackName: draft.nameHint });
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

  app.command(/.*/, async ({ ack, body }) => {
    const b = body as unknown as CommandBody & { response_url?: string };
    const commandAck = new CommandAck(ack as CommandAckFn, log);
    await dispatch(draftFromCommand(b), {
      channel: b.channel_id,
      triggerId: b.trigger_id,
      respond: respondVia(b.response_url),
      ack: commandAck,
    });
  });

  app.action(/.*/, async ({ ack, body, action }) => {
    if (body.type !== 'block_actions') {
      await ack();
      return;
    }
    const b = body as unknown as ActionBody & { trigger_id?: string; response_url?: string };
    const draft = draftFromAction(b, action as unknown as ActionItem);
    await dispatch(draft, {
      channel: draft?.event.channel,
      threadTs: draft?.threadTs,
      triggerId: b.trigger_id,
      respond: respondVia(b.response_url),
      ack: new CommandAck(ack as CommandAckFn, log, { carries: false }),
    });
  });

  app.view({ type: 'view_submission', callback_id: /.*/ }, async ({ ack, body }) => {
    const draft = draftFromView(body as unknown as ViewBody);
    await dispatch(draft, { channel: draft?.event.channel, ack: new CommandAck(ack as CommandAckFn, log, { carries: false }) });
  });

  app.event(/.*/, async ({ body, context }) => {
    const draft = draftFromEvent(body as EventBody, { botUserId: context.botUserId, botId: context.botId }, (id) => users.cachedName(id));
    await dispatch(draft, { channel: draft?.event.channel, threadTs: draft?.threadTs });
  });

  app.error(async (err) => {
    log.error({ adapter: 'slack', err: message(err) }, 'bolt error');
  });

  // No new deliveries, then the replies already under way.
  async function stopApp(): Promise<void> {
    await app.stop();
    while (detached.size) await Promise.all([...detached]);
  }

  await app.init();
  if (socketMode) {
    await app.start();
    log.info({ adapter: 'slack', mode: 'socket' }, 'slack ready (socket mode connected)');
    return { mode: 'socket', stop: () => stopApp() };
  }
  const server = (await app.start(cfg.host ? { port: config.PORT, host: cfg.host } : config.PORT)) as Server;
  const bound = (server.address() as AddressInfo).port;
  log.info({ adapter: 'slack', mode: 'http', port: bound }, 'slack ready (http, POST /slack/events)');
  return { mode: 'http', port: bound, stop: () => stopApp() };
}

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type webApi } from '@slack/bolt';
import type { Dojo, InboundEvent, Logger, Reply } from '../../src/core/index.js';
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
import { CommandAck, type CommandAckFn } from './command-ack.js';
import { responder, type Responder } from './response-url.js';
import { UserDirectory } from './users.js';

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
  let level = configured === 'debug' || configured === 'trace' ? LogLevel.DEBUG : LogLevel.INFO;
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
    ? new SocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN!,
        logger,
        ...(cfg.socketPingTimeoutMs ? { clientPingTimeout: cfg.socketPingTimeoutMs } : {}),
        // Reconnecting (apps.connections.open) keeps the Socket Mode client's own long retry policy.
        installerOptions: { clientOptions: { ...clientOptions, retryConfig: undefined } },
      })
    : undefined;
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    ...(receiver ? { receiver } : { signingSecret: config.SLACK_SIGNING_SECRET, port: config.PORT }),
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

  async function deliver(reply: Reply, target: ReplyTarget): Promise<void> {
    const uses = { n: 0 };
    if (reply.form) {
      if (target.triggerId) {
        await target.ack?.empty();
        await client.views.open({
          trigger_id: target.triggerId,
          view: renderForm(reply.form, { channel: target.channel, formId: reply.form.formId }),
        });
      } else {
        await sendPrivate(target, renderMessage({ text: 'Please use the button on the question to open the form.' }), uses);
      }
    }
    for (const m of reply.private) await sendPrivate(target, renderMessage(m), uses);
  }

  /** Looks up the actor, hands the event to the core, delivers the reply; never throws. A command's ack always goes. */
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
    try {
      const user =
        draft.userId === SLACK_SYSTEM_USER
          ? { name: 'Slack', isAdmin: false, isBot: true }
          : await users.lookup(draft.userId, { forAdmin: draft.needsAdmin, fallbackName: draft.nameHint });
      const actor = { ref: slackUserRef(draft.userId), name: user.name, isBot: draft.isBot || user.isBot, isPlatformAdmin: user.isAdmin };
      const inbound = { ...event, actor } as InboundEvent;
      // A command answered at once has its reply carried by the ack; otherwise the ack goes first.
      let reply = target.ack ? dojo.handleNow(inbound) : undefined;
      if (!reply) {
        await target.ack?.empty();
        reply = await dojo.handle(inbound);
      }
      if (reply.duplicate) {
        log.debug(refs, 'duplicate slack delivery ignored');
        return;
      }
      await deliver(reply, to);
    } catch (err) {
      log.error({ ...refs, err: message(err) }, 'slack delivery failed');
      if (draft.userId === SLACK_SYSTEM_USER || (!to.respond && !to.channel)) return;
      await sendPrivate(to, renderMessage({ text: APOLOGY }), { n: 0 }).catch((e: unknown) =>
        log.warn({ ...refs, err: message(e) }, 'apology failed'),
      );
    }
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
    await ack();
    if (body.type !== 'block_actions') return;
    const b = body as unknown as ActionBody & { trigger_id?: string; response_url?: string };
    const draft = draftFromAction(b, action as unknown as ActionItem);
    await dispatch(draft, {
      channel: draft?.event.channel,
      threadTs: draft?.threadTs,
      triggerId: b.trigger_id,
      respond: respondVia(b.response_url),
    });
  });

  app.view({ type: 'view_submission', callback_id: /.*/ }, async ({ ack, body }) => {
    await ack();
    const draft = draftFromView(body as unknown as ViewBody);
    await dispatch(draft, { channel: draft?.event.channel });
  });

  app.event(/.*/, async ({ body, context }) => {
    const draft = draftFromEvent(body as EventBody, { botUserId: context.botUserId, botId: context.botId }, (id) => users.cachedName(id));
    await dispatch(draft, { channel: draft?.event.channel, threadTs: draft?.threadTs });
  });

  app.error(async (err) => {
    log.error({ adapter: 'slack', err: message(err) }, 'bolt error');
  });

  await app.init();
  if (socketMode) {
    await app.start();
    log.info({ adapter: 'slack', mode: 'socket' }, 'slack ready (socket mode connected)');
    return { mode: 'socket', stop: () => app.stop().then(() => undefined) };
  }
  const server = (await app.start(cfg.host ? { port: config.PORT, host: cfg.host } : config.PORT)) as Server;
  const bound = (server.address() as AddressInfo).port;
  log.info({ adapter: 'slack', mode: 'http', port: bound }, 'slack ready (http, POST /slack/events)');
  return { mode: 'http', port: bound, stop: () => app.stop().then(() => undefined) };
}

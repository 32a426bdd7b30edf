import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { App, HTTPReceiver as BoltHTTPReceiver, HTTPReceiverOptions, Logger } from '@slack/bolt';
import { REVIEW_SHORTCUT } from './events.js';

// Bolt's own module rather than the package index (see app.ts).
const { default: HTTPReceiver } = createRequire(import.meta.url)('@slack/bolt/dist/receivers/HTTPReceiver.js') as {
  default: typeof BoltHTTPReceiver;
};

type ReceiverEvent = Parameters<App['processEvent']>[0];

// Slack's replay window (api.slack.com/authentication/verifying-requests-from-slack); Bolt checks only the past side.
const TIMESTAMP_WINDOW_S = 5 * 60;
// The two bodies Slack sends: events as JSON, commands and interactions as a form.
const MEDIA_TYPES = new Set(['application/json', 'application/x-www-form-urlencoded']);
// Bolt's default endpoint; other routes on the same server (install pages) are not Slack deliveries.
const EVENT_PATHS = new Set(['/slack/events']);

/**
 * Why a request must be refused before Bolt reads its body, or undefined. A timestamp more than
 * five minutes ahead is refused like a stale one (a captured request must not be replayable
 * later); any other media type is never parsed as JSON.
 */
export function refusal(req: IncomingMessage, nowMs = Date.now()): { status: 401 | 415; why: string } | undefined {
  if (req.method !== 'POST' || !EVENT_PATHS.has((req.url ?? '').split('?')[0]!)) return undefined;
  const stamp = Number(req.headers['x-slack-request-timestamp']);
  if (Number.isFinite(stamp) && stamp > Math.floor(nowMs / 1000) + TIMESTAMP_WINDOW_S) {
    return { status: 401, why: 'request timestamp more than five minutes in the future' };
  }
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (!MEDIA_TYPES.has(type)) return { status: 415, why: `unsupported content type ${JSON.stringify(type.slice(0, 60))}` };
  return undefined;
}

/**
 * The kind of a signed body that no listener of this app takes, or undefined when one does:
 * events, slash commands, button and select presses, form submissions, the "Review answer" message
 * shortcut. Anything else (a closed form, other shortcuts, a press with no action, types Slack adds later) is acknowledged at once, or
 * Bolt would answer 404 after three seconds and log an error for a request that was fine.
 */
export function unusedKind(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'not an object';
  const b = body as { type?: unknown; command?: unknown; actions?: unknown; callback_id?: unknown };
  if (typeof b.command === 'string') return undefined;
  if (b.type === 'message_action' && b.callback_id === REVIEW_SHORTCUT) return undefined;
  if (b.type === 'event_callback' || b.type === 'view_submission') return undefined;
  if (b.type === 'block_actions') return Array.isArray(b.actions) && b.actions.length > 0 ? undefined : 'block_actions without actions';
  return typeof b.type === 'string' ? b.type.slice(0, 60) : 'no type';
}

/** The app as a receiver sees it, with unused kinds acknowledged before Bolt routes them. */
export function screenUnused(app: App, logger: Logger): App {
  return {
    processEvent: async (event: ReceiverEvent) => {
      const kind = unusedKind(event.body);
      if (kind === undefined) return app.processEvent(event);
      logger.debug(`acknowledged a ${kind} request that this app does not use`);
      await event.ack();
    },
  } as unknown as App;
}

/** Bolt's HTTP receiver with the checks above in front of it; signature checks stay Bolt's. */
export class GuardedHTTPReceiver extends HTTPReceiver {
  private readonly guardLogger: Logger;

  constructor(opts: HTTPReceiverOptions & { logger: Logger }) {
    super(opts);
    const inner: RequestListener = this.requestListener;
    const logger = opts.logger;
    this.guardLogger = logger;
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      const refused = refusal(req);
      if (!refused) return inner(req, res);
      logger.warn(`refused a request: ${refused.why}`);
      // The body is not read; closing the connection keeps a client from sending it anyway.
      res.writeHead(refused.status, { connection: 'close' });
      res.end();
    };
  }

  override init(app: App): void {
    super.init(screenUnused(app, this.guardLogger));
  }
}

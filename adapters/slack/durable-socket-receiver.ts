import { createRequire } from 'node:module';
import type { App, SocketModeReceiver as BoltSocketModeReceiver, SocketModeReceiverOptions } from '@slack/bolt';
import { screenUnused } from './request-guards.js';

// Loaded only in Socket Mode, from Bolt's own module (see app.ts on the package index).
const { default: SocketModeReceiver } = createRequire(import.meta.url)('@slack/bolt/dist/receivers/SocketModeReceiver.js') as {
  default: typeof BoltSocketModeReceiver;
};

type ReceiverEvent = Parameters<App['processEvent']>[0];

/**
 * Socket Mode with the ack of an Events API envelope held until the listeners are done. Bolt acks
 * events before any listener runs, and Slack does not redeliver an acked envelope, so a crash in
 * between would lose it; here the adapter's listener commits first (as processBeforeResponse does
 * for HTTP). Other envelopes (commands, interactions) ack when their listener calls ack().
 */
export class DurableSocketModeReceiver extends SocketModeReceiver {
  constructor(private readonly opts: SocketModeReceiverOptions & { logger: NonNullable<SocketModeReceiverOptions['logger']> }) {
    super(opts);
  }

  override init(whole: App): void {
    // Interactions no listener takes are acknowledged at once, as over HTTP (see request-guards.ts).
    const app = screenUnused(whole, this.opts.logger);
    super.init({
      processEvent: async (event: ReceiverEvent) => {
        const body = event.body as { type?: string };
        if (body.type !== 'event_callback') return app.processEvent(event);
        let stored: unknown;
        let acked = false;
        await app.processEvent({
          ...event,
          ack: async (response?: unknown) => {
            acked = true;
            stored = response;
          },
        });
        if (acked) await event.ack(stored as never);
      },
    } as unknown as App);
  }
}

import { createRequire } from 'node:module';
import type { App, SocketModeReceiver as BoltSocketModeReceiver, SocketModeReceiverOptions } from '@slack/bolt';

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
  constructor(opts: SocketModeReceiverOptions) {
    super(opts);
  }

  override init(app: App): void {
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

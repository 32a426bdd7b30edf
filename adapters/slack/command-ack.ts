import type { Logger } from '../../src/core/index.js';
import type { SlackPost } from './render.js';

/** Bolt's ack for a slash command or interaction: empty, or with a message Slack shows the member privately. */
export type CommandAckFn = (response?: { response_type: 'ephemeral'; text: string; blocks?: unknown[] }) => Promise<void>;

// Slack wants the ack within 3 s; a delivery the core has not committed by then is stored with
// `accept` first, and its replies take response_url.
export const ACK_BUDGET_MS = 1_500;

/**
 * The ack of one interactive delivery, sent once. A slash command's ack can carry its first
 * private reply (Slack shows the body to the member), which saves a response_url request;
 * other interactions ack empty.
 */
export class CommandAck {
  private sent = false;
  private readonly carries: boolean;

  constructor(
    private readonly ack: CommandAckFn,
    private readonly log: Logger,
    opts: { carries?: boolean } = {},
  ) {
    this.carries = opts.carries ?? true;
  }

  /** Acks with `post` if the ack has not gone yet; false when it has (send `post` another way). */
  async carry(post: SlackPost): Promise<boolean> {
    if (!this.carries || !this.claim()) return false;
    await this.ack({ response_type: 'ephemeral', text: post.text, blocks: post.blocks });
    return true;
  }

  /** Acks with no message, unless the ack has gone already. */
  async empty(): Promise<void> {
    if (!this.claim()) return;
    await this.ack().catch((err: unknown) =>
      this.log.warn({ adapter: 'slack', err: err instanceof Error ? err.message : String(err) }, 'ack failed'),
    );
  }

  private claim(): boolean {
    if (this.sent) return false;
    this.sent = true;
    return true;
  }
}

import type { Logger } from '../../src/core/index.js';
import type { SlackPost } from './render.js';

/** Bolt's ack for a slash command: empty, or with a message Slack shows the member privately. */
export type CommandAckFn = (response?: { response_type: 'ephemeral'; text: string; blocks?: unknown[] }) => Promise<void>;

// Slack wants the ack within 3 s; what is not ready by then goes through response_url.
export const ACK_BUDGET_MS = 1_500;

/**
 * The ack of one slash command, carrying the command's first private reply when the core has it
 * within the budget. Slack shows an ack's body to the member as an ephemeral message, so a quick
 * command (most are database work) costs no response_url request and reaches the member sooner.
 * When the budget runs out first, the ack goes empty and the replies take the usual way.
 */
export class CommandAck {
  private sent = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly ack: CommandAckFn,
    private readonly log: Logger,
    budgetMs = ACK_BUDGET_MS,
  ) {
    this.timer = setTimeout(() => void this.empty(), budgetMs);
  }

  /** Acks with `post` if the ack has not gone yet; false when it has (send `post` another way). */
  async carry(post: SlackPost): Promise<boolean> {
    if (!this.claim()) return false;
    await this.ack({ response_type: 'ephemeral', text: post.text, blocks: post.blocks });
    return true;
  }

  /** Acks with no message, unless the ack has gone already. */
  async empty(): Promise<void> {
    if (!this.claim()) return;
    await this.ack().catch((err: unknown) =>
      this.log.warn({ adapter: 'slack', err: err instanceof Error ? err.message : String(err) }, 'command ack failed'),
    );
  }

  private claim(): boolean {
    if (this.sent) return false;
    this.sent = true;
    clearTimeout(this.timer);
    return true;
  }
}

import type { webApi } from '@slack/bolt';
import type { ChannelRef, ChatPort, MessageRef, NeutralMessage, UserRef, WorkspaceRef } from '../../src/core/index.js';
import { parseMessageRef, slackMessageRef } from './refs.js';
import { renderHome, renderMessage, type SlackPost } from './render.js';

/** The message metadata event type that carries a post's marker, for `findPosted`. */
export const POST_EVENT_TYPE = 'dojo_post';

/** Ephemeral failures that mean "this user cannot get an ephemeral here", so a DM is the fallback. */
const NO_EPHEMERAL = new Set(['channel_not_found', 'not_in_channel', 'user_not_in_channel', 'is_archived', 'cannot_dm_bot']);

const errorCode = (err: unknown) => (err as { data?: { error?: string } } | undefined)?.data?.error;

/**
 * Spaces chat.postMessage calls per channel. Slack allows about one message per second per
 * channel with short bursts tolerated (api.slack.com/methods/chat.postMessage#rate_limiting),
 * so a burst of a few posts goes out at once and longer runs are spread out instead of
 * collecting 429s. Posts to one channel also keep their order.
 */
export class ChannelPacer {
  private readonly buckets = new Map<string, { tokens: number; at: number; chain: Promise<void> }>();

  constructor(
    private readonly burst = 4,
    private readonly perSecond = 1,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when the next post to `channel` may go out. */
  wait(channel: string): Promise<void> {
    const bucket = this.buckets.get(channel) ?? { tokens: this.burst, at: this.now(), chain: Promise.resolve() };
    this.buckets.set(channel, bucket);
    bucket.chain = bucket.chain.then(async () => {
      const t = this.now();
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((t - bucket.at) / 1000) * this.perSecond);
      bucket.at = t;
      if (bucket.tokens < 1) {
        await new Promise((r) => setTimeout(r, ((1 - bucket.tokens) / this.perSecond) * 1000));
        bucket.tokens = 1;
        bucket.at = this.now();
      }
      bucket.tokens -= 1;
    });
    return bucket.chain;
  }
}

/**
 * The core's ChatPort over the Slack Web API. Long messages become several posts (the first
 * one's ref is returned); a post with a marker stores it in message metadata so a crash between
 * posting and recording can be healed by `findPosted` instead of posting twice.
 */
export class SlackPort implements ChatPort {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly pacer = new ChannelPacer(),
  ) {}

  /** Posts to a channel: `chat.postMessage`. */
  postMessage(channel: ChannelRef, message: NeutralMessage): Promise<MessageRef> {
    return this.post(channel, undefined, message);
  }

  /** Posts in the thread of `thread`: `chat.postMessage` with `thread_ts`. */
  replyInThread(channel: ChannelRef, thread: MessageRef, message: NeutralMessage): Promise<MessageRef> {
    const parsed = parseMessageRef(thread);
    if (!parsed) throw new Error(`not a Slack message ref: ${thread}`);
    return this.post(channel, parsed.ts, message);
  }

  private async post(channel: string, threadTs: string | undefined, message: NeutralMessage): Promise<MessageRef> {
    let first: MessageRef | undefined;
    for (const post of renderMessage(message)) {
      await this.pacer.wait(channel);
      const res = await this.client.chat.postMessage({
        channel,
        text: post.text,
        blocks: post.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
        ...(!first && message.marker ? { metadata: { event_type: POST_EVENT_TYPE, event_payload: { marker: message.marker } } } : {}),
      });
      first ??= slackMessageRef(res.channel ?? channel, res.ts!);
    }
    return first!;
  }

  /** Replaces a posted message: `chat.update` (the first post of a split message). */
  async updateMessage(ref: MessageRef, message: NeutralMessage): Promise<void> {
    const parsed = parseMessageRef(ref);
    if (!parsed) throw new Error(`not a Slack message ref: ${ref}`);
    const [post] = renderMessage(message);
    await this.client.chat.update({ channel: parsed.channel, ts: parsed.ts, text: post!.text, blocks: post!.blocks });
  }

  /** An ephemeral message in the channel when there is one, else a direct message. */
  async tellPrivately(channel: ChannelRef | undefined, user: UserRef, message: NeutralMessage): Promise<void> {
    await this.sendPrivately(channel, user, renderMessage(message));
  }

  /**
   * Sends rendered posts only `user` sees: `chat.postEphemeral` (in the thread when given),
   * falling back to a DM (`conversations.open` + `chat.postMessage`) when the user cannot get one there.
   */
  async sendPrivately(channel: string | undefined, user: string, posts: SlackPost[], threadTs?: string): Promise<void> {
    let rest = posts;
    if (channel) {
      try {
        for (const post of posts) {
          await this.client.chat.postEphemeral({
            channel,
            user,
            text: post.text,
            blocks: post.blocks,
            ...(threadTs ? { thread_ts: threadTs } : {}),
          });
          rest = rest.slice(1);
        }
        return;
      } catch (err) {
        if (!NO_EPHEMERAL.has(errorCode(err) ?? '')) throw err;
      }
    }
    const opened = await this.client.conversations.open({ users: user });
    const dm = opened.channel?.id;
    if (!dm) throw new Error('conversations.open returned no channel');
    for (const post of rest) await this.client.chat.postMessage({ channel: dm, text: post.text, blocks: post.blocks, unfurl_links: false });
  }

  /** Looks for a recent post carrying `marker` in its metadata: `conversations.history`. */
  async findPosted(channel: ChannelRef, { marker }: NeutralMessage & { marker: string }): Promise<MessageRef | undefined> {
    const res = await this.client.conversations.history({ channel, limit: 100, include_all_metadata: true });
    const hit = res.messages?.find(
      (m) =>
        m.metadata?.event_type === POST_EVENT_TYPE && (m.metadata.event_payload as { marker?: unknown } | undefined)?.marker === marker,
    );
    return hit?.ts ? slackMessageRef(channel, hit.ts) : undefined;
  }

  /** Publishes the member's App Home: `views.publish`. */
  async publishHome(_workspace: WorkspaceRef, user: UserRef, view: NeutralMessage[]): Promise<void> {
    await this.client.views.publish({ user_id: user, view: renderHome(view) });
  }
}

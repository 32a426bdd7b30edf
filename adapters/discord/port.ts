import { createHash } from 'node:crypto';
import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, Routes, ThreadAutoArchiveDuration } from 'discord.js';
import type { Client, Message, SendableChannels } from 'discord.js';
import {
  clip,
  type ChannelRef,
  type ChatPort,
  type Logger,
  type MessageRef,
  type NeutralMessage,
  type UserRef,
} from '../../src/core/index.js';
import { rewriteAdminCommands } from './commands.js';
import { mustParse, parseMessageRef, toMessageRef } from './refs.js';
import { footerHasMarker, renderEdit, renderMessage, type RenderOptions } from './render.js';

/** Thread names are at most 100 characters (Discord channel name limit). */
const THREAD_NAME_MAX = 100;
/** Message nonces are at most 25 characters. */
const NONCE_MAX = 25;
/** How far back findPosted looks: one page of channel history. */
const HISTORY_PAGE = 50;

/** Whether an error is a Discord API error with this JSON error code (e.g. 160004). */
export const isDiscordCode = (err: unknown, code: number) => err instanceof DiscordAPIError && err.code === code;

/** A nonce Discord uses to return the existing message when a post with the same marker is retried. */
const nonceFor = (marker: string) =>
  marker.length <= NONCE_MAX ? marker : createHash('sha256').update(marker).digest('base64url').slice(0, NONCE_MAX);

/**
 * The ChatPort on Discord. Messages are channel messages; a round question gets a public
 * thread started on it (the thread has the question message's id), where replies and the
 * close summary go. Private messages outside an interaction become DMs. There is no home view.
 */
export class DiscordPort implements ChatPort {
  readonly renderOptions: RenderOptions;

  constructor(
    private readonly client: Client,
    private readonly log: Logger,
  ) {
    this.renderOptions = { permalink: (ref) => this.permalink(ref), rewrite: rewriteAdminCommands };
  }

  /** Posts to a channel; a post that starts a thread (a round's question) gets its answer thread. */
  async postMessage(channel: ChannelRef, message: NeutralMessage): Promise<MessageRef> {
    const target = await this.sendable(channel);
    const [first] = await this.sendAll(target, message);
    if (message.startsThread) await this.startThreadOrLater(target.id, first!.id, message.title ?? 'Answers');
    return toMessageRef(target.id, first!.id);
  }

  /** Replies in the thread hanging from `thread`, starting that thread when it does not exist yet. */
  async replyInThread(_channel: ChannelRef, thread: MessageRef, message: NeutralMessage): Promise<MessageRef> {
    const { channelId, messageId: threadId } = mustParse(thread);
    let target = this.client.channels.cache.get(threadId) ?? (await this.existing(threadId));
    if (!target?.isSendable()) {
      await this.startThread(channelId, threadId, message.title ?? 'Discussion');
      target = await this.sendable(threadId);
    }
    const [first] = await this.sendAll(target as SendableChannels, message);
    return toMessageRef(threadId, first!.id);
  }

  /** Edits a posted message in place (one message: a longer text is cut at the first part). */
  async updateMessage(ref: MessageRef, message: NeutralMessage): Promise<void> {
    const { channelId, messageId } = mustParse(ref);
    const target = await this.sendable(channelId);
    await target.messages.edit(messageId, renderEdit(message, this.renderOptions));
  }

  /** Discord has no ephemeral message outside an interaction, so this is a DM. */
  async tellPrivately(_channel: ChannelRef | undefined, user: UserRef, message: NeutralMessage): Promise<void> {
    for (const payload of renderMessage(message, this.renderOptions)) await this.client.users.send(user, payload);
  }

  /** Finds a post of ours in recent channel history by the marker in its embed footer. */
  async findPosted(channel: ChannelRef, { marker, startsThread }: NeutralMessage & { marker: string }): Promise<MessageRef | undefined> {
    const target = await this.sendable(channel);
    const recent = await target.messages.fetch({ limit: HISTORY_PAGE });
    const found = recent.find((m) => m.author.id === this.client.user?.id && m.embeds.some((e) => footerHasMarker(e.footer?.text, marker)));
    if (!found) return undefined;
    // A crash could have come between the post and its thread.
    if (startsThread) await this.startThreadOrLater(target.id, found.id, found.embeds[0]?.title ?? 'Answers');
    return toMessageRef(target.id, found.id);
  }

  /**
   * The channel, from the cache or REST. With shards split over instances, the outbox may send to a
   * guild this instance's shards never loaded; such a channel is fetched each time, never cached.
   */
  private channel(channelId: string) {
    return this.client.channels.fetch(channelId, { allowUnknownGuild: true });
  }

  /** The channel, or undefined when Discord says there is none (a thread not started yet). */
  private async existing(channelId: string) {
    try {
      return await this.channel(channelId);
    } catch (err) {
      if (isDiscordCode(err, RESTJSONErrorCodes.UnknownChannel)) return undefined;
      throw err;
    }
  }

  private async sendable(channelId: string): Promise<SendableChannels> {
    const channel = await this.channel(channelId);
    if (!channel?.isSendable()) throw new Error(`Discord channel ${channelId} cannot take messages`);
    return channel;
  }

  private async sendAll(target: SendableChannels, message: NeutralMessage): Promise<Message[]> {
    const sent: Message[] = [];
    for (const [i, payload] of renderMessage(message, this.renderOptions).entries()) {
      const nonce = i === 0 && message.marker ? { nonce: nonceFor(message.marker), enforceNonce: true } : {};
      sent.push(await target.send({ ...payload, ...nonce }));
    }
    return sent;
  }

  /** Starts the public thread on a message; an existing one (code 160004) is fine. */
  private async startThread(channelId: string, messageId: string, title: string): Promise<void> {
    const parent = await this.channel(channelId);
    if (parent?.type !== ChannelType.GuildText && parent?.type !== ChannelType.GuildAnnouncement) return;
    try {
      // Through REST rather than the thread manager, which needs the guild in this shard's cache.
      await this.client.rest.post(Routes.threads(channelId, messageId), {
        body: { name: clip(title, THREAD_NAME_MAX), auto_archive_duration: ThreadAutoArchiveDuration.OneDay },
      });
    } catch (err) {
      if (!isDiscordCode(err, RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage)) throw err;
    }
  }

  /** The post itself succeeded, so a failed thread must not fail it: replyInThread retries. */
  private async startThreadOrLater(channelId: string, messageId: string, title: string): Promise<void> {
    try {
      await this.startThread(channelId, messageId, title);
    } catch (err) {
      this.log.warn(
        { platform: 'discord', channel: channelId, message: messageId, err: describeError(err) },
        'starting a thread failed; will retry on the first reply',
      );
    }
  }

  private permalink(ref: string): string | undefined {
    const parsed = parseMessageRef(ref);
    const channel = parsed && this.client.channels.cache.get(parsed.channelId);
    const guildId = channel && 'guildId' in channel ? channel.guildId : undefined;
    return parsed && guildId ? `https://discord.com/channels/${guildId}/${parsed.channelId}/${parsed.messageId}` : undefined;
  }
}

/** What is safe to log about an error: never request bodies (they hold member text) or tokens. */
export function describeError(err: unknown): object {
  if (err instanceof DiscordAPIError)
    return { name: err.name, code: err.code, status: err.status, method: err.method, message: err.message };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { message: String(err) };
}

import { channelRef, messageRef, userRef, workspaceRef } from '../../src/core/index.js';
import type { ChannelRef, MessageRef, UserRef, WorkspaceRef } from '../../src/core/index.js';

/** The platform name the core stores with every Discord workspace. */
export const PLATFORM = 'discord';

/** Workspace ref = guild id; channel ref = channel id; user ref = user id (raw snowflakes). */
export const guildRef = (guildId: string): WorkspaceRef => workspaceRef(guildId);
export const textChannelRef = (channelId: string): ChannelRef => channelRef(channelId);
export const memberRef = (userId: string): UserRef => userRef(userId);

/**
 * A message ref is `discord:<channelId>:<messageId>`. A message inside a thread carries the
 * thread id as its channel; a thread started from a message has that message's id.
 */
export const toMessageRef = (channelId: string, messageId: string): MessageRef => messageRef(`${PLATFORM}:${channelId}:${messageId}`);

/** Reads a message ref built by `toMessageRef`; undefined for anything else. */
export function parseMessageRef(ref: string): { channelId: string; messageId: string } | undefined {
  const m = /^discord:(\d{1,25}):(\d{1,25})$/.exec(ref);
  return m ? { channelId: m[1]!, messageId: m[2]! } : undefined;
}

/** Same as parseMessageRef but for refs the core got from this adapter, where a miss is a bug. */
export function mustParse(ref: string): { channelId: string; messageId: string } {
  const parsed = parseMessageRef(ref);
  if (!parsed) throw new Error(`not a Discord message ref: ${ref}`);
  return parsed;
}

import { channelRef, messageRef, userRef, workspaceRef } from '../../src/core/index.js';
import type { ChannelRef, MessageRef, UserRef, WorkspaceRef } from '../../src/core/index.js';

/** The platform name the core stores with every Slack workspace and delivery. */
export const PLATFORM = 'slack';

/** Workspace ref = team id; channel ref = channel id; user ref = the raw user id. */
export const teamRef = (teamId: string): WorkspaceRef => workspaceRef(teamId);
export const slackChannelRef = (channelId: string): ChannelRef => channelRef(channelId);
export const slackUserRef = (userId: string): UserRef => userRef(userId);

/** A message ref carries what the Web API needs to act on the message later: `slack:<channel>:<ts>`. */
export const slackMessageRef = (channel: string, ts: string): MessageRef => messageRef(`slack:${channel}:${ts}`);

/** Reads a ref built by `slackMessageRef`; undefined for anything else. */
export function parseMessageRef(ref: string): { channel: string; ts: string } | undefined {
  const m = /^slack:([A-Z0-9]+):(\d+\.\d+)$/i.exec(ref);
  return m ? { channel: m[1]!, ts: m[2]! } : undefined;
}

/** The workspace-independent permalink of a message (Slack redirects it to the right workspace). */
export function permalink(ref: string): string | undefined {
  const parsed = parseMessageRef(ref);
  return parsed ? `https://slack.com/archives/${parsed.channel}/p${parsed.ts.replace('.', '')}` : undefined;
}

import type { ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef } from './refs.js';
import type { NeutralMessage, Reply } from './messages.js';

/** The time source; tests and the playground advance it by hand. */
export interface Clock {
  now(): Date;
}

/** Randomness for question choice and shuffles, injected so tests are repeatable. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Whom a dashboard link is for: one member of one workspace, with or without the admin view. */
export interface DashboardGrant {
  workspaceId: number;
  memberId: number;
  isAdmin: boolean;
}

/** Hands out signed dashboard links (the web server checks them); absent when no dashboard runs. */
export interface DashboardLinks {
  /** A link for `grant`, valid from `now` until `expiresAt`. */
  linkFor(grant: DashboardGrant, now: number): { url: string; expiresAt: number };
}

/** Who did something, as the adapter saw it. */
export interface Actor {
  ref: UserRef;
  name: string;
  isBot: boolean;
  /** The platform's own admin notion (Slack admin/owner, Discord Manage Server). */
  isPlatformAdmin: boolean;
}

interface EventBase {
  platform: Platform;
  workspace: WorkspaceRef;
  workspaceName?: string;
  channel?: ChannelRef;
  channelName?: string;
  actor: Actor;
  /** Platform delivery id (Slack event_id, Discord interaction id); repeated ids are ignored. */
  deliveryId?: string;
}

/** Every inbound platform event becomes exactly one of these. */
export type InboundEvent =
  | (EventBase & { kind: 'command'; text: string })
  | (EventBase & { kind: 'reply-posted'; thread: MessageRef; message: MessageRef; text: string })
  | (EventBase & { kind: 'reply-edited'; message: MessageRef; text: string })
  | (EventBase & { kind: 'reply-deleted'; message: MessageRef })
  | (EventBase & { kind: 'reaction-added'; message: MessageRef; emoji: string })
  | (EventBase & { kind: 'reaction-removed'; message: MessageRef; emoji: string })
  | (EventBase & { kind: 'button-pressed'; actionId: string; message?: MessageRef })
  | (EventBase & { kind: 'form-submitted'; formId: string; values: Record<string, string> })
  | (EventBase & { kind: 'home-opened' })
  /** The adapter learned who the actor is (a name look-up after the delivery was handled). */
  | (EventBase & { kind: 'member-seen' })
  | (EventBase & { kind: 'workspace-removed' });

export type InboundKind = InboundEvent['kind'];

/**
 * What an adapter does for the core. Each method returns the ref it created. Features a
 * platform lacks are emulated inside the adapter, never by the core.
 */
export interface ChatPort {
  postMessage(channel: ChannelRef, message: NeutralMessage): Promise<MessageRef>;
  replyInThread(channel: ChannelRef, thread: MessageRef, message: NeutralMessage): Promise<MessageRef>;
  updateMessage(message: MessageRef, message2: NeutralMessage): Promise<void>;
  tellPrivately(channel: ChannelRef | undefined, user: UserRef, message: NeutralMessage): Promise<void>;
  /**
   * Optional: find a post of `message` by its marker after a crash between posting and recording
   * it (and finish what posting it does, such as starting its thread).
   */
  findPosted?(channel: ChannelRef, message: NeutralMessage & { marker: string }): Promise<MessageRef | undefined>;
  /** Optional: publish the member's home view (Slack App Home). */
  publishHome?(workspace: WorkspaceRef, user: UserRef, view: NeutralMessage[]): Promise<void>;
}

export type { Reply };

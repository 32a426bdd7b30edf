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

/** How one delivery ended: done, a repeat, refused with a reason, stored to handle later, or broken. */
export type DeliveryOutcome = 'handled' | 'duplicate' | 'refused' | 'accepted' | 'failed';

/**
 * What the core and the adapters report for operators' metrics. Every method is optional and
 * cheap; arguments are kinds and names from a fixed set, never member names, text or tokens.
 */
export interface Observer {
  /** One platform delivery reached the core. */
  delivery?(platform: string, kind: string, outcome: DeliveryOutcome): void;
  /** An adapter acknowledged a delivery to its platform, `seconds` after receiving it. */
  acked?(platform: string, kind: string, seconds: number): void;
  /** One HTTP call to a platform API: `method` names the endpoint without ids, `status` the HTTP status or `error`. */
  call?(platform: string, method: string, status: string): void;
  /** Scheduler decisions of one tick: slots found due, rounds posted, closed, challenges ended. */
  scheduled?(what: 'slot-due' | 'slot-posted' | 'round-closed' | 'challenge-ended', n: number): void;
  /** The outbox sent a message, will retry it, gave up, dropped it, or took it over from a sender whose lease ran out. */
  outbox?(what: 'sent' | 'retry' | 'given-up' | 'dropped' | 'taken-over', kind: string): void;
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
  /**
   * Optional: the port that speaks for one workspace (its own installation's token), for a
   * platform where each workspace installs the app; undefined when it is not installed there.
   */
  forWorkspace?(workspace: WorkspaceRef): Promise<ChatPort | undefined>;
}

export type { Reply };

import type { InboundEvent } from '../../src/core/index.js';
import { reviewMessageAction } from '../../src/core/index.js';
import { PLATFORM, slackChannelRef, slackMessageRef, teamRef } from './refs.js';
import { readFormMeta } from './render.js';

type WithoutActor<T> = T extends unknown ? Omit<T, 'actor'> : never;

/** An inbound event before its actor is looked up; `userId` is who acted. */
export interface Draft {
  event: WithoutActor<InboundEvent>;
  userId: string;
  /** The payload says a bot did it (other apps' messages; the core never counts them). */
  isBot: boolean;
  /** A member pressed, typed or submitted something and waits for the answer: admin rights are looked up fresh. */
  interactive: boolean;
  /** A name from the payload, used when users.info cannot answer. */
  nameHint?: string;
  /** Thread of the message that caused it, so private answers appear beside it. */
  threadTs?: string;
}

/** Slack user ids of the acting app's bot, from Bolt's context (auth.test at start). */
export interface BotIdentity {
  botUserId?: string;
  botId?: string;
}

/** The synthetic actor of workspace-level events that no member caused. */
export const SLACK_SYSTEM_USER = 'USLACKBOT';

const unescapeEntities = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * Slack message text → the core's neutral text: links become [label](url), mentions become
 * plain "@name" words (which the core neutralises before repeating), entities are decoded.
 */
export function fromSlackText(text: string, nameOf: (userId: string) => string | undefined = () => undefined): string {
  const converted = text.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
    if (target.startsWith('@')) return `@${label ?? nameOf(target.slice(1)) ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) {
      const special = target.slice(1).split('^')[0]!;
      return label ?? `@${special}`;
    }
    return label ? `[${label}](${target})` : target;
  });
  return unescapeEntities(converted);
}

interface SlackMessage {
  type?: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  channel?: string;
  message?: SlackMessage;
  previous_message?: SlackMessage;
  deleted_ts?: string;
  hidden?: boolean;
}

interface SlackEvent extends SlackMessage {
  reaction?: string;
  item?: { type?: string; channel?: string; ts?: string };
  tab?: string;
  /** tokens_revoked: the user ids whose user tokens (`oauth`) and bot tokens (`bot`) were revoked. */
  tokens?: { oauth?: string[]; bot?: string[] };
}

/** The envelope Bolt hands to event listeners, in both HTTP and Socket Mode. */
export interface EventBody {
  team_id?: string;
  event_id?: string;
  event?: SlackEvent;
}

// Thread replies that are answers: plain ones, ones also sent to the channel, and ones with files.
const ANSWER_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

/**
 * Maps an Events API delivery to a draft in `workspace` (see workspace-id.ts); undefined for
 * anything the core does not care about.
 */
export function draftFromEvent(
  body: EventBody,
  workspace: string | undefined,
  bot: BotIdentity,
  nameOf?: (userId: string) => string | undefined,
): Draft | undefined {
  const e = body.event;
  if (!e || !workspace) return undefined;
  const base = { platform: PLATFORM, workspace: teamRef(workspace), deliveryId: body.event_id };
  const isBotUser = (m: SlackMessage) => Boolean(m.bot_id) || (Boolean(bot.botUserId) && m.user === bot.botUserId);
  switch (e.type) {
    case 'message': {
      if (!e.channel) return undefined;
      const channel = slackChannelRef(e.channel);
      if (e.subtype === 'message_changed') {
        const m = e.message;
        if (!m?.ts || !m.user || m.text === undefined) return undefined;
        return {
          event: { ...base, channel, kind: 'reply-edited', message: slackMessageRef(e.channel, m.ts), text: fromSlackText(m.text, nameOf) },
          userId: m.user,
          isBot: isBotUser(m),
          interactive: false,
          threadTs: m.thread_ts,
        };
      }
      if (e.subtype === 'message_deleted') {
        if (!e.deleted_ts) return undefined;
        const prev = e.previous_message;
        return {
          event: { ...base, channel, kind: 'reply-deleted', message: slackMessageRef(e.channel, e.deleted_ts) },
          userId: prev?.user ?? SLACK_SYSTEM_USER,
          isBot: prev?.user ? isBotUser(prev) : true,
          interactive: false,
        };
      }
      if (!ANSWER_SUBTYPES.has(e.subtype) || !e.thread_ts || !e.ts || e.thread_ts === e.ts || !e.user) return undefined;
      return {
        event: {
          ...base,
          channel,
          kind: 'reply-posted',
          thread: slackMessageRef(e.channel, e.thread_ts),
          message: slackMessageRef(e.channel, e.ts),
          text: fromSlackText(e.text ?? '', nameOf),
        },
        userId: e.user,
        isBot: isBotUser(e),
        interactive: false,
        threadTs: e.thread_ts,
      };
    }
    case 'reaction_added':
    case 'reaction_removed': {
      const item = e.item;
      if (item?.type !== 'message' || !item.channel || !item.ts || !e.user || !e.reaction) return undefined;
      return {
        event: {
          ...base,
          channel: slackChannelRef(item.channel),
          kind: e.type === 'reaction_added' ? 'reaction-added' : 'reaction-removed',
          message: slackMessageRef(item.channel, item.ts),
          emoji: e.reaction,
        },
        userId: e.user,
        isBot: Boolean(bot.botUserId) && e.user === bot.botUserId,
        interactive: false,
      };
    }
    case 'app_home_opened':
      if (e.tab !== 'home' || !e.user) return undefined;
      // The home view shows the channel schedules to admins.
      return { event: { ...base, kind: 'home-opened' }, userId: e.user, isBot: false, interactive: false };
    case 'tokens_revoked':
      // Only the bot's token carries the workspace; revoked user tokens leave it installed.
      if (!e.tokens?.bot?.length) return undefined;
      return { event: { ...base, kind: 'workspace-removed' }, userId: SLACK_SYSTEM_USER, isBot: true, interactive: false };
    case 'app_uninstalled':
      return { event: { ...base, kind: 'workspace-removed' }, userId: SLACK_SYSTEM_USER, isBot: true, interactive: false };
    default:
      return undefined;
  }
}

/** The form Bolt hands to slash command listeners. */
export interface CommandBody {
  team_id: string;
  team_domain?: string;
  channel_id?: string;
  channel_name?: string;
  user_id: string;
  user_name?: string;
  text?: string;
  trigger_id: string;
}

/** `/dojo <text>` → a command event; Slack escapes &, <, > in the text, mention markup stays for the parser. */
export function draftFromCommand(body: CommandBody, workspace: string): Draft {
  const text = unescapeEntities(body.text ?? '');
  return {
    event: {
      platform: PLATFORM,
      workspace: teamRef(workspace),
      // An org-wide workspace spans many Slack workspaces: one of their names is not its name.
      workspaceName: workspace === body.team_id ? body.team_domain : undefined,
      channel: body.channel_id ? slackChannelRef(body.channel_id) : undefined,
      channelName: body.channel_name,
      deliveryId: `cmd:${body.trigger_id}`,
      kind: 'command',
      text,
    },
    userId: body.user_id,
    isBot: false,
    interactive: true,
    nameHint: body.user_name,
  };
}

/** The block_actions payload fields the adapter reads. */
export interface ActionBody {
  trigger_id?: string;
  team?: { id?: string; domain?: string } | null;
  user: { id: string; name?: string; username?: string; team_id?: string };
  channel?: { id?: string; name?: string };
  container?: { type?: string; message_ts?: string; channel_id?: string; thread_ts?: string; is_ephemeral?: boolean };
  message?: { ts?: string; thread_ts?: string };
}

/** One element of a block_actions payload's `actions`. */
export interface ActionItem {
  action_id: string;
  type?: string;
  selected_option?: { value?: string };
}

/** A pressed button (or a chosen select option, whose value is the action id) → button-pressed. */
export function draftFromAction(body: ActionBody, action: ActionItem, workspace: string | undefined): Draft | undefined {
  if (!workspace) return undefined;
  const actionId = action.type === 'static_select' ? action.selected_option?.value : action.action_id;
  if (!actionId) return undefined;
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const ts = body.container?.is_ephemeral ? undefined : (body.message?.ts ?? body.container?.message_ts);
  return {
    event: {
      platform: PLATFORM,
      workspace: teamRef(workspace),
      workspaceName: workspace === body.team?.id ? body.team?.domain : undefined,
      channel: channelId ? slackChannelRef(channelId) : undefined,
      channelName: body.channel?.name,
      deliveryId: `act:${body.trigger_id ?? ts ?? ''}:${action.action_id}`,
      kind: 'button-pressed',
      actionId,
      message: channelId && ts ? slackMessageRef(channelId, ts) : undefined,
    },
    userId: body.user.id,
    isBot: false,
    interactive: true,
    nameHint: body.user.name ?? body.user.username,
    threadTs: body.message?.thread_ts ?? body.container?.thread_ts,
  };
}

/**
 * The "Review answer" message shortcut (manifest.yaml): members' thread replies carry no bot
 * buttons, so the shortcut on a message is that message's Review button.
 */
export const REVIEW_SHORTCUT = 'dojo_review_answer';

/** A message shortcut payload (type message_action) → the Review press on its message. */
export function draftFromShortcut(body: ActionBody, workspace: string | undefined): Draft | undefined {
  return draftFromAction(body, { action_id: reviewMessageAction() }, workspace);
}

/** The view_submission payload fields the adapter reads. */
export interface ViewBody {
  team?: { id?: string; domain?: string } | null;
  user: { id: string; name?: string; username?: string; team_id?: string };
  view: {
    id: string;
    callback_id?: string;
    private_metadata?: string;
    state?: {
      values?: Record<string, Record<string, { value?: string | null; selected_options?: { value: string }[] | null }>>;
    };
  };
}

/** A submitted modal → form-submitted, with each input's value under its input id. */
export function draftFromView(body: ViewBody, workspace: string | undefined): Draft | undefined {
  const meta = readFormMeta(body.view.private_metadata);
  const formId = meta.formId ?? body.view.callback_id;
  if (!workspace || !formId) return undefined;
  const values: Record<string, string> = {};
  for (const [blockId, inputs] of Object.entries(body.view.state?.values ?? {})) {
    // Checkboxes and multi-selects send their ticked options; the core reads them as "1,3,4".
    for (const [actionId, input] of Object.entries(inputs))
      values[actionId || blockId] = input.selected_options ? input.selected_options.map((o) => o.value).join(',') : (input.value ?? '');
  }
  return {
    event: {
      platform: PLATFORM,
      workspace: teamRef(workspace),
      channel: meta.channel ? slackChannelRef(meta.channel) : undefined,
      // A modal is submitted once; its view id identifies the submission.
      deliveryId: `view:${body.view.id}`,
      kind: 'form-submitted',
      formId,
      values,
    },
    userId: body.user.id,
    isBot: false,
    interactive: true,
    nameHint: body.user.name ?? body.user.username,
  };
}

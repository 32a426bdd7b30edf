import { Events, GuildMember, InteractionType, MessageFlags, MessageType, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  Channel,
  Client,
  Guild,
  Interaction,
  Message,
  MessageContextMenuCommandInteraction,
  MessageReaction,
  PartialMessage,
  PartialMessageReaction,
  PartialUser,
  RepliableInteraction,
  User,
} from 'discord.js';
import type { Actor, Dojo, Handled, InboundEvent, Logger, NeutralMessage } from '../../src/core/index.js';
import { reviewMessageAction } from '../../src/core/index.js';
import { autocompleteChoices, commandText, REVIEW_MENU } from './commands.js';
import { describeError, isDiscordCode, type DiscordPort } from './port.js';
import { guildRef, memberRef, PLATFORM, textChannelRef, toMessageRef } from './refs.js';
import { actionIdOf, FORM_BUTTON, renderForm, renderMessage, type DiscordPayload } from './render.js';
import { settlesWithin } from '../shared/settles-within.js';

/** What the inbound handlers work with. */
export interface EventDeps {
  dojo: Dojo;
  client: Client;
  port: DiscordPort;
  log: Logger;
  /** The privileged MessageContent intent is on, so thread replies carry their text. */
  messageContent: boolean;
}

const EPHEMERAL = MessageFlags.Ephemeral;
const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a minute.';
const NO_CONTENT_NOTE: NeutralMessage = {
  text: 'On this server I cannot read thread messages, so **press Answer** on the question to answer in a form (up to 4,000 characters). Thread replies stay discussion.',
};

type Where = Pick<InboundEvent, 'platform' | 'workspace' | 'workspaceName' | 'channel' | 'channelName'>;

function where(guildId: string, guild: Guild | null, channelId: string, channel: Channel | null): Where {
  const thread = channel?.isThread() ? channel : undefined;
  const home = thread ? thread.parent : channel;
  return {
    platform: PLATFORM,
    workspace: guildRef(guildId),
    ...(guild ? { workspaceName: guild.name } : {}),
    channel: textChannelRef(thread?.parentId ?? channelId),
    ...(home && 'name' in home && home.name ? { channelName: home.name } : {}),
  };
}

const actorOf = (user: User, member?: unknown, isPlatformAdmin = false): Actor => ({
  ref: memberRef(user.id),
  name: member instanceof GuildMember ? member.displayName : user.displayName,
  isBot: user.bot,
  isPlatformAdmin,
});

/** Turns gateway events and interactions into core events; every handler catches at its edge. */
export function wireEvents(deps: EventDeps): void {
  const { client, log } = deps;
  const guard = (kind: string, refs: object, work: () => Promise<void>) =>
    void work().catch((err: unknown) => log.error({ platform: PLATFORM, kind, ...refs, err: describeError(err) }, 'discord event failed'));

  client.on(Events.InteractionCreate, (i) => void onInteraction(deps, i));
  client.on(Events.MessageCreate, (m) => guard('reply-posted', { channel: m.channelId, message: m.id }, () => onMessage(deps, m)));
  client.on(Events.MessageUpdate, (_old, m) => guard('reply-edited', { channel: m.channelId, message: m.id }, () => onEdit(deps, m)));
  client.on(Events.MessageDelete, (m) => guard('reply-deleted', { channel: m.channelId, message: m.id }, () => onDelete(deps, m)));
  client.on(Events.MessageReactionAdd, (r, u) =>
    guard('reaction-added', { channel: r.message.channelId, message: r.message.id }, () => onReaction(deps, 'reaction-added', r, u)),
  );
  client.on(Events.MessageReactionRemove, (r, u) =>
    guard('reaction-removed', { channel: r.message.channelId, message: r.message.id }, () => onReaction(deps, 'reaction-removed', r, u)),
  );
  client.on(Events.GuildDelete, (g) =>
    guard('workspace-removed', { workspace: g.id }, async () => {
      await deps.dojo.handle({
        platform: PLATFORM,
        workspace: guildRef(g.id),
        workspaceName: g.name,
        actor: actorOf(client.user!),
        kind: 'workspace-removed',
      });
    }),
  );
}

/** Private replies to gateway events have no interaction to answer, so they go by DM. */
async function tellEach(deps: EventDeps, user: User, messages: NeutralMessage[]): Promise<void> {
  for (const m of messages) {
    try {
      await deps.port.tellPrivately(undefined, memberRef(user.id), m);
    } catch (err) {
      deps.log.warn({ platform: PLATFORM, user: user.id, err: describeError(err) }, 'direct message failed');
    }
  }
}

async function onMessage(deps: EventDeps, m: Message): Promise<void> {
  if (!m.inGuild() || (m.type !== MessageType.Default && m.type !== MessageType.Reply)) return;
  const thread = m.channel.isThread() ? m.channel : undefined;
  // Only replies in a thread can be answers; without MessageContent the text is empty.
  if (!thread?.parentId || !m.content.trim()) return;
  const reply = await deps.dojo.handle({
    ...where(m.guildId, m.guild, m.channelId, m.channel),
    actor: actorOf(m.author, m.member),
    deliveryId: m.id,
    kind: 'reply-posted',
    thread: toMessageRef(thread.parentId, thread.id),
    message: toMessageRef(thread.id, m.id),
    text: m.content,
  });
  await tellEach(deps, m.author, reply.private);
}

async function onEdit(deps: EventDeps, m: Message | PartialMessage): Promise<void> {
  if (!m.guildId || !m.channel?.isThread() || !m.author || !m.content?.trim()) return;
  await deps.dojo.handle({
    ...where(m.guildId, m.guild, m.channelId, m.channel),
    actor: actorOf(m.author, m.member),
    kind: 'reply-edited',
    message: toMessageRef(m.channelId, m.id),
    text: m.content,
  });
}

async function onDelete(deps: EventDeps, m: Message | PartialMessage): Promise<void> {
  if (!m.guildId || !m.channel?.isThread()) return;
  // The author of an uncached message is unknown; the core only needs the message ref.
  await deps.dojo.handle({
    ...where(m.guildId, m.guild, m.channelId, m.channel),
    actor: actorOf(m.author ?? deps.client.user!, m.member),
    kind: 'reply-deleted',
    message: toMessageRef(m.channelId, m.id),
  });
}

async function onReaction(
  deps: EventDeps,
  kind: 'reaction-added' | 'reaction-removed',
  reaction: MessageReaction | PartialMessageReaction,
  partialUser: User | PartialUser,
): Promise<void> {
  const m = reaction.message;
  if (!m.guildId) return;
  // A partial reaction still has the message and channel ids and the emoji; only the bot flag needs the user.
  const user = partialUser.partial ? await partialUser.fetch() : partialUser;
  const reply = await deps.dojo.handle({
    ...where(m.guildId, m.guild, m.channelId, m.channel),
    actor: actorOf(user, m.guild?.members.cache.get(user.id)),
    kind,
    message: toMessageRef(m.channelId, m.id),
    emoji: reaction.emoji.name ?? reaction.emoji.id ?? '',
  });
  await tellEach(deps, user, reply.private);
}

function toEvent(i: Interaction<'cached' | 'raw'>): InboundEvent | undefined {
  const base = {
    ...where(i.guildId, i.guild, i.channelId ?? '', i.channel),
    actor: actorOf(i.user, i.member, i.memberPermissions.has(PermissionFlagsBits.ManageGuild)),
    deliveryId: i.id,
  };
  if (i.isChatInputCommand()) {
    const sub = i.options.getSubcommand(false) ?? 'help';
    return { ...base, kind: 'command', text: commandText(sub, i.options.data[0]?.options ?? []) };
  }
  if (i.isButton())
    return { ...base, kind: 'button-pressed', actionId: actionIdOf(i.customId), message: toMessageRef(i.message.channelId, i.message.id) };
  // "Review answer" on a message works as a Review button on it would.
  if (i.isMessageContextMenuCommand() && i.commandName === REVIEW_MENU)
    return {
      ...base,
      kind: 'button-pressed',
      actionId: reviewMessageAction(),
      message: toMessageRef(i.targetMessage.channelId, i.targetMessage.id),
    };
  // A select option's value is the action it stands for.
  if (i.isStringSelectMenu())
    return {
      ...base,
      kind: 'button-pressed',
      actionId: i.values[0] ?? i.customId,
      message: toMessageRef(i.message.channelId, i.message.id),
    };
  if (i.isModalSubmit()) {
    const values: Record<string, string> = {};
    // Text inputs carry a value; a multi-select (a checklist) carries the picked values, read as "1,3,4".
    for (const [id, field] of i.fields.fields) {
      if ('value' in field && typeof field.value === 'string') values[id] = field.value;
      else if ('values' in field && Array.isArray(field.values)) values[id] = field.values.join(',');
    }
    return { ...base, kind: 'form-submitted', formId: i.customId, values };
  }
  return undefined;
}

async function onInteraction(deps: EventDeps, i: Interaction): Promise<void> {
  const refs = { kind: InteractionType[i.type], workspace: i.guildId, channel: i.channelId, deliveryId: i.id };
  try {
    if (i.isAutocomplete()) return await autocomplete(deps, i);
    if (!i.isRepliable()) return;
    if (!i.inGuild()) {
      await i.reply({ content: 'Interview Dojo works in a server channel.', flags: EPHEMERAL });
      return;
    }
    const event = toEvent(i);
    if (!event) return;
    if ((i.isButton() && i.customId.startsWith(FORM_BUTTON)) || i.isMessageContextMenuCommand()) return await formButton(deps, i, event);
    await deferred(deps, i, event);
  } catch (err) {
    deps.log.error({ platform: PLATFORM, ...refs, err: describeError(err) }, 'discord interaction failed');
    if (i.isRepliable()) await apologise(i).catch(() => undefined);
  }
}

// Discord wants a response within 3 s; a delivery the core has not committed by then is stored
// with `accept` before the deferral (the response Discord counts as "received").
const RESPONSE_BUDGET_MS = 2_000;

/**
 * Answers the interaction only once the core has committed it: directly when that is quick,
 * otherwise by storing it (`accept`) and deferring. Returns the reply, and whether the response
 * is still ours to send (another delivery of the interaction may have answered first).
 */
async function handleThenRespond(
  deps: EventDeps,
  event: InboundEvent,
  defer: () => Promise<unknown>,
): Promise<{ reply: Handled; ours: boolean }> {
  const handled = deps.dojo.handle(event);
  let ours = true;
  if (!(await settlesWithin(handled, RESPONSE_BUDGET_MS))) {
    await deps.dojo.accept(event);
    try {
      await defer();
    } catch (err) {
      if (!isDiscordCode(err, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged)) throw err;
      ours = false;
    }
  }
  return { reply: await handled, ours };
}

/** Opens a modal, which must be the first response to the press (or menu pick), when the core answers with a form. */
async function formButton(
  deps: EventDeps,
  i: ButtonInteraction | MessageContextMenuCommandInteraction,
  event: InboundEvent,
): Promise<void> {
  const { reply, ours } = await handleThenRespond(deps, event, () => i.deferReply({ flags: EPHEMERAL }));
  if (reply.duplicate) return;
  if (reply.form && !i.deferred) return void (await i.showModal(renderForm(reply.form)));
  const messages = reply.form ? [{ text: 'That took too long to open the form: please try again.' }] : reply.private;
  if (!messages.length && !i.deferred && i.isButton()) return void (await i.deferUpdate());
  await sendPrivate(deps, i, messages, ours);
}

/** Lets the core work (deferring only when it is slow), then replies privately. */
async function deferred(deps: EventDeps, i: RepliableInteraction, event: InboundEvent): Promise<void> {
  const { reply, ours } = await handleThenRespond(deps, event, () => i.deferReply({ flags: EPHEMERAL }));
  if (reply.duplicate) return;
  // A command answered with a form (`/dojo self-check`) opens it as its first response.
  if (reply.form && !i.deferred && i.isChatInputCommand()) return void (await i.showModal(renderForm(reply.form)));
  if (reply.form) return sendPrivate(deps, i, [{ text: 'That took too long to open the form: please try again.' }], ours);
  const isHelp = event.kind === 'command' && /^help\b/.test(event.text);
  await sendPrivate(deps, i, isHelp && !deps.messageContent ? [...reply.private, NO_CONTENT_NOTE] : reply.private, ours);
}

async function sendPrivate(deps: EventDeps, i: RepliableInteraction, messages: NeutralMessage[], ours: boolean): Promise<void> {
  const payloads: DiscordPayload[] = messages.flatMap((m) => renderMessage(m, deps.port.renderOptions));
  if (!payloads.length) {
    if (i.deferred) await i.deleteReply();
    // Every interaction needs a response: a press with nothing to say just acknowledges.
    else if (ours && !i.replied && i.isMessageComponent()) await i.deferUpdate();
    return;
  }
  for (const [n, p] of payloads.entries()) {
    if (!ours) await i.webhook.send({ ...p, flags: EPHEMERAL });
    else if (n === 0 && i.deferred) await i.editReply(p);
    else if (n === 0 && !i.replied) await firstResponse(i, p);
    else await i.followUp({ ...p, flags: EPHEMERAL });
  }
}

/** The interaction's first response; when another delivery of it answered first, a follow-up instead. */
async function firstResponse(i: RepliableInteraction, p: DiscordPayload): Promise<void> {
  try {
    await i.reply({ ...p, flags: EPHEMERAL });
  } catch (err) {
    if (!isDiscordCode(err, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged)) throw err;
    await i.webhook.send({ ...p, flags: EPHEMERAL });
  }
}

function apologise(i: RepliableInteraction): Promise<unknown> {
  const p = { content: APOLOGY, allowedMentions: { parse: [] as [] } };
  if (i.deferred) return i.editReply(p);
  if (i.replied) return i.followUp({ ...p, flags: EPHEMERAL });
  return i.reply({ ...p, flags: EPHEMERAL });
}

async function autocomplete(deps: EventDeps, i: AutocompleteInteraction): Promise<void> {
  const focused = i.options.getFocused(true);
  const ids = i.guildId ? await deps.dojo.packIds(PLATFORM, guildRef(i.guildId)) : [];
  const packIds = () => ids;
  await i.respond(autocompleteChoices(i.options.getSubcommand(false) ?? '', { name: focused.name, value: String(focused.value) }, packIds));
}

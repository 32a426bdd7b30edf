import { Client, Events, GatewayIntentBits, Partials, RESTEvents, Routes, SnowflakeUtil, Status } from 'discord.js';
import type { Dojo, Logger, Observer } from '../../src/core/index.js';
import { slashCommands } from './commands.js';
import { wireEvents } from './events.js';
import { describeError, DiscordPort } from './port.js';
import { PLATFORM } from './refs.js';

/** What the Discord adapter reads from the environment (a subset of AppConfig). */
export interface DiscordSettings {
  DISCORD_TOKEN?: string | undefined;
  DISCORD_APPLICATION_ID?: string | undefined;
  DISCORD_GUILD_ID?: string | undefined;
  DISCORD_API_URL?: string | undefined;
  DISCORD_MESSAGE_CONTENT?: boolean | undefined;
  DISCORD_SHARD_COUNT?: number | undefined;
  DISCORD_SHARDS?: number[] | undefined;
}

/**
 * Which shards this process runs: with DISCORD_SHARD_COUNT, the ids in DISCORD_SHARDS (all of them
 * when unset); without it, discord.js asks the gateway for its recommended count and runs them all.
 */
export function shardOptions(settings: DiscordSettings): { shards: number[]; shardCount: number } | Record<string, never> {
  const count = settings.DISCORD_SHARD_COUNT;
  if (count === undefined) return {};
  return { shards: settings.DISCORD_SHARDS ?? Array.from({ length: count }, (_, i) => i), shardCount: count };
}

/** discord.js appends `/v10/…` to the REST base, so `…/api/` would break every request. */
export const restBase = (url: string) => url.replace(/\/+$/, '');

/**
 * The client with only the intents the bot needs (MessageContent is privileged and optional)
 * and the partials that let reactions on messages from before a restart still arrive.
 */
export function buildClient(settings: DiscordSettings): Client {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions];
  if (settings.DISCORD_MESSAGE_CONTENT) intents.push(GatewayIntentBits.MessageContent);
  return new Client({
    intents,
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
    allowedMentions: { parse: [] },
    ...shardOptions(settings),
    ...(settings.DISCORD_API_URL ? { rest: { api: restBase(settings.DISCORD_API_URL) } } : {}),
  });
}

/** Registers /dojo and /dojo-admin with one bulk overwrite, so a restart changes nothing twice. */
export async function registerCommands(client: Client, settings: DiscordSettings): Promise<void> {
  const app = settings.DISCORD_APPLICATION_ID!;
  const route = settings.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(app, settings.DISCORD_GUILD_ID)
    : Routes.applicationCommands(app);
  await client.rest.put(route, { body: slashCommands() });
}

/** Connects, registers the commands and attaches the port; resolves once the bot is ready. */
/** A connected Discord adapter. */
export interface RunningDiscord {
  /** Undefined while every shard of this instance is connected; otherwise why not. */
  notReady(): string | undefined;
  /** Closes the gateway (no more deliveries) while REST keeps working for what the outbox still sends. */
  pause(): Promise<void>;
  stop(): Promise<void>;
}

/** Counts every REST call by route (ids removed by discord.js) and status, and times interaction responses. */
function observeRest(client: Client, observer: Observer): void {
  client.rest.on(RESTEvents.Response, (request, response) => {
    observer.call?.(PLATFORM, `${request.method.toUpperCase()} ${request.route}`, String(response.status));
    const id = /^\/interactions\/(\d+)\/[^/]+\/callback/.exec(request.path)?.[1];
    // An interaction's id carries the time Discord created it; its first response is its acknowledgement.
    if (id) observer.acked?.(PLATFORM, 'interaction', Math.max(0, Date.now() - SnowflakeUtil.timestampFrom(id)) / 1000);
  });
}

export async function startDiscord(opts: {
  dojo: Dojo;
  settings: DiscordSettings;
  log: Logger;
  observer?: Observer;
}): Promise<RunningDiscord> {
  const { dojo, settings, log } = opts;
  if (!settings.DISCORD_TOKEN || !settings.DISCORD_APPLICATION_ID) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID are required');
  const client = buildClient(settings);
  if (opts.observer) observeRest(client, opts.observer);
  const port = new DiscordPort(client, log);
  dojo.attach(PLATFORM, port);
  wireEvents({ dojo, client, port, log, messageContent: Boolean(settings.DISCORD_MESSAGE_CONTENT) });
  client.on(Events.Error, (err) => log.error({ platform: PLATFORM, err: describeError(err) }, 'discord client error'));
  client.on(Events.ShardError, (err, shard) => log.warn({ platform: PLATFORM, shard, err: describeError(err) }, 'discord gateway error'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ platform: PLATFORM, shard, replayed }, 'discord gateway resumed'));
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(settings.DISCORD_TOKEN);
    const c = await ready;
    // The ready line is written once the commands exist too, so "ready" means usable.
    await registerCommands(client, settings);
    log.info(
      {
        adapter: PLATFORM,
        user: c.user.id,
        shards: c.ws.shards.map((s) => s.id),
        guilds: c.guilds.cache.size,
        messageContent: Boolean(settings.DISCORD_MESSAGE_CONTENT),
      },
      'discord ready',
    );
  } catch (err) {
    await client.destroy();
    throw err;
  }
  return {
    notReady() {
      const down = client.ws.shards.filter((shard) => shard.status !== Status.Ready).map((shard) => shard.id);
      return client.isReady() && !down.length ? undefined : `gateway not ready (shards ${down.join(', ') || 'starting'})`;
    },
    // Gives REST its token back after the gateway closed, for what the outbox still sends.
    async pause() {
      await client.destroy();
      client.rest.setToken(settings.DISCORD_TOKEN!);
    },
    async stop() {
      await client.destroy();
    },
  };
}

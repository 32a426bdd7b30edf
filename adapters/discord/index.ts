import type { Dojo, Logger, Observer } from '../../src/core/index.js';
import { startDiscord, type DiscordSettings, type RunningDiscord } from './app.js';

export type { DiscordSettings } from './app.js';

/** What main.ts hands the adapter: the core, the app config and the pino logger. */
export interface DiscordAdapterConfig {
  dojo: Dojo;
  /** The app configuration; only the DISCORD_* values are read. */
  config: DiscordSettings;
  log: Logger;
  /** Where REST calls and interaction response times are counted. */
  observer?: Observer;
}

/**
 * The Discord bot: slash commands, question threads, reactions, buttons and modals.
 * `start()` resolves once the client is connected, /dojo is registered and the port attached.
 */
export function createDiscordAdapter(config: DiscordAdapterConfig): { start(): Promise<RunningDiscord> } {
  return {
    start: () => startDiscord({ dojo: config.dojo, settings: config.config, log: config.log, observer: config.observer }),
  };
}

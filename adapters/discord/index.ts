import type { Dojo, Logger } from '../../src/core/index.js';
import { startDiscord, type DiscordSettings } from './app.js';

export type { DiscordSettings } from './app.js';

/** What main.ts hands the adapter: the core, the app config and the pino logger. */
export interface DiscordAdapterConfig {
  dojo: Dojo;
  /** The app configuration; only the DISCORD_* values are read. */
  config: DiscordSettings;
  log: Logger;
}

/**
 * The Discord bot: slash commands, question threads, reactions, buttons and modals.
 * `start()` resolves once the client is connected, /dojo is registered and the port attached.
 */
export function createDiscordAdapter(config: DiscordAdapterConfig): {
  start(): Promise<{ pause(): Promise<void>; stop(): Promise<void> }>;
} {
  return {
    start: () => startDiscord({ dojo: config.dojo, settings: config.config, log: config.log }),
  };
}

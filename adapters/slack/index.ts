import type { RunningSlack, SlackAdapterConfig } from './app.js';

export type { RunningSlack, SlackAdapterConfig, SlackSettings } from './app.js';

/**
 * The Slack adapter: Socket Mode when `SLACK_APP_TOKEN` is set, otherwise HTTP mode on `PORT`
 * (`/slack/events` for events, commands and interactions). `start()` resolves once connected or
 * listening; Bolt is only loaded then, so nothing else pays for it.
 */
export function createSlackAdapter(config: SlackAdapterConfig): { start(): Promise<RunningSlack> } {
  return {
    async start() {
      const { startSlackApp } = await import('./app.js');
      return startSlackApp(config);
    },
  };
}

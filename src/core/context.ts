import type { ChatPort, Clock, Logger, Random } from './ports.js';
import type { Store } from './store.js';
import type { Channel, Workspace } from './types.js';

export interface DojoConfig {
  /** Default IANA zone for new workspaces and channels. */
  timezone: string;
  /** Platform user ids that are always admins (DOJO_ADMINS). */
  admins: string[];
}

/** What every core operation works with; built once by `createDojo`. */
export interface Ctx {
  store: Store;
  clock: Clock;
  random: Random;
  log: Logger;
  config: DojoConfig;
  ports: Map<string, ChatPort>;
}

export const nowMs = (ctx: Ctx) => ctx.clock.now().getTime();

/** The adapter port for a workspace's platform; throws when none is attached (a wiring bug). */
export function portFor(ctx: Ctx, workspace: Pick<Workspace, 'platform'>): ChatPort {
  const port = ctx.ports.get(workspace.platform);
  if (!port) throw new Error(`no chat port attached for platform ${workspace.platform}`);
  return port;
}

export const channelPort = (ctx: Ctx, channel: Channel) => portFor(ctx, ctx.store.workspaces.get(channel.workspaceId));

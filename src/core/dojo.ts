import type { Ctx, DojoConfig } from './context.js';
import { nowMs } from './context.js';
import { DojoUserError } from './errors.js';
import { noReply, type Reply } from './messages.js';
import type { ChatPort, Clock, InboundEvent, Logger, Random } from './ports.js';
import { nextDueAt, runTick } from './scheduler.js';
import { defaultSettings } from './settings.js';
import { StoreBusyError, type Store } from './store.js';
import { assertRegistry } from './commands/registry.js';
import { commitBatcher, type Defer } from './commit-batch.js';
import { isReadOnly, isSyncEvent, needsClaim, routeEvent, routeSync } from './handle-event.js';
import type { Member, Workspace } from './types.js';

export interface DojoDeps {
  store: Store;
  clock: Clock;
  random: Random;
  log: Logger;
  config: DojoConfig;
  /** This process instance (unique per boot); claims of a crashed instance are retried. */
  instanceId?: string;
  /** How database-only deliveries wait to share a commit with those arriving together (default: setImmediate). */
  defer?: Defer;
}

export interface Dojo {
  /** Registers the outbound port of a platform (one per adapter). */
  attach(platform: string, port: ChatPort): void;
  /** Handles one inbound event; expected refusals come back as private replies. */
  handle(event: InboundEvent): Promise<Reply & { duplicate?: boolean }>;
  /**
   * Handles the event at once if that needs neither the platform nor a wait for the database's
   * write lock (replies, reactions, most commands, when no other process is writing); otherwise
   * does nothing and returns undefined, and the caller acks first and then calls `handle`.
   */
  handleNow(event: InboundEvent): (Reply & { duplicate?: boolean }) | undefined;
  /** Does whatever is due now; concurrent calls share one run so ticks never overlap. */
  tick(): Promise<void>;
  /** The next instant with scheduled work after now, for simulated clocks. */
  nextDueAt(): number | undefined;
  readonly ctx: Ctx;
}

/** Builds the platform-free core around a store, a clock, randomness and a logger. */
export function createDojo(deps: DojoDeps): Dojo {
  assertRegistry();
  const { instanceId = `instance-${Math.floor(deps.random.next() * 1e12)}`, ...rest } = deps;
  const ctx: Ctx = { ...rest, ports: new Map() };
  let ticking: Promise<void> | undefined;

  function workspaceFor(event: InboundEvent): Workspace | undefined {
    const { store } = ctx;
    const found = store.workspaces.findByRef(event.platform, event.workspace);
    if (event.kind === 'workspace-removed') {
      if (found) {
        store.workspaces.setStatus(found.id, 'removed');
        ctx.log.info({ workspaceId: found.id, platform: event.platform }, 'workspace removed: all work for it stops');
      }
      return undefined;
    }
    if (found?.status === 'active' && (!event.workspaceName || event.workspaceName === found.name)) return found;
    if (found?.status === 'removed') {
      // Only a person running a command proves the app is installed again.
      if (event.kind !== 'command') return undefined;
      store.workspaces.setStatus(found.id, 'active');
    }
    return store.workspaces.ensure({
      platform: event.platform,
      ref: event.workspace,
      name: event.workspaceName ?? '',
      timezone: ctx.config.timezone,
      settings: defaultSettings(),
      now: nowMs(ctx),
    });
  }

  /**
   * Replies, edits, deletions, reactions and most commands are pure database work: the delivery
   * claim, the member and the effect commit together, so a crash can neither lose nor repeat
   * them, and each costs one commit.
   */
  function handleSync(event: InboundEvent, wait = true): Reply & { duplicate?: boolean } {
    return ctx.store.tx(() => syncWork(event), { wait });
  }

  /** The claim, the member and the effect of a database-only event; runs inside a transaction. */
  function syncWork(event: InboundEvent): Reply & { duplicate?: boolean } {
    const now = nowMs(ctx);
    if (needsClaim(event) && !ctx.store.events.claim(event.platform, event.deliveryId!, instanceId, now, true)) {
      return { ...noReply(), duplicate: true };
    }
    const known = knownActor(event);
    const ws = known?.workspace ?? workspaceFor(event);
    if (!ws || (event.actor.isBot && event.kind !== 'reply-deleted')) return noReply();
    const member =
      known?.member ?? ctx.store.members.ensure(ws.id, { ref: event.actor.ref, name: event.actor.name, isBot: event.actor.isBot }, now);
    return routeOrRefuse(event, ws, member);
  }

  /** Routes a database-only event; an expected refusal comes back as a private reply. */
  function routeOrRefuse(event: InboundEvent, ws: Workspace, member: Member): Reply {
    try {
      return routeSync(ctx, event, ws, member);
    } catch (err) {
      if (!(err instanceof DojoUserError)) throw err;
      ctx.log.debug({ platform: event.platform, kind: event.kind, code: err.code }, 'refused');
      return { private: [{ text: err.message }] };
    }
  }

  const handleBatched = commitBatcher(ctx.store, deps.defer ?? setImmediate, syncWork);

  /**
   * The active workspace and the member an event comes from, read together, when both are stored
   * as the event shows them; undefined when either must first be written (workspaceFor, ensure).
   */
  function knownActor(event: InboundEvent): { workspace: Workspace; member: Member } | undefined {
    if (event.kind === 'workspace-removed') return undefined;
    const found = ctx.store.workspaces.findWithMember(event.platform, event.workspace, event.actor.ref);
    if (found?.workspace.status !== 'active' || (event.workspaceName && event.workspaceName !== found.workspace.name)) return undefined;
    const { member } = found;
    if (!member || (event.actor.name && event.actor.name !== member.displayName)) return undefined;
    return { workspace: found.workspace, member };
  }

  /**
   * A read-only command from a member already known, under the name they have now: answered from
   * one snapshot, without the write lock and without recording the delivery. Anything else
   * (a new member, a renamed one, a workspace to reactivate) returns undefined for `handle`.
   */
  function answerReadOnly(event: InboundEvent): Reply | undefined {
    return ctx.store.read(() => {
      const known = knownActor(event);
      return known && !event.actor.isBot ? routeOrRefuse(event, known.workspace, known.member) : undefined;
    });
  }

  const done = (event: InboundEvent) => {
    if (event.deliveryId) ctx.store.events.markDone(event.platform, event.deliveryId, nowMs(ctx));
  };

  return {
    ctx,
    attach(platform, port) {
      ctx.ports.set(platform, port);
    },
    handleNow(event) {
      if (isReadOnly(event)) return answerReadOnly(event);
      if (!isSyncEvent(event)) return undefined;
      try {
        return handleSync(event, false);
      } catch (err) {
        if (err instanceof StoreBusyError) return undefined;
        throw err;
      }
    },
    async handle(event) {
      if (isSyncEvent(event)) return handleBatched(event);
      const now = nowMs(ctx);
      if (event.deliveryId && !ctx.store.events.claim(event.platform, event.deliveryId, instanceId, now)) {
        ctx.log.debug({ platform: event.platform, deliveryId: event.deliveryId, kind: event.kind }, 'duplicate delivery ignored');
        return { ...noReply(), duplicate: true };
      }
      try {
        const ws = workspaceFor(event);
        if (!ws || (event.actor.isBot && event.kind !== 'reply-deleted')) {
          done(event);
          return noReply();
        }
        const member = ctx.store.members.ensure(ws.id, { ref: event.actor.ref, name: event.actor.name, isBot: event.actor.isBot }, now);
        const reply = await routeEvent(ctx, event, ws, member);
        done(event);
        return reply;
      } catch (err) {
        if (err instanceof DojoUserError) {
          done(event);
          ctx.log.debug({ platform: event.platform, kind: event.kind, code: err.code }, 'refused');
          return { private: [{ text: err.message }] };
        }
        // Let the platform's retry of this delivery run again.
        if (event.deliveryId) ctx.store.events.forget(event.platform, event.deliveryId);
        throw err;
      }
    },
    tick() {
      ticking ??= runTick(ctx).finally(() => {
        ticking = undefined;
      });
      return ticking;
    },
    nextDueAt: () => nextDueAt(ctx, nowMs(ctx)),
  };
}

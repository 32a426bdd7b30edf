import { inTx, nowMs, type Ctx, type DojoConfig, type Tx } from './context.js';
import { DojoUserError, ForeignTargetError } from './errors.js';
import { noReply, type Reply } from './messages.js';
import { sendOutbox } from './outbox.js';
import type { ChatPort, Clock, DashboardLinks, DeliveryOutcome, InboundEvent, Logger, Observer, Random } from './ports.js';
import { nextDueAt, runTick } from './scheduler.js';
import { defaultSettings } from './settings.js';
import type { DeliveryStart, Store } from './store.js';
import { assertRegistry } from './commands/registry.js';
import { type ReadAhead, routeEvent } from './handle-event.js';
import { deleteAnswer } from './answers.js';
import { concernsTracked, mayCreateWorkspace } from './relevance.js';
import { challengeDueAt } from './quiz/challenge.js';
import type { WorkspaceRef } from './refs.js';
import type { Installation, Member, Workspace } from './types.js';

export interface DojoDeps {
  store: Store;
  clock: Clock;
  random: Random;
  log: Logger;
  config: DojoConfig;
  /** Signed links to the web dashboard (`/dojo dashboard`); without it the command says it is off. */
  dashboard?: DashboardLinks;
  /** This process instance (unique per boot): it owns the outbox messages it is sending. */
  instanceId?: string;
  /** Counts for operators' metrics. */
  observer?: Observer;
}

export type Handled = Reply & { duplicate?: boolean };

export interface Dojo {
  /** Registers the outbound port of a platform (one per adapter). */
  attach(platform: string, port: ChatPort): void;
  /**
   * The one way in. In one transaction: claims the delivery (a repeat is a no-op), ensures the
   * workspace and member, applies the rules and records what must be said; the reply comes
   * back after the commit and the outbox sends the rest. Expected refusals come back as
   * private replies and change nothing.
   */
  handle(event: InboundEvent): Promise<Handled>;
  /**
   * Stores a delivery to be handled later, for an adapter that must acknowledge before
   * `handle` has committed: once this resolves the delivery survives a crash, and the next
   * tick after a restart handles it (a `handle` that commits first makes it a no-op).
   */
  accept(event: InboundEvent): Promise<void>;
  /** Does whatever is due now; concurrent calls share one run so ticks never overlap. */
  tick(): Promise<void>;
  /** Sends what the outbox holds that is due now, and resolves once nothing is being sent. */
  drain(): Promise<void>;
  /** The next instant with scheduled work after now, for simulated clocks. */
  nextDueAt(): Promise<number | undefined>;
  /** Whether a running challenge has reached its end (they run for seconds, so they are checked often). */
  hasDueChallenge(): Promise<boolean>;
  /**
   * Records an installation (a reinstall replaces the earlier one) and makes its workspace active,
   * in one transaction: from then on its deliveries are handled and its schedule runs again.
   */
  install(installation: Installation, workspaceName: string): Promise<void>;
  /** The stored installation of a workspace; undefined when the app is not installed there. */
  installation(platform: string, workspace: WorkspaceRef): Promise<Installation | undefined>;
  /** The ids of the packs a workspace can enable or disable (for autocompletion). */
  packIds(platform: string, workspace: WorkspaceRef): Promise<string[]>;
}

// A delivery accepted this long ago and still not handled had its handler die with its process.
const ACCEPTED_GRACE_MS = 30_000;

/** Builds the platform-free core around a store, a clock, randomness and a logger. */
export function createDojo(deps: DojoDeps): Dojo {
  assertRegistry();
  const { instanceId = `instance-${Math.floor(deps.random.next() * 1e12)}`, observer = {}, ...rest } = deps;
  let sending: Promise<void> | undefined;
  let sendAgain = false;
  let ticking: Promise<void> | undefined;

  function kickOutbox(): void {
    if (sending) {
      sendAgain = true;
      return;
    }
    sending = (async () => {
      do {
        sendAgain = false;
        await sendOutbox(ctx, instanceId).catch((err: unknown) => ctx.log.error({ err: String(err) }, 'outbox run failed'));
      } while (sendAgain);
    })().finally(() => {
      sending = undefined;
    });
  }

  const ctx: Ctx = { ...rest, observer, ports: new Map(), kickOutbox };

  async function handle(event: InboundEvent): Promise<Handled> {
    const counted = (outcome: DeliveryOutcome) => observer.delivery?.(event.platform, event.kind, outcome);
    try {
      const handled = await inTx(ctx, (t) => handleIn(t, event));
      counted(handled.duplicate ? 'duplicate' : 'handled');
      return handled;
    } catch (err) {
      if (err instanceof ForeignTargetError) {
        // Nothing of it is kept but the claim, which ends a delivery accepted earlier (a repeat is a no-op).
        if (event.deliveryId) await inTx(ctx, ({ db }) => db.deliveries.claim(event.platform, event.deliveryId!, nowMs(ctx)));
        ctx.log.warn(
          { platform: event.platform, kind: event.kind, workspace: event.workspace, deliveryId: event.deliveryId, target: err.target },
          'delivery refused: it names another workspace’s data',
        );
        counted('refused');
        return noReply();
      }
      if (!(err instanceof DojoUserError)) {
        counted('failed');
        throw err;
      }
      // A refusal takes back everything but the claim, so a repeat of the delivery stays a no-op.
      const { deliveryId } = event;
      if (deliveryId && !(await inTx(ctx, ({ db }) => db.deliveries.claim(event.platform, deliveryId, nowMs(ctx))))) {
        counted('duplicate');
        return { ...noReply(), duplicate: true };
      }
      counted('refused');
      ctx.log.debug({ platform: event.platform, kind: event.kind, code: err.code }, 'refused');
      return { private: [{ text: err.message }] };
    }
  }

  async function handleIn(t: Tx, event: InboundEvent): Promise<Handled> {
    // The claim and the first reads go together (a store may answer them in one statement); a
    // duplicate's reads are simply dropped.
    const reaction = event.kind === 'reaction-added' || event.kind === 'reaction-removed';
    const start = await t.db.deliveries.start({
      platform: event.platform,
      deliveryId: event.deliveryId,
      now: nowMs(t),
      workspace: event.workspace,
      actor: event.actor.ref,
      reactionOn: reaction ? event.message : undefined,
    });
    if (!start.claimed) {
      t.log.debug({ platform: event.platform, deliveryId: event.deliveryId, kind: event.kind }, 'duplicate delivery ignored');
      return { ...noReply(), duplicate: true };
    }
    const ahead: ReadAhead = reaction ? { voteTarget: start.voteTarget ?? null } : {};
    const known = knownActor(event, start.found);
    const ws = known?.workspace ?? (await workspaceFor(t, event, start.found?.workspace));
    if (!ws || (event.actor.isBot && event.kind !== 'reply-deleted')) return noReply();
    // A deletion needs no member: the answer goes whoever deleted it (Slack may not say who).
    if (event.kind === 'reply-deleted') {
      await deleteAnswer(t, ws, event.message);
      return noReply();
    }
    if (!known && !(await concernsTracked(t, ws, event, ahead))) return noReply();
    // The member read with the claim stands for the stored one when it is of this workspace.
    const seen = start.found?.workspace.id === ws.id ? { member: start.found.member } : undefined;
    const member = known?.member ?? (await memberFor(t, ws, event, seen));
    return routeEvent(t, event, ws, member, ahead);
  }

  /** The active workspace and the member, when both are stored as the event shows them (most deliveries). */
  function knownActor(event: InboundEvent, found: DeliveryStart['found']): { workspace: Workspace; member: Member } | undefined {
    if (event.kind === 'workspace-removed' || !found?.member || found.workspace.status !== 'active') return undefined;
    if (event.workspaceName && event.workspaceName !== found.workspace.name) return undefined;
    if (event.actor.name && event.actor.name !== found.member.displayName) return undefined;
    return { workspace: found.workspace, member: found.member };
  }

  /** The event's workspace from `found` (read with the claim), created or revived when the event may do so. */
  async function workspaceFor(t: Tx, event: InboundEvent, found: Workspace | undefined): Promise<Workspace | undefined> {
    if (event.kind === 'workspace-removed') {
      await t.db.installations.remove(event.platform, event.workspace);
      if (found) {
        await t.db.workspaces.setStatus(found.id, 'removed');
        t.log.info({ workspaceId: found.id, platform: event.platform }, 'workspace removed: all work for it stops');
      }
      return undefined;
    }
    if (found?.status === 'active' && (!event.workspaceName || event.workspaceName === found.name)) return found;
    if (!found && !mayCreateWorkspace(event)) return undefined;
    if (found?.status === 'removed') {
      // Only a person running a command proves the app is installed again.
      if (event.kind !== 'command') return undefined;
      await t.db.workspaces.setStatus(found.id, 'active');
    }
    return t.db.workspaces.ensure({
      platform: event.platform,
      ref: event.workspace,
      name: event.workspaceName ?? found?.name ?? '',
      timezone: t.config.timezone,
      settings: defaultSettings(),
      now: nowMs(t),
    });
  }

  /** The member behind the event; a name the adapter does not know yet (empty) keeps the stored one. */
  async function memberFor(t: Tx, ws: Workspace, event: InboundEvent, seen: { member: Member | undefined } | undefined): Promise<Member> {
    const { ref, name, isBot } = event.actor;
    const known = seen ? seen.member : await t.db.members.findByRef(ws.id, ref);
    if (known && (!name || name === known.displayName)) return known;
    return t.db.members.ensure(ws.id, { ref, name: name || known?.displayName || ref, isBot }, nowMs(t));
  }

  /** Handles deliveries accepted before a crash (or a lost race with the deadline) and never handled. */
  async function workOffAccepted(): Promise<void> {
    const waiting = await inTx(ctx, ({ db }) => db.deliveries.listAccepted(nowMs(ctx) - ACCEPTED_GRACE_MS, 100));
    for (const d of waiting) {
      try {
        const reply = await handle(JSON.parse(d.payload) as InboundEvent);
        if (!reply.duplicate) ctx.log.info({ platform: d.platform, deliveryId: d.deliveryId }, 'accepted delivery handled after a restart');
      } catch (err) {
        ctx.log.error({ platform: d.platform, deliveryId: d.deliveryId, err: String(err) }, 'accepted delivery failed');
      }
    }
  }

  return {
    attach(platform, port) {
      ctx.ports.set(platform, port);
    },
    handle,
    async accept(event) {
      if (!event.deliveryId) throw new Error('only a delivery with an id can be accepted');
      await inTx(ctx, ({ db }) => db.deliveries.accept(event.platform, event.deliveryId!, JSON.stringify(event), nowMs(ctx)));
      observer.delivery?.(event.platform, event.kind, 'accepted');
    },
    tick() {
      ticking ??= (async () => {
        await workOffAccepted();
        await runTick(ctx);
        kickOutbox();
        await sending;
      })().finally(() => {
        ticking = undefined;
      });
      return ticking;
    },
    async drain() {
      kickOutbox();
      while (sending) await sending;
    },
    nextDueAt: () => inTx(ctx, (t) => nextDueAt(t, nowMs(ctx))),
    hasDueChallenge: () => inTx(ctx, async ({ db }) => (await db.quiz.runningChallenges()).some((c) => challengeDueAt(c) <= nowMs(ctx))),
    install: (installation, workspaceName) =>
      inTx(ctx, async (t) => {
        await t.db.installations.save(installation);
        const found = await t.db.workspaces.findByRef(installation.platform, installation.workspace);
        if (found?.status === 'removed') await t.db.workspaces.setStatus(found.id, 'active');
        const ws = await t.db.workspaces.ensure({
          platform: installation.platform,
          ref: installation.workspace,
          name: workspaceName || found?.name || '',
          timezone: t.config.timezone,
          settings: defaultSettings(),
          now: nowMs(t),
        });
        t.log.info({ platform: ws.platform, workspace: ws.ref, workspaceId: ws.id, reinstall: Boolean(found) }, 'app installed');
      }),
    installation: (platform, workspace) => inTx(ctx, ({ db }) => db.installations.find(platform, workspace)),
    packIds: (platform, workspace) =>
      inTx(ctx, async ({ db }) => {
        const ws = await db.workspaces.findByRef(platform, workspace);
        return ws ? (await db.content.listPacks(ws.id)).map((p) => p.id) : [];
      }),
  };
}

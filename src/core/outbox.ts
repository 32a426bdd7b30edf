import { nowMs, type Ctx, type Tx } from './context.js';
import type { NeutralMessage } from './messages.js';
import type { ChatPort } from './ports.js';
import type { ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef } from './refs.js';
import type { OutboxEntry } from './store.js';
import type { AnswerId, RoundId, Workspace } from './types.js';

/** Where a thread reply goes: a message already known, or the thread a round's question starts once it is posted. */
export type ThreadTarget = { message: MessageRef } | { round: RoundId };

/** One message for a chat port, as a transaction records it. */
export type Outbound =
  | { kind: 'post'; channel: ChannelRef; message: NeutralMessage }
  | { kind: 'reply'; channel: ChannelRef; thread: ThreadTarget; message: NeutralMessage }
  | { kind: 'update'; target: MessageRef; message: NeutralMessage }
  | { kind: 'tell'; channel?: ChannelRef; user: UserRef; message: NeutralMessage }
  | { kind: 'home'; workspace: WorkspaceRef; user: UserRef; view: NeutralMessage[] };

/** What is written once the message is out (the ref it created), or undone when sending gives up. */
export type AfterSend =
  | { kind: 'round-posted'; roundId: RoundId }
  | { kind: 'answer-copy-posted'; answerId: AnswerId }
  | { kind: 'summary-posted'; roundId: RoundId }
  | { kind: 'challenge-posted'; challengeId: number };

interface OutboxItem {
  platform: Platform;
  out: Outbound;
  then?: AfterSend;
}

// Long enough for a send that waits out a platform's 429; a dead sender's messages wait this long.
const LEASE_MS = 2 * 60_000;
// Enough to keep every workspace lane busy through a daily fan-out; see the lease guard below.
const CLAIM_LIMIT = 400;
// A message is sent only while its lease has at least this long to run, so no other sender can
// have taken it over by the time the platform answers.
const LEASE_MARGIN_MS = 30_000;
const MAX_ATTEMPTS = 8;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 30 * 60_000;
// A reply waits for its round's question to be posted; checked again after this.
const WAIT_MS = 5_000;
const WAIT_LIMIT_MS = 24 * 60 * 60_000;
const WORKSPACE_CONCURRENCY = 16;

/**
 * Records a message to send once the transaction commits. The outbox makes every post the
 * outcome of a commit: nothing is said for work that rolled back, and what a committed
 * transaction asked for is sent after a crash too (once; see `sendOutbox`).
 */
export async function say(t: Tx, ws: Pick<Workspace, 'id' | 'platform'>, out: Outbound, then?: AfterSend): Promise<void> {
  const item: OutboxItem = { platform: ws.platform, out, ...(then ? { then } : {}) };
  await t.db.outbox.add(ws.id, JSON.stringify(item), nowMs(t));
  t.noteSaid();
}

/**
 * Sends what the outbox holds that is due, oldest first: workspaces side by side, each
 * workspace's messages in order. A message is leased while it is sent, so two instances never
 * send it both; one whose lease ran out (its sender died mid-send) is first looked for by its
 * marker where the port can, and sent again only when it is not found.
 */
export async function sendOutbox(ctx: Ctx, owner: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const now = nowMs(ctx);
    const leaseUntil = now + LEASE_MS;
    const batch = await ctx.store.tx((db) => db.outbox.claimDue(owner, now, leaseUntil, CLAIM_LIMIT));
    if (!batch.length) return sent;
    const byWorkspace = new Map<number, OutboxEntry[]>();
    for (const e of batch) byWorkspace.set(e.workspaceId, [...(byWorkspace.get(e.workspaceId) ?? []), e]);
    await eachLimited([...byWorkspace.values()], WORKSPACE_CONCURRENCY, async (entries) => {
      const ws = await ctx.store.tx((db) => db.workspaces.get(entries[0]!.workspaceId));
      if (ws.status === 'removed') {
        // Uninstalled or kicked out: nothing more is said there (its data stays).
        for (const e of entries) await giveUp(ctx, e);
        ctx.log.info({ workspaceId: ws.id, dropped: entries.length }, 'outbox messages dropped: the workspace was removed');
        return;
      }
      // A message that has to wait holds back the later ones of its lane, so a thread never reads out of order.
      const held = new Map<string, number>();
      for (const e of entries) {
        const lane = laneOf(e);
        const until = held.get(lane);
        if (until !== undefined) {
          await ctx.store.tx((db) => db.outbox.postpone(e.id, until));
          continue;
        }
        if (nowMs(ctx) > leaseUntil - LEASE_MARGIN_MS) {
          // The batch ran long (429 waits): hand the rest back rather than send on a lease about to run out.
          await ctx.store.tx((db) => db.outbox.postpone(e.id, nowMs(ctx)));
          continue;
        }
        if (e.isRetry) ctx.observer?.outbox?.('taken-over', kindOf(e));
        const outcome = await sendOne(ctx, e, ws);
        if (outcome === 'sent') sent++;
        else if (typeof outcome === 'number') held.set(lane, outcome);
      }
    });
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const kindOf = (entry: OutboxEntry): string => (JSON.parse(entry.item) as OutboxItem).out.kind;

/** Messages to one channel (or one member) go out in the order they were said. */
function laneOf(entry: OutboxEntry): string {
  const { out } = JSON.parse(entry.item) as OutboxItem;
  return out.kind === 'post' || out.kind === 'reply' ? `c:${out.channel}` : out.kind === 'update' ? `m:${out.target}` : `u:${out.user}`;
}

/** Sent (or dropped for good), or the time it waits until. */
type Outcome = 'sent' | 'dropped' | number;

/** Drops a message for good, undoing what its sending would have completed (a round that never got posted fails). */
async function giveUp(ctx: Ctx, entry: OutboxEntry): Promise<void> {
  const item = JSON.parse(entry.item) as OutboxItem;
  await ctx.store.tx(async (db, commitWith) => {
    await db.outbox.recordFailure(entry.id, null);
    if (item.then) await undoAfterSend({ ...ctx, db, commitWith, noteSaid: () => undefined }, item.then, nowMs(ctx));
  });
}

async function sendOne(ctx: Ctx, entry: OutboxEntry, ws: Workspace): Promise<Outcome> {
  const item = JSON.parse(entry.item) as OutboxItem;
  const platformPort = ctx.ports.get(item.platform);
  const now = nowMs(ctx);
  const refs = { outboxId: entry.id, kind: item.out.kind, workspaceId: entry.workspaceId };
  if (!platformPort) {
    ctx.log.warn({ ...refs, platform: item.platform }, 'no chat port for this platform here; message kept for later');
    await ctx.store.tx((db) => db.outbox.postpone(entry.id, now + RETRY_MAX_MS));
    return now + RETRY_MAX_MS;
  }
  const port = platformPort.forWorkspace ? await platformPort.forWorkspace(ws.ref) : platformPort;
  if (!port) {
    ctx.log.warn(refs, 'message dropped: the app is not installed in its workspace');
    await giveUp(ctx, entry);
    return 'dropped';
  }
  try {
    const thread = item.out.kind === 'reply' ? await threadOf(ctx, item.out.thread) : undefined;
    if (item.out.kind === 'reply' && !thread) {
      // Its round's question is not posted yet; one that never got posted has no thread to answer in.
      const expired = thread === null || now - entry.createdAt > WAIT_LIMIT_MS;
      await ctx.store.tx((db) => (expired ? db.outbox.recordFailure(entry.id, null) : db.outbox.postpone(entry.id, now + WAIT_MS)));
      if (expired) ctx.log.warn(refs, 'reply dropped: its round has no thread');
      if (expired) ctx.observer?.outbox?.('dropped', item.out.kind);
      return expired ? 'dropped' : now + WAIT_MS;
    }
    const copyOf = item.then?.kind === 'answer-copy-posted' ? item.then.answerId : undefined;
    if (copyOf !== undefined && !(await ctx.store.tx((db) => db.answers.get(copyOf)))) {
      // Its answer was deleted, withdrawn or erased (forget-me) before the copy went out.
      await ctx.store.tx((db) => db.outbox.recordFailure(entry.id, null));
      ctx.observer?.outbox?.('dropped', item.out.kind);
      return 'dropped';
    }
    if (item.then?.kind === 'challenge-posted' && (await challengeEnded(ctx, item.then.challengeId))) {
      // It waited for a retry past its challenge's end: its buttons would be dead on arrival.
      await ctx.store.tx((db) => db.outbox.recordFailure(entry.id, null));
      ctx.log.info(refs, 'challenge post dropped: the challenge ended before it went out');
      ctx.observer?.outbox?.('dropped', item.out.kind);
      return 'dropped';
    }
    const ref = await deliver(port, item.out, thread ?? undefined, {
      marker: `dojo-out-${entry.id}`,
      isRetry: entry.isRetry || entry.attempts > 0,
    });
    await ctx.store.tx(async (db, commitWith) => {
      await db.outbox.markSent(entry.id, ref ?? null, nowMs(ctx));
      if (item.then && ref) await applyAfterSend({ ...ctx, db, commitWith, noteSaid: () => undefined }, item.then, ref);
    });
    ctx.observer?.outbox?.('sent', item.out.kind);
    return 'sent';
  } catch (err) {
    const giveUp = entry.attempts + 1 >= MAX_ATTEMPTS;
    const retryAt = giveUp ? null : now + Math.min(RETRY_BASE_MS * 2 ** entry.attempts, RETRY_MAX_MS);
    await ctx.store.tx(async (db, commitWith) => {
      await db.outbox.recordFailure(entry.id, retryAt);
      if (giveUp && item.then) await undoAfterSend({ ...ctx, db, commitWith, noteSaid: () => undefined }, item.then, now);
    });
    const line = { ...refs, attempts: entry.attempts + 1, err: err instanceof Error ? err.message : String(err) };
    ctx.observer?.outbox?.(giveUp ? 'given-up' : 'retry', item.out.kind);
    if (giveUp) ctx.log.error(line, 'sending failed; given up');
    else ctx.log.warn({ ...line, retryAt }, 'sending failed; will retry');
    return retryAt ?? 'dropped';
  }
}

async function challengeEnded(ctx: Ctx, challengeId: number): Promise<boolean> {
  const ch = await ctx.store.tx((db) => db.quiz.challenge(challengeId));
  return !ch || ch.status === 'ended';
}

/** The thread a reply goes in; undefined while its round is not posted yet, null when it never will be. */
async function threadOf(ctx: Ctx, target: ThreadTarget): Promise<MessageRef | null | undefined> {
  if ('message' in target) return target.message;
  const round = await ctx.store.tx((db) => db.rounds.get(target.round));
  if (round.messageRef) return round.messageRef;
  return round.status === 'failed' ? null : undefined;
}

async function deliver(
  port: ChatPort,
  out: Outbound,
  thread: MessageRef | undefined,
  opts: { marker: string; isRetry: boolean },
): Promise<MessageRef | undefined> {
  switch (out.kind) {
    case 'post': {
      const message = { ...out.message, marker: out.message.marker ?? opts.marker };
      const found = opts.isRetry ? await port.findPosted?.(out.channel, message) : undefined;
      return found ?? (await port.postMessage(out.channel, message));
    }
    case 'reply':
      return port.replyInThread(out.channel, thread!, out.message);
    case 'update':
      await port.updateMessage(out.target, out.message);
      return out.target;
    case 'tell':
      await port.tellPrivately(out.channel, out.user, out.message);
      return undefined;
    case 'home':
      await port.publishHome?.(out.workspace, out.user, out.view);
      return undefined;
  }
}

async function applyAfterSend(t: Tx, then: AfterSend, ref: MessageRef): Promise<void> {
  switch (then.kind) {
    case 'round-posted':
      await t.db.rounds.markPosted(then.roundId, ref);
      t.log.info({ roundId: then.roundId }, 'round posted');
      return;
    case 'answer-copy-posted':
      await t.db.answers.setPostedRef(then.answerId, ref);
      return;
    case 'summary-posted':
      await t.db.rounds.setSummaryRef(then.roundId, ref);
      return;
    case 'challenge-posted':
      await t.db.quiz.setChallengePosted(then.challengeId, ref);
      return;
  }
}

async function undoAfterSend(t: Tx, then: AfterSend, now: number): Promise<void> {
  if (then.kind === 'round-posted') await t.db.rounds.setStatus(then.roundId, ['posting'], 'failed', now);
  // Nobody saw the challenge: end it so it neither blocks the channel nor posts results.
  if (then.kind === 'challenge-posted') await t.db.quiz.finishChallenge(then.challengeId);
}

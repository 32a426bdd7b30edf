import { DateTime } from 'luxon';
import { channelPort, nowMs, portFor, type Ctx } from './context.js';
import { leaderboard, leaderboardMessage } from './leaderboard.js';
import { periodOf } from './periods.js';
import { closeRound, openRound, postSummary, publishRound, revealRound } from './rounds.js';
import { dueSlot, nextSlot } from './schedule.js';
import { challengeDueAt, endChallenge } from './quiz/challenge.js';
import type { Channel } from './types.js';

const DAY = 86_400_000;
const WORKSPACE_CONCURRENCY = 16;

/** Runs `fn` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Runs one step and logs its failure, so one broken channel never stops the others. */
async function guarded(ctx: Ctx, what: string, refs: object, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    ctx.log.error({ ...refs, err: err instanceof Error ? err.message : String(err) }, `${what} failed`);
  }
}

/**
 * Everything due at the clock's now, oldest obligations first: retry unfinished posts, reveal
 * blind rounds, close rounds, finish challenges, then post due slots, digests and nudges.
 * The decisions come from (schedule, timezone, now) and database claims, so running this on
 * two processes or after downtime posts each slot once.
 */
export async function runTick(ctx: Ctx): Promise<void> {
  const now = nowMs(ctx);
  const { rounds } = ctx.store;
  for (const r of rounds.listByStatus('posting')) await guarded(ctx, 'retrying post', { roundId: r.id }, () => publishRound(ctx, r));
  for (const r of rounds.listDue('open', 'revealAt', now)) {
    if (r.mode === 'blind') await guarded(ctx, 'reveal', { roundId: r.id }, () => revealRound(ctx, r));
  }
  for (const status of ['open', 'revealed'] as const) {
    for (const r of rounds.listDue(status, 'closesAt', now)) await guarded(ctx, 'close', { roundId: r.id }, () => closeRound(ctx, r));
  }
  for (const r of rounds.listUnsummarised(now - DAY)) {
    if (r.messageRef) await guarded(ctx, 'summary retry', { roundId: r.id }, () => postSummary(ctx, r));
  }
  for (const ch of ctx.store.quiz.runningChallenges()) {
    if (challengeDueAt(ch) <= now) await guarded(ctx, 'ending challenge', { challengeId: ch.id }, () => endChallenge(ctx, ch));
  }
  const due = new Map<number, { channel: Channel; slot: { key: string; at: number } }[]>();
  for (const channel of ctx.store.channels.listScheduled()) {
    const slot = dueSlot(channel, now);
    if (!slot || rounds.findBySlot(channel.id, slot.key)) continue;
    due.set(channel.workspaceId, [...(due.get(channel.workspaceId) ?? []), { channel, slot }]);
  }
  // Workspaces post side by side; inside one workspace posts go one after another, which keeps
  // each workspace's own rate budget and the order of its channels predictable.
  await eachLimited([...due.values()], WORKSPACE_CONCURRENCY, async (list) => {
    for (const { channel, slot } of list) {
      await guarded(ctx, 'weekly digest', { channelId: channel.id }, () => maybeDigest(ctx, channel, now));
      await guarded(ctx, 'scheduled post', { channelId: channel.id, slot: slot.key }, () =>
        openRound(ctx, channel, { ...slot, isScheduled: true }),
      );
    }
  });
  await guarded(ctx, 'review nudges', {}, () => sendNudges(ctx, now));
  const prunedDay = DateTime.fromMillis(now).toISODate()!;
  if (ctx.store.meta.get('events-pruned') !== prunedDay) {
    ctx.store.events.prune(now - 7 * DAY);
    ctx.store.meta.set('events-pruned', prunedDay, now);
  }
}

/** The first post of a new week in a digest channel is preceded by last week's top five. */
async function maybeDigest(ctx: Ctx, channel: Channel, now: number): Promise<void> {
  if (!channel.digest) return;
  const ws = ctx.store.workspaces.get(channel.workspaceId);
  const week = periodOf(now, ws.timezone).week;
  const key = `digest:${channel.id}:${week}`;
  if (ctx.store.meta.get(key)) return;
  ctx.store.meta.set(key, '1', now);
  const lastWeek = now - 7 * DAY;
  const board = leaderboard(ctx, ws, 'week', '', undefined, lastWeek, 5);
  if (!board.rows.length) return;
  const msg = leaderboardMessage(board);
  await channelPort(ctx, channel).postMessage(channel.ref, {
    ...msg,
    title: 'Weekly digest · last week’s top five',
    text: msg.text.replace(/\nYou have no points.*$/s, ''),
  });
}

/** Once a day, members who opted in hear how many reviews are due. */
async function sendNudges(ctx: Ctx, now: number): Promise<void> {
  for (const member of ctx.store.members.listNudged()) {
    const ws = ctx.store.workspaces.get(member.workspaceId);
    if (ws.status !== 'active') continue;
    const local = DateTime.fromMillis(now, { zone: ws.timezone });
    if (local.hour < 9) continue;
    const key = `nudge:${member.id}:${local.toISODate()}`;
    if (ctx.store.meta.get(key)) continue;
    const due = ctx.store.quiz.countDue(member.id, now);
    ctx.store.meta.set(key, String(due), now);
    if (due > 0) {
      await portFor(ctx, ws).tellPrivately(undefined, member.userRef, {
        text: `You have ${due} review${due === 1 ? '' : 's'} due. Run \`/dojo review\` when you have five minutes.`,
      });
    }
  }
}

/** The next instant after `now` when a tick has work: a slot, a reveal, a close or a challenge end. */
export function nextDueAt(ctx: Ctx, now: number): number | undefined {
  const times: number[] = [];
  const t = ctx.store.rounds.nextDueTime();
  if (t !== undefined) times.push(t);
  for (const ch of ctx.store.quiz.runningChallenges()) times.push(challengeDueAt(ch));
  for (const channel of ctx.store.channels.listScheduled()) {
    const due = dueSlot(channel, now);
    if (due && !ctx.store.rounds.findBySlot(channel.id, due.key)) times.push(now);
    const next = nextSlot(channel, now);
    if (next) times.push(next.at);
  }
  return times.length ? Math.max(now, Math.min(...times)) : undefined;
}

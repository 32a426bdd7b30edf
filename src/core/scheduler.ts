import { DateTime } from 'luxon';
import { inTx, nowMs, type Ctx, type Tx } from './context.js';
import { leaderboard, leaderboardMessage } from './leaderboard.js';
import { eachLimited, say } from './outbox.js';
import { periodOf } from './periods.js';
import { closeRound, openRound, revealRound } from './rounds.js';
import { dueSlot, nextSlot } from './schedule.js';
import { challengeDueAt, endChallenge } from './quiz/challenge.js';
import type { Channel, Member } from './types.js';

const DAY = 86_400_000;
// Scheduled posts run side by side so that, on SQLite, their transactions share commits.
const POST_CONCURRENCY = 16;

/**
 * Runs one step in a transaction of its own and logs its failure, so one broken channel never
 * stops the others; resolves with what the step returned once committed (undefined on failure).
 */
async function guarded<T>(ctx: Ctx, what: string, refs: object, step: (t: Tx) => Promise<T>): Promise<T | undefined> {
  try {
    return await inTx(ctx, step);
  } catch (err) {
    ctx.log.error({ ...refs, err: err instanceof Error ? err.message : String(err), stack: (err as Error).stack }, `${what} failed`);
    return undefined;
  }
}

/**
 * Everything due at the clock's now, oldest obligations first: reveal blind rounds, close
 * rounds, finish challenges, then post due slots, digests and nudges. The decisions come from
 * (schedule, timezone, now) and database claims, so running this on two processes or after
 * downtime posts each slot once. Posting itself is the outbox's (see outbox.ts).
 */
export async function runTick(ctx: Ctx): Promise<void> {
  const now = nowMs(ctx);
  const work = await inTx(ctx, async ({ db }) => ({
    reveals: (await db.rounds.listDue('open', 'revealAt', now)).filter((r) => r.mode === 'blind'),
    closes: [...(await db.rounds.listDue('open', 'closesAt', now)), ...(await db.rounds.listDue('revealed', 'closesAt', now))],
    challenges: (await db.quiz.runningChallenges()).filter((ch) => challengeDueAt(ch) <= now),
    channels: await db.channels.listScheduled(),
    nudged: await db.members.listNudged(),
  }));
  for (const r of work.reveals) await guarded(ctx, 'reveal', { roundId: r.id }, async (t) => revealRound(t, await t.db.rounds.get(r.id)));
  let closed = 0;
  for (const r of work.closes) {
    if (await guarded(ctx, 'close', { roundId: r.id }, async (t) => closeRound(t, await t.db.rounds.get(r.id)))) closed++;
  }
  let ended = 0;
  for (const ch of work.challenges) {
    const done = await guarded(ctx, 'ending challenge', { challengeId: ch.id }, async (t) => {
      const fresh = await t.db.quiz.challenge(ch.id);
      return fresh ? endChallenge(t, fresh) : false;
    });
    if (done) ended++;
  }
  const due = work.channels.flatMap((channel) => {
    const slot = dueSlot(channel, now);
    return slot ? [{ channel, slot }] : [];
  });
  let posted = 0;
  let unposted = 0;
  await eachLimited(due, POST_CONCURRENCY, async ({ channel, slot }) => {
    const round = await guarded(ctx, 'scheduled post', { channelId: channel.id, slot: slot.key }, async (t) => {
      if (await t.db.rounds.findBySlot(channel.id, slot.key)) return undefined;
      unposted++;
      await maybeDigest(t, channel, now);
      return openRound(t, channel, { ...slot, isScheduled: true });
    });
    if (round) posted++;
  });
  const observe = ctx.observer?.scheduled;
  if (observe) {
    // Due: no round for the slot yet when this tick looked (another instance may still win it).
    observe('slot-due', unposted);
    observe('slot-posted', posted);
    observe('round-closed', closed);
    observe('challenge-ended', ended);
  }
  for (const member of work.nudged) await guarded(ctx, 'review nudge', { memberId: member.id }, (t) => nudge(t, member, now));
  await guarded(ctx, 'pruning deliveries', {}, async ({ db }) => {
    const prunedDay = DateTime.fromMillis(now).toISODate()!;
    if ((await db.meta.get('events-pruned')) === prunedDay) return;
    await db.deliveries.prune(now - 7 * DAY);
    await db.meta.set('events-pruned', prunedDay, now);
  });
}

/** The first post of a new week in a digest channel is preceded by last week's top five. */
async function maybeDigest(ctx: Tx, channel: Channel, now: number): Promise<void> {
  if (!channel.digest) return;
  const ws = await ctx.db.workspaces.get(channel.workspaceId);
  const week = periodOf(now, ws.timezone).week;
  const key = `digest:${channel.id}:${week}`;
  // A claim, not a read then a write: two instances ticking together must not both post it.
  if (!(await ctx.db.meta.claim(key, '1', now))) return;
  const board = await leaderboard(ctx, ws, 'week', '', undefined, now - 7 * DAY, 5);
  if (!board.rows.length) return;
  const msg = leaderboardMessage(board);
  const message = { ...msg, title: 'Weekly digest · last week’s top five', text: msg.text.replace(/\nYou have no points.*$/s, '') };
  await say(ctx, ws, { kind: 'post', channel: channel.ref, message });
}

/** Once a day, a member who opted in hears how many reviews are due. */
async function nudge(ctx: Tx, member: Member, now: number): Promise<void> {
  const ws = await ctx.db.workspaces.get(member.workspaceId);
  if (ws.status !== 'active') return;
  const local = DateTime.fromMillis(now, { zone: ws.timezone });
  if (local.hour < 9) return;
  const key = `nudge:${member.id}:${local.toISODate()}`;
  const due = await ctx.db.quiz.countDue(member.id, now);
  if (!(await ctx.db.meta.claim(key, String(due), now))) return;
  if (due === 0) return;
  const text = `You have ${due} review${due === 1 ? '' : 's'} due. Run \`/dojo review\` when you have five minutes.`;
  await say(ctx, ws, { kind: 'tell', user: member.userRef, message: { text } });
}

/** The next instant after `now` when a tick has work: a slot, a reveal, a close, a challenge end or a message to send. */
export async function nextDueAt(ctx: Tx, now: number): Promise<number | undefined> {
  const times: number[] = [];
  const t = await ctx.db.rounds.nextDueTime();
  if (t !== undefined) times.push(t);
  const out = await ctx.db.outbox.nextDueAt();
  if (out !== undefined) times.push(out);
  for (const ch of await ctx.db.quiz.runningChallenges()) times.push(challengeDueAt(ch));
  for (const channel of await ctx.db.channels.listScheduled()) {
    const due = dueSlot(channel, now);
    if (due && !(await ctx.db.rounds.findBySlot(channel.id, due.key))) times.push(now);
    const next = nextSlot(channel, now);
    if (next) times.push(next.at);
  }
  return times.length ? Math.max(now, Math.min(...times)) : undefined;
}

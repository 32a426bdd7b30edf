import { withdrawAnswer } from '../answers.js';
import { DojoUserError, ok } from '../errors.js';
import { privately } from '../messages.js';
import { say } from '../outbox.js';
import { clip, safeUserText } from '../text.js';
import { defineCommand } from './command.js';
import { requireLiveRound } from './require.js';
import { parseUserArg } from './tokenize.js';

/** `/dojo void @member [reason]`: an admin takes an effortless or abusive answer out of the current round. */
export const voidAnswer = defineCommand<{ who: { rawId?: string; name?: string }; reason: string }>({
  name: 'void',
  summary: "Void a member's answer in the current round: its points and votes are taken back and the author is told.",
  admin: true,
  params: [
    { kind: 'member', name: 'member', description: 'Whose answer to void', required: true },
    { kind: 'text', name: 'reason', description: 'Told to the author' },
  ],
  check: (a) => ok({ who: parseUserArg(a.get('member')!), reason: clip(a.get('reason') ?? '', 300) }),
  async run(c, { who, reason }) {
    const round = await requireLiveRound(c);
    const { ctx, ws } = c;
    const member =
      (who.rawId ? await ctx.db.members.findByRawId(ws.id, who.rawId) : undefined) ??
      (who.name ? await ctx.db.members.findByName(ws.id, who.name) : undefined);
    if (!member) throw new DojoUserError('unknown-member', "I haven't seen that member here yet.");
    const answer = await ctx.db.answers.findByMember(round.id, member.id);
    if (!answer) throw new DojoUserError('no-answer', `${safeUserText(member.displayName)} has no answer in the current round.`);
    const votes = await ctx.db.votes.countForAnswer(answer.id);
    if (!(await withdrawAnswer(ctx, ws, answer))) throw new DojoUserError('round-closed', 'That round has closed; its results stand.');
    // Remembered so a vote on the voided reply can say why it does not count (handle-event whyNotVotable).
    if (answer.messageRef) await ctx.db.meta.set(`not-votable:${answer.messageRef}`, `${round.id}:voided`, c.now);
    const channel = await ctx.db.channels.get(round.channelId);
    // A copy not out yet is dropped by the outbox (its answer is gone); one already out is marked.
    if (answer.postedRef)
      await say(ctx, ws, { kind: 'update', target: answer.postedRef, message: { text: 'An admin voided this answer.' } });
    const why = reason ? ` Reason: ${safeUserText(reason)}` : '';
    const points = ws.settings.points.answer;
    await say(ctx, ws, {
      kind: 'tell',
      channel: channel.ref,
      user: member.userRef,
      message: {
        text: `An admin voided your answer in the current round, so its ${points} point${points === 1 ? '' : 's'} and any votes on it are taken back.${why}`,
        hasUserText: Boolean(reason),
      },
    });
    ctx.log.info({ roundId: round.id, answerId: answer.id }, 'answer voided');
    return privately({
      text: `Voided ${safeUserText(member.displayName)}'s answer (−${points}, ${votes} vote${votes === 1 ? '' : 's'} taken back); they have been told.`,
    });
  },
});

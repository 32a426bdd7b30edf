import { withdrawAnswer } from '../answers.js';
import { channelPort } from '../context.js';
import { DojoUserError, fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { clip, safeUserText } from '../text.js';
import { defineCommand } from './command.js';
import { requireLiveRound } from './require.js';
import { parseUserArg } from './tokenize.js';

/** `/dojo void @member [reason]`: an admin takes an effortless or abusive answer out of the current round. */
export const voidAnswer = defineCommand<{ who: { rawId?: string; name?: string }; reason: string }>({
  name: 'void',
  usage: '/dojo void @member [reason]',
  summary: "Void a member's answer in the current round: its points and votes are taken back and the author is told.",
  admin: true,
  // The author is told privately, which is a post.
  posts: true,
  parse(args) {
    if (!args[0]) return fail('usage', 'Name the member whose answer to void, e.g. /dojo void @sam not an answer.');
    return ok({ who: parseUserArg(args[0]), reason: clip(args.slice(1).join(' ').trim(), 300) });
  },
  async run(c, { who, reason }) {
    const round = requireLiveRound(c);
    const { ctx, ws } = c;
    const member =
      (who.rawId ? ctx.store.members.findByRawId(ws.id, who.rawId) : undefined) ??
      (who.name ? ctx.store.members.findByName(ws.id, who.name) : undefined);
    if (!member) throw new DojoUserError('unknown-member', "I haven't seen that member here yet.");
    const answer = ctx.store.answers.findByMember(round.id, member.id);
    if (!answer) throw new DojoUserError('no-answer', `${safeUserText(member.displayName)} has no answer in the current round.`);
    const votes = ctx.store.votes.countForAnswer(answer.id);
    if (!withdrawAnswer(ctx, ws, answer)) throw new DojoUserError('round-closed', 'That round has closed; its results stand.');
    if (answer.messageRef) ctx.store.meta.set(`not-votable:${answer.messageRef}`, `${round.id}:voided`, c.now);
    const channel = ctx.store.channels.get(round.channelId);
    const port = channelPort(ctx, channel);
    const why = reason ? ` Reason: ${safeUserText(reason)}` : '';
    try {
      if (answer.postedRef) await port.updateMessage(answer.postedRef, { text: 'An admin voided this answer.' });
      await port.tellPrivately(channel.ref, member.userRef, {
        text: `An admin voided your answer in the current round, so its ${ws.settings.points.answer} point${ws.settings.points.answer === 1 ? '' : 's'} and any votes on it are taken back.${why}`,
        hasUserText: Boolean(reason),
      });
    } catch (err) {
      ctx.log.warn({ answerId: answer.id, err: String(err) }, 'telling the author of a voided answer failed');
    }
    ctx.log.info({ roundId: round.id, answerId: answer.id }, 'answer voided');
    return privately({
      text: `Voided ${safeUserText(member.displayName)}'s answer (−${ws.settings.points.answer}, ${votes} vote${votes === 1 ? '' : 's'} taken back); they have been told.`,
    });
  },
});

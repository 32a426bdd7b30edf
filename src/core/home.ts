import { isAdmin } from './access.js';
import { describeChannel } from './channel-settings.js';
import type { Tx } from './context.js';
import type { NeutralMessage } from './messages.js';
import { memberStats } from './member-stats.js';
import type { Actor } from './ports.js';
import { clip } from './text.js';
import type { Member, Workspace } from './types.js';

/** The member's home view: standing, streak, reviews, today's questions, and schedules for admins. */
export async function homeView(ctx: Tx, ws: Workspace, member: Member, actor: Actor, now: number): Promise<NeutralMessage[]> {
  const s = await memberStats(ctx, ws, member, now);
  const view: NeutralMessage[] = [
    {
      title: 'Interview Dojo',
      text: [
        `**Rank:** ${s.rank ? `#${s.rank}` : '—'} · **points:** ${s.points.all} all time, ${s.points.week} this week`,
        `**Streak:** ${s.streak} round${s.streak === 1 ? '' : 's'} · **reviews due:** ${s.dueReviews}${s.dueReviews ? ' — run `/dojo review`' : ''}`,
      ].join('\n'),
    },
  ];
  const channels = await ctx.db.channels.listForWorkspace(ws.id);
  const today: string[] = [];
  for (const ch of channels) {
    const round = await ctx.db.rounds.findLive(ch.id);
    if (!round?.messageRef) continue;
    const question = (await ctx.db.content.get(round.questionId))!;
    today.push(`- #${ch.name || ch.ref}: ${clip(question.prompt, 150)} [open](dojo-message:${round.messageRef})`);
  }
  view.push({ title: "Today's questions", text: today.length ? today.join('\n') : 'No open round right now.' });
  if (isAdmin(ctx, ws, actor) && channels.length) {
    view.push({
      title: 'Channel schedules (admin)',
      text: channels.map((ch) => `**#${ch.name || ch.ref}**\n${describeChannel(ch, now)}`).join('\n\n'),
    });
  }
  return view;
}

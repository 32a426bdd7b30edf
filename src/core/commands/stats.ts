import { categoryLabel } from '../categories.js';
import { ok } from '../errors.js';
import { privately } from '../messages.js';
import { memberStats, type MemberStats } from '../member-stats.js';
import { safeUserText } from '../text.js';
import { defineCommand } from './command.js';
import { parseUserArg } from './tokenize.js';
import { DojoUserError } from '../errors.js';

const pct = (share: number) => `${Math.round(share * 100)}%`;

/** Reviews given and received, and the average coverage with its last few values (oldest first), so a trend shows. */
function peerReviewLine(p: MemberStats['peerReviews']): string {
  const head = `**Peer reviews:** ${p.given} given · ${p.received} received`;
  if (!p.coverage.length) return head;
  const average = p.coverage.reduce((a, b) => a + b, 0) / p.coverage.length;
  const recent = p.coverage.slice(-5).map(pct).join(' → ');
  return `${head} · **key point coverage:** ${pct(average)} on average over ${p.coverage.length} answer${p.coverage.length === 1 ? '' : 's'} (latest: ${recent})`;
}

export const stats = defineCommand({
  name: 'stats',
  summary: 'Points, rank, streak, reviews due and quiz accuracy.',
  admin: false,
  params: [{ kind: 'member', name: 'member', description: 'Whose stats (default: yours)' }],
  check: (a) => ok(a.has('member') ? parseUserArg(a.get('member')!) : undefined),
  async run(c, who) {
    let member = c.member;
    if (who) {
      const found =
        (who.rawId ? await c.ctx.db.members.findByRawId(c.ws.id, who.rawId) : undefined) ??
        (who.name ? await c.ctx.db.members.findByName(c.ws.id, who.name) : undefined);
      if (!found) throw new DojoUserError('unknown-member', "I haven't seen that member here yet.");
      member = found;
    }
    const s = await memberStats(c.ctx, c.ws, member, c.now);
    const acc = s.accuracy.length
      ? s.accuracy.map((a) => `${categoryLabel(a.category)}: ${a.correct}/${a.answered}`).join(' · ')
      : 'no quiz answers yet';
    return privately({
      title: `Stats · ${safeUserText(member.displayName)}`,
      text: [
        `**Points:** ${s.points.week} this week · ${s.points.month} this month · ${s.points.season} this season · ${s.points.all} all time`,
        `**Rank (all time):** ${s.rank ? `#${s.rank}` : '—'}`,
        `**Answers:** ${s.answers} · **votes received:** ${s.votesReceived} · **streak:** ${s.streak} round${s.streak === 1 ? '' : 's'}`,
        `**Reviews due:** ${s.dueReviews} · **reviews done:** ${s.reviewsDone}${s.retention === undefined ? '' : ` · **retention:** ${Math.round(s.retention * 100)}%`}`,
        `**Quiz accuracy:** ${acc}`,
        peerReviewLine(s.peerReviews),
      ].join('\n'),
      hasUserText: true,
    });
  },
});

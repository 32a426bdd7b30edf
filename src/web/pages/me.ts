import { categoryLabel, memberStats } from '../../core/index.js';
import { barChart, lineChart } from '../charts.js';
import { html } from '../html.js';
import { layout, pageHref, type Viewer } from './layout.js';
import { cumulative, lastWeeks } from './weeks.js';

const WEEKS = 12;

/** My page: my points over time, answers and votes, streak, quiz accuracy, reviews due. */
export async function mePage(v: Viewer): Promise<string> {
  const { ws, member, now } = v;
  const weeks = lastWeeks(now, ws.timezone, WEEKS);
  const { stats, weekly } = await v.store.tx(async (db) => ({
    stats: await memberStats({ db }, ws, member, now),
    weekly: await db.dashboard.periodPoints(
      ws.id,
      weeks.map((w) => w.key),
      '',
      [member.id],
    ),
  }));
  const byWeek = new Map(weekly.map((p) => [p.period, p.points]));
  const perWeek = weeks.map((w) => byWeek.get(w.key) ?? 0);

  const tiles = html`<ul class="tiles">
    <li><span class="big">${stats.points.all}</span> points all time${stats.rank ? html` · rank #${stats.rank}` : ''}</li>
    <li><span class="big">${stats.points.week}</span> this week · ${stats.points.month} this month · ${stats.points.season} this season</li>
    <li><span class="big">${stats.answers}</span> answers · <span class="big">${stats.votesReceived}</span> votes received</li>
    <li><span class="big">${stats.streak}</span> round streak</li>
  </ul>`;

  const reviews = stats.dueReviews
    ? html`<p class="due"><strong>${stats.dueReviews} review${stats.dueReviews === 1 ? ' is' : 's are'} due.</strong> Start them in chat with <code>/dojo review</code>.</p>`
    : html`<p>No reviews due. <code>/dojo quiz</code> in chat gives you a new question.</p>`;

  const accuracy = stats.accuracy.length
    ? html`${barChart({
        title: 'Quiz accuracy per category',
        labels: stats.accuracy.map((a) => categoryLabel(a.category)),
        series: [
          { name: 'Answered', values: stats.accuracy.map((a) => a.answered) },
          { name: 'Correct', values: stats.accuracy.map((a) => a.correct) },
        ],
        unit: 'quiz answers',
      })}
      <div class="scroll"><table><thead><tr><th scope="col">Category</th><th scope="col" class="num">Answered</th><th scope="col" class="num">Correct</th><th scope="col" class="num">Accuracy</th></tr></thead><tbody>
      ${stats.accuracy.map(
        (a) => html`<tr><th scope="row">${categoryLabel(a.category)}</th><td class="num">${a.answered}</td><td class="num">${a.correct}</td>
          <td class="num">${a.answered ? `${Math.round((a.correct / a.answered) * 100)}%` : '—'}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="empty">No quiz answers yet: try <code>/dojo quiz</code> in chat.</p>`;

  const body = html`${tiles}
  <div class="grid">
    <section><h2>My points over time</h2>${lineChart({
      title: `My points over the last ${WEEKS} weeks (running total)`,
      labels: weeks.map((w) => w.label),
      series: [{ name: member.displayName, values: cumulative(perWeek) }],
      unit: 'points',
    })}</section>
    <section><h2>Reviews</h2>${reviews}
      <p>${stats.reviewsDone} reviews done${stats.retention === undefined ? '' : ` · ${Math.round(stats.retention * 100)}% recalled`}.</p>
      <p><a href="${pageHref(v, 'archive', { member: member.id })}">My answers in the archive</a></p>
    </section>
  </div>
  <section><h2>Quiz accuracy per category</h2>${accuracy}</section>`;
  return layout(v, 'me', 'My page', body);
}

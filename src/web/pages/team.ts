import { CATEGORIES, categoryLabel, competitionRanks, PERIODS, periodKey, resolveCategory, type Period } from '../../core/index.js';
import { barChart, lineChart } from '../charts.js';
import { html, type SafeHtml } from '../html.js';
import { layout, pageHref, switcher, type Viewer } from './layout.js';
import { cumulative, lastWeeks } from './weeks.js';

const PERIOD_TEXT: Record<Period, string> = { week: 'This week', month: 'This month', season: 'This season', all: 'All time' };
const BOARD_SIZE = 20;
const CHART_MEMBERS = 5;
const WEEKS = 12;

/** The team page: leaderboard with period and category switches, points over time, turnout, coverage. */
export async function teamPage(v: Viewer, query: URLSearchParams): Promise<string> {
  const period = (PERIODS as string[]).includes(query.get('period') ?? '') ? (query.get('period') as Period) : 'week';
  const category = resolveCategory(query.get('category') ?? '') ?? '';
  const { ws, now } = v;
  const weeks = lastWeeks(now, ws.timezone, WEEKS);
  const data = await v.store.tx(async (db) => {
    const key = periodKey(period, now, ws.timezone, ws.season);
    const top = await db.scores.top(ws.id, key, category, BOARD_SIZE);
    const mine = top.some((r) => r.memberId === v.member.id) ? undefined : await db.scores.rankOf(ws.id, key, category, v.member.id);
    const charted = top.slice(0, CHART_MEMBERS);
    const weekly = await db.dashboard.periodPoints(
      ws.id,
      weeks.map((w) => w.key),
      category,
      charted.map((r) => r.memberId),
    );
    const activity = await db.dashboard.roundActivity(ws.id, weeks[0]!.start);
    const coverage = await db.dashboard.categoryCoverage(ws.id);
    const admin = v.isAdmin
      ? { channels: await db.channels.listForWorkspace(ws.id), suggestions: (await db.suggestions.listPending(ws.id)).length }
      : undefined;
    return { top, mine, charted, weekly, activity, coverage, admin };
  });

  const ranks = competitionRanks(data.top.map((r) => r.points));
  const here = (p: Period, c: string) => pageHref(v, 'team', { period: p, category: c });
  const switches = html`${switcher(
    'Period',
    PERIODS.map((p) => ({ href: here(p, category), text: PERIOD_TEXT[p], current: p === period })),
  )}${switcher('Category', [
    { href: here(period, ''), text: 'All', current: category === '' },
    ...Object.keys(CATEGORIES).map((c) => ({ href: here(period, c), text: categoryLabel(c), current: c === category })),
  ])}`;

  const board = data.top.length
    ? html`<table class="board"><thead><tr><th scope="col">#</th><th scope="col">Member</th><th scope="col" class="num">Points</th></tr></thead><tbody>
      ${data.top.map(
        (r, i) => html`<tr${r.memberId === v.member.id ? html` class="me"` : ''}><td>${ranks[i]!}</td>
          <td><a href="${pageHref(v, 'archive', { member: r.memberId })}">${r.displayName}</a></td><td class="num">${r.points}</td></tr>`,
      )}</tbody></table>
      ${data.mine ? html`<p class="you">You: #${data.mine.rank} with ${data.mine.points} points.</p>` : ''}`
    : html`<p class="empty">No points yet for ${PERIOD_TEXT[period].toLowerCase()}${category ? ` in ${categoryLabel(category)}` : ''}.</p>`;

  const points = new Map(data.weekly.map((p) => [`${p.memberId}|${p.period}`, p.points]));
  const overTime = data.charted.length
    ? lineChart({
        title: `Points over the last ${WEEKS} weeks, top ${data.charted.length} (running total)`,
        labels: weeks.map((w) => w.label),
        series: data.charted.map((r) => ({
          name: r.displayName,
          values: cumulative(weeks.map((w) => points.get(`${r.memberId}|${w.key}`) ?? 0)),
        })),
        unit: 'points',
      })
    : html`<p class="empty">The chart appears once someone has points.</p>`;

  const turnout = barChart({
    title: `Answers and voters per week, last ${WEEKS} weeks`,
    labels: weeks.map((w) => w.label),
    series: [
      { name: 'Answers', values: weeks.map((w, i) => sumIn(data.activity, w.start, weeks[i + 1]?.start, 'answers')) },
      { name: 'Voters', values: weeks.map((w, i) => sumIn(data.activity, w.start, weeks[i + 1]?.start, 'voters')) },
      { name: 'Rounds', values: weeks.map((w, i) => data.activity.filter((a) => inWeek(a.slotAt, w.start, weeks[i + 1]?.start)).length) },
    ],
    unit: 'count',
  });

  const body = html`${switches}
  <div class="grid">
    <section><h2>Leaderboard</h2>${board}</section>
    <section><h2>Points over time</h2>${overTime}</section>
  </div>
  <section><h2>Participation per week</h2>${turnout}</section>
  <section><h2>Category coverage</h2>${coverageTable(v, data.coverage)}</section>
  ${data.admin ? adminPanel(data.admin) : ''}`;
  return layout(v, 'team', 'Team', body);
}

const inWeek = (at: number, start: number, end: number | undefined) => at >= start && (end === undefined || at < end);

function sumIn(
  activity: { slotAt: number; answers: number; voters: number }[],
  start: number,
  end: number | undefined,
  field: 'answers' | 'voters',
) {
  return activity.filter((a) => inWeek(a.slotAt, start, end)).reduce((n, a) => n + a[field], 0);
}

/** Which categories the team answered well (answers per round) and which it has not met yet. */
function coverageTable(v: Viewer, coverage: { category: string; rounds: number; answers: number }[]): SafeHtml {
  const byCategory = new Map(coverage.map((c) => [c.category, c]));
  const rows = Object.keys(CATEGORIES).map((id) => byCategory.get(id) ?? { category: id, rounds: 0, answers: 0 });
  for (const c of coverage) if (!CATEGORIES[c.category]) rows.push(c);
  const best = Math.max(1, ...rows.map((r) => (r.rounds ? r.answers / r.rounds : 0)));
  return html`<div class="scroll"><table class="coverage"><thead><tr><th scope="col">Category</th><th scope="col" class="num">Rounds</th>
    <th scope="col" class="num">Answers</th><th scope="col">Answers per round</th></tr></thead><tbody>
    ${rows.map((r) => {
      const rate = r.rounds ? r.answers / r.rounds : 0;
      return html`<tr${r.rounds === 0 ? html` class="avoided"` : ''}><th scope="row"><a href="${pageHref(v, 'archive', { category: r.category })}">${categoryLabel(r.category)}</a></th>
        <td class="num">${r.rounds}</td><td class="num">${r.answers}</td>
        <td>${r.rounds ? html`<meter min="0" max="${best}" value="${rate.toFixed(2)}">${rate.toFixed(1)}</meter> ${rate.toFixed(1)}` : 'not asked yet'}</td></tr>`;
    })}</tbody></table></div>`;
}

const DAY = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function adminPanel(admin: {
  channels: { name: string; paused: boolean; days: number[]; time: string; timezone: string }[];
  suggestions: number;
}): SafeHtml {
  return html`<section class="admin"><h2>Admin</h2>
    <p>${admin.suggestions} suggested question${admin.suggestions === 1 ? '' : 's'} waiting (<code>/dojo suggestions</code> in chat).</p>
    <div class="scroll"><table><thead><tr><th scope="col">Practice channel</th><th scope="col">Schedule</th><th scope="col">State</th></tr></thead><tbody>
    ${admin.channels.map(
      (c) =>
        html`<tr><td>#${c.name}</td><td>${c.days.map((d) => DAY[d]).join(' ')} ${c.time} ${c.timezone}</td><td>${c.paused ? 'paused' : 'running'}</td></tr>`,
    )}</tbody></table></div></section>`;
}

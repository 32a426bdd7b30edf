import { CATEGORIES, categoryLabel, resolveCategory, type ArchiveEntry, type Member } from '../../core/index.js';
import { html, multiline, type SafeHtml } from '../html.js';
import { formatDate, layout, pageHref, type Viewer } from './layout.js';

const PAGE_SIZE = 20;
const MAX_WORDS = 8;
const MEMBER_CHOICES = 30;

/** The words of a search box as the stores search them: letters and digits only, at most eight. */
export const searchWords = (q: string) => (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS).map((w) => w.slice(0, 64));

/** The archive: every closed round newest first, searchable, filtered by category and member. */
export async function archivePage(v: Viewer, query: URLSearchParams): Promise<string> {
  const q = (query.get('q') ?? '').slice(0, 200);
  const words = searchWords(q);
  const category = resolveCategory(query.get('category') ?? '') ?? '';
  const page = Math.min(10_000, Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1));
  const memberParam = Number.parseInt(query.get('member') ?? '', 10);
  const { filterMember, result, people } = await v.store.tx(async (db) => {
    // A member of another workspace is no filter here: the id is dropped, never looked through.
    let filterMember: Member | undefined;
    if (Number.isSafeInteger(memberParam) && memberParam > 0) {
      const found = await db.members.get(memberParam as Member['id']).catch(() => undefined);
      if (found?.workspaceId === v.ws.id) filterMember = found;
    }
    const result = await db.dashboard.archive(v.ws.id, {
      words,
      category: category || undefined,
      memberId: filterMember?.id,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    // The member filter offers the all-time board's top members and the viewer (links on names reach anyone else).
    const people = (await db.scores.top(v.ws.id, 'all', '', MEMBER_CHOICES)).map((r) => ({ id: r.memberId, name: r.displayName }));
    for (const m of [v.member, filterMember]) if (m && !people.some((p) => p.id === m.id)) people.push({ id: m.id, name: m.displayName });
    return { filterMember, result, people };
  });

  const params = { q, category, member: filterMember?.id };
  const form = html`<form class="search" method="get" action="archive" role="search">
    <input type="hidden" name="t" value="${v.token}">
    <label>Search <input type="search" name="q" value="${q}" placeholder="e.g. idempotency, event loop"></label>
    <label>Category <select name="category"><option value="">All categories</option>
      ${Object.keys(CATEGORIES).map((c) => html`<option value="${c}"${c === category ? html` selected` : ''}>${categoryLabel(c)}</option>`)}
    </select></label>
    <label>Member <select name="member"><option value="">Everyone</option>
      ${people.map((p) => html`<option value="${p.id}"${p.id === filterMember?.id ? html` selected` : ''}>${p.name}</option>`)}
    </select></label>
    <button type="submit">Search</button>
  </form>
  ${filterMember ? html`<p class="filter">Rounds answered by <strong>${filterMember.displayName}</strong> · <a href="${pageHref(v, 'archive', { q, category })}">show everyone's</a></p>` : ''}`;

  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const summary = html`<p class="count">${result.total} closed round${result.total === 1 ? '' : 's'}${words.length ? html` matching “${q}”` : ''}${
    pages > 1 ? ` · page ${page} of ${pages}` : ''
  }</p>`;
  const nav =
    pages > 1
      ? html`<nav class="pages">${page > 1 ? html`<a rel="prev" href="${pageHref(v, 'archive', { ...params, page: page - 1 })}">← Newer</a>` : ''}
        ${page < pages ? html`<a rel="next" href="${pageHref(v, 'archive', { ...params, page: page + 1 })}">Older →</a>` : ''}</nav>`
      : '';
  const list = result.entries.length
    ? html`${result.entries.map((e) => entry(v, e))}`
    : html`<p class="empty">${words.length || category || filterMember ? 'Nothing matches. Try fewer or other words.' : 'No closed rounds yet: the archive fills as rounds close.'}</p>`;
  return layout(v, 'archive', 'Archive', html`${form}${summary}${list}${nav}`);
}

function entry(v: Viewer, e: ArchiveEntry): SafeHtml {
  const { body } = e.question;
  return html`<article class="round">
    <p class="meta">${formatDate(e.slotAt, v.ws.timezone)} · #${e.channelName} · <a href="${pageHref(v, 'archive', { category: e.question.category })}">${categoryLabel(e.question.category)}</a> · ${e.question.difficulty}</p>
    <h2>${e.question.prompt}</h2>
    <details class="reference"><summary>Reference answer</summary>
      ${body.keyPoints?.length ? html`<h3>Key points</h3><ul>${body.keyPoints.map((k) => html`<li>${k}</li>`)}</ul>` : ''}
      ${body.modelAnswer ? html`<h3>Model answer</h3><p>${multiline(body.modelAnswer)}</p>` : ''}
      ${body.diagram ? html`<pre class="diagram">${body.diagram}</pre>` : ''}
    </details>
    ${
      e.answers.length
        ? html`<h3>The team's answers</h3><ol class="answers">${e.answers.map(
            (a) => html`<li><p class="by"><a href="${pageHref(v, 'archive', { member: a.memberId })}">${a.displayName}</a>
              <span class="votes">${a.votes} vote${a.votes === 1 ? '' : 's'}</span></p><p class="text">${multiline(a.text)}</p></li>`,
          )}</ol>`
        : html`<p class="empty">Nobody answered this one.</p>`
    }
  </article>`;
}

import type { ArchiveEntry, DashboardRepo } from '../../core/dashboard-store.js';
import type { MemberId, QuestionBody, RoundId } from '../../core/types.js';
import type { ChangeCache } from '../change-cache.js';
import type { Db } from '../db.js';
import type { Sync } from '../sync-repos.js';

/** Words as an FTS5 query: each one quoted (so no word is read as an operator), all required. */
export const ftsQuery = (words: string[]) => words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');

export type ArchiveRow = {
  roundId: number;
  slotAt: number;
  closedAt: number | null;
  channelName: string;
  questionId: string;
  category: string;
  difficulty: string;
  prompt: string;
  body: string;
};

// `+r.status` keeps the planner off rounds_status_closes_idx (every workspace's closed rounds) and on
// rounds_channel_slot_at_idx, which reads only this workspace's channels.
// The turnout and coverage charts read thousands of rows but change only when the database does;
// `cache` serves them again until any row changes (see ChangeCache).
export function dashboardRepo(db: Db, cache: ChangeCache): Sync<DashboardRepo> {
  const c = db.$client;
  const periodPoints = c.prepare(
    `SELECT member_id AS memberId, period, points FROM score_totals
      WHERE workspace_id = ? AND category = ? AND period IN (SELECT value FROM json_each(?))
        AND member_id IN (SELECT value FROM json_each(?))`,
  );
  const activity = c.prepare(
    `SELECT r.id AS roundId, r.slot_at AS slotAt,
            (SELECT count(*) FROM answers a WHERE a.round_id = r.id) AS answers,
            (SELECT count(DISTINCT v.voter_id) FROM answers a JOIN votes v ON v.answer_id = a.id
              WHERE a.round_id = r.id AND v.retracted_at IS NULL) AS voters
       FROM rounds r
      WHERE r.channel_id IN (SELECT id FROM channels WHERE workspace_id = @ws) AND +r.status = 'closed' AND r.slot_at >= @since
      ORDER BY r.slot_at, r.id`,
  );
  // Grouped by question first (a round's category is its question's), so the 5,000-round history
  // costs one index count per round and one question look-up per distinct question.
  const coverageByQuestion = c.prepare(
    `SELECT r.question_id AS questionId, count(*) AS rounds,
            sum((SELECT count(*) FROM answers a WHERE a.round_id = r.id)) AS answers
       FROM rounds r WHERE r.channel_id IN (SELECT id FROM channels WHERE workspace_id = ?) AND +r.status = 'closed'
      GROUP BY r.question_id`,
  );
  const categoriesOf = c.prepare('SELECT id, category FROM questions WHERE id IN (SELECT value FROM json_each(?))');
  // The search runs once per request: the rounds whose answers match and the questions that match.
  const roundsByAnswer = c
    .prepare('SELECT DISTINCT a.round_id FROM answers_fts f JOIN answers a ON a.id = f.rowid WHERE answers_fts MATCH ?')
    .pluck();
  const questionsByText = c.prepare('SELECT question_id FROM questions_fts WHERE questions_fts MATCH ?').pluck();
  // One statement per combination of filters, prepared on first use; it lists the matching round
  // ids in archive order (small rows), and only the page's rounds are read in full.
  const idStatements = new Map<string, ReturnType<typeof c.prepare>>();
  const idStatement = (hasWords: boolean, hasCategory: boolean, hasMember: boolean) => {
    const key = `${hasWords}${hasCategory}${hasMember}`;
    let s = idStatements.get(key);
    if (!s) {
      const where = [
        hasCategory ? 'AND r.question_id IN (SELECT id FROM questions WHERE category = @category)' : '',
        hasMember ? 'AND EXISTS (SELECT 1 FROM answers a WHERE a.round_id = r.id AND a.member_id = @member)' : '',
        hasWords
          ? `AND (r.id IN (SELECT value FROM json_each(@rounds)) OR r.question_id IN (SELECT value FROM json_each(@questions)))`
          : '',
      ].join(' ');
      s = c
        .prepare(
          `SELECT r.id FROM rounds r
            WHERE r.channel_id IN (SELECT id FROM channels WHERE workspace_id = @ws) AND +r.status = 'closed' ${where}
            ORDER BY r.slot_at DESC, r.id DESC`,
        )
        .pluck();
      idStatements.set(key, s);
    }
    return s;
  };
  const pageRows = c.prepare(
    `SELECT r.id AS roundId, r.slot_at AS slotAt, r.closed_at AS closedAt, c.name AS channelName, q.id AS questionId,
            q.category AS category, q.difficulty AS difficulty, q.prompt AS prompt, q.body AS body
       FROM rounds r JOIN channels c ON c.id = r.channel_id JOIN questions q ON q.id = r.question_id
      WHERE r.id IN (SELECT value FROM json_each(?))
      ORDER BY r.slot_at DESC, r.id DESC`,
  );
  const answersOf = c.prepare(
    `SELECT a.round_id AS roundId, a.member_id AS memberId, m.display_name AS displayName, a.text AS text,
            (SELECT count(*) FROM votes v WHERE v.answer_id = a.id AND v.retracted_at IS NULL) AS votes
       FROM answers a JOIN members m ON m.id = a.member_id
      WHERE a.round_id IN (SELECT value FROM json_each(?))
      ORDER BY votes DESC, a.created_at, a.id`,
  );

  const coverageOf = (ws: number) => {
    const perQuestion = coverageByQuestion.all(ws) as { questionId: string; rounds: number; answers: number }[];
    const category = new Map(
      (categoriesOf.all(JSON.stringify(perQuestion.map((q) => q.questionId))) as { id: string; category: string }[]).map((q) => [
        q.id,
        q.category,
      ]),
    );
    const out = new Map<string, { category: string; rounds: number; answers: number }>();
    for (const q of perQuestion) {
      const name = category.get(q.questionId) ?? 'general';
      const row = out.get(name) ?? { category: name, rounds: 0, answers: 0 };
      row.rounds += q.rounds;
      row.answers += q.answers;
      out.set(name, row);
    }
    return [...out.values()].sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  };

  return {
    periodPoints: (ws, periods, category, memberIds) =>
      periodPoints.all(ws, category, JSON.stringify(periods), JSON.stringify(memberIds)) as {
        memberId: MemberId;
        period: string;
        points: number;
      }[],
    roundActivity: (ws, since) =>
      cache.get(`activity:${ws}:${since}`, () => activity.all({ ws, since }) as ReturnType<Sync<DashboardRepo>['roundActivity']>),
    categoryCoverage: (ws) => cache.get(`coverage:${ws}`, () => coverageOf(ws)),
    archive(ws, filter) {
      const words = filter.words?.length ? filter.words : undefined;
      const match = words && ftsQuery(words);
      const ids = idStatement(Boolean(words), Boolean(filter.category), filter.memberId !== undefined).all({
        ws,
        ...(filter.category ? { category: filter.category } : {}),
        ...(filter.memberId !== undefined ? { member: filter.memberId } : {}),
        ...(match ? { rounds: JSON.stringify(roundsByAnswer.all(match)), questions: JSON.stringify(questionsByText.all(match)) } : {}),
      }) as number[];
      const page = JSON.stringify(ids.slice(filter.offset, filter.offset + filter.limit));
      const rows = pageRows.all(page) as ArchiveRow[];
      const answers = answersOf.all(page) as (ArchiveEntry['answers'][number] & { roundId: number })[];
      return { total: ids.length, entries: rows.map((r) => toEntry(r, answers)) };
    },
  };
}

/** A row of the archive page with its answers (already in vote order). */
export function toEntry(r: ArchiveRow, answers: (ArchiveEntry['answers'][number] & { roundId: number })[]): ArchiveEntry {
  return {
    roundId: r.roundId as RoundId,
    slotAt: Number(r.slotAt),
    closedAt: r.closedAt === null ? null : Number(r.closedAt),
    channelName: r.channelName,
    question: {
      id: r.questionId,
      category: r.category,
      difficulty: r.difficulty,
      prompt: r.prompt,
      body: JSON.parse(r.body) as QuestionBody,
    },
    answers: answers
      .filter((a) => a.roundId === r.roundId)
      .map(({ memberId, displayName, text, votes }) => ({ memberId, displayName, text, votes: Number(votes) })),
  };
}

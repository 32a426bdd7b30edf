import type { ArchiveEntry, DashboardRepo } from '../../core/dashboard-store.js';
import type { MemberId, QuestionBody, RoundId } from '../../core/types.js';
import type { Db } from '../db.js';
import type { Sync } from '../sync-repos.js';

const CLOSED_IN_WORKSPACE = `FROM rounds r JOIN channels c ON c.id = r.channel_id JOIN questions q ON q.id = r.question_id
  WHERE c.workspace_id = @ws AND r.status = 'closed'`;

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

export function dashboardRepo(db: Db): Sync<DashboardRepo> {
  const c = db.$client;
  const periodPoints = c.prepare(
    `SELECT member_id AS memberId, period, points FROM score_totals
      WHERE workspace_id = ? AND category = ? AND period IN (SELECT value FROM json_each(?))
        AND member_id IN (SELECT value FROM json_each(?))`,
  );
  const activity = c.prepare(
    `SELECT r.id AS roundId, r.slot_at AS slotAt, q.category AS category,
            (SELECT count(*) FROM answers a WHERE a.round_id = r.id) AS answers,
            (SELECT count(DISTINCT v.voter_id) FROM answers a JOIN votes v ON v.answer_id = a.id
              WHERE a.round_id = r.id AND v.retracted_at IS NULL) AS voters
       ${CLOSED_IN_WORKSPACE} AND r.slot_at >= @since
      ORDER BY r.slot_at, r.id`,
  );
  const coverage = c.prepare(
    `SELECT q.category AS category, count(*) AS rounds,
            sum((SELECT count(*) FROM answers a WHERE a.round_id = r.id)) AS answers
       ${CLOSED_IN_WORKSPACE} GROUP BY q.category ORDER BY q.category`,
  );
  // One statement per combination of filters, prepared on first use.
  const archiveStatements = new Map<string, { page: ReturnType<typeof c.prepare>; count: ReturnType<typeof c.prepare> }>();
  const archiveStatement = (hasWords: boolean, hasCategory: boolean, hasMember: boolean) => {
    const key = `${hasWords}${hasCategory}${hasMember}`;
    let s = archiveStatements.get(key);
    if (!s) {
      const where = [
        hasCategory ? 'AND q.category = @category' : '',
        hasMember ? 'AND EXISTS (SELECT 1 FROM answers a WHERE a.round_id = r.id AND a.member_id = @member)' : '',
        hasWords
          ? `AND (r.question_id IN (SELECT question_id FROM questions_fts WHERE questions_fts MATCH @match)
                  OR r.id IN (SELECT a.round_id FROM answers_fts f JOIN answers a ON a.id = f.rowid WHERE answers_fts MATCH @match))`
          : '',
      ].join(' ');
      s = {
        page: c.prepare(
          `SELECT r.id AS roundId, r.slot_at AS slotAt, r.closed_at AS closedAt, c.name AS channelName, q.id AS questionId,
                  q.category AS category, q.difficulty AS difficulty, q.prompt AS prompt, q.body AS body
             ${CLOSED_IN_WORKSPACE} ${where}
            ORDER BY r.slot_at DESC, r.id DESC LIMIT @limit OFFSET @offset`,
        ),
        count: c.prepare(`SELECT count(*) ${CLOSED_IN_WORKSPACE} ${where}`).pluck(),
      };
      archiveStatements.set(key, s);
    }
    return s;
  };
  const answersOf = c.prepare(
    `SELECT a.round_id AS roundId, a.member_id AS memberId, m.display_name AS displayName, a.text AS text,
            (SELECT count(*) FROM votes v WHERE v.answer_id = a.id AND v.retracted_at IS NULL) AS votes
       FROM answers a JOIN members m ON m.id = a.member_id
      WHERE a.round_id IN (SELECT value FROM json_each(?))
      ORDER BY votes DESC, a.created_at, a.id`,
  );

  return {
    periodPoints: (ws, periods, category, memberIds) =>
      periodPoints.all(ws, category, JSON.stringify(periods), JSON.stringify(memberIds)) as {
        memberId: MemberId;
        period: string;
        points: number;
      }[],
    roundActivity: (ws, since) => activity.all({ ws, since }) as ReturnType<Sync<DashboardRepo>['roundActivity']>,
    categoryCoverage: (ws) => coverage.all({ ws }) as ReturnType<Sync<DashboardRepo>['categoryCoverage']>,
    archive(ws, filter) {
      const words = filter.words?.length ? filter.words : undefined;
      const s = archiveStatement(Boolean(words), Boolean(filter.category), filter.memberId !== undefined);
      const params = {
        ws,
        ...(filter.category ? { category: filter.category } : {}),
        ...(filter.memberId !== undefined ? { member: filter.memberId } : {}),
        ...(words ? { match: ftsQuery(words) } : {}),
      };
      const total = s.count.get(params) as number;
      const rows = s.page.all({ ...params, limit: filter.limit, offset: filter.offset }) as ArchiveRow[];
      const answers = answersOf.all(JSON.stringify(rows.map((r) => r.roundId))) as (ArchiveEntry['answers'][number] & {
        roundId: number;
      })[];
      return { total, entries: rows.map((r) => toEntry(r, answers)) };
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

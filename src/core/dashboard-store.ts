import type { MemberId, QuestionBody, RoundId, WorkspaceId } from './types.js';

/** What the archive lists: closed rounds, filtered, newest first, one page at a time. */
export interface ArchiveFilter {
  /** Words that must all appear in the question, its reference answer or one of the team's answers. */
  words?: string[];
  category?: string;
  /** Only rounds this member answered. */
  memberId?: MemberId;
  limit: number;
  offset: number;
}

/** One closed round with its question, reference answer and the team's answers, most votes first. */
export interface ArchiveEntry {
  roundId: RoundId;
  slotAt: number;
  closedAt: number | null;
  channelName: string;
  question: { id: string; category: string; difficulty: string; prompt: string; body: QuestionBody };
  answers: { memberId: MemberId; displayName: string; text: string; votes: number }[];
}

/** One closed round's turnout. */
export interface RoundActivity {
  roundId: RoundId;
  slotAt: number;
  answers: number;
  voters: number;
}

/**
 * The reads behind the web dashboard: read-only, per workspace, each answered from indexes
 * (totals by period key, rounds by channel, full-text indexes for the archive).
 */
export interface DashboardRepo {
  /** Points of the given members in the given period keys (from the totals; category '' is all). */
  periodPoints(
    workspaceId: WorkspaceId,
    periods: string[],
    category: string,
    memberIds: MemberId[],
  ): Promise<{ memberId: MemberId; period: string; points: number }[]>;
  /** Closed rounds whose slot is at or after `since`, oldest first, with answers and distinct voters. */
  roundActivity(workspaceId: WorkspaceId, since: number): Promise<RoundActivity[]>;
  /** Closed rounds and their answers per category. */
  categoryCoverage(workspaceId: WorkspaceId): Promise<{ category: string; rounds: number; answers: number }[]>;
  /** A page of the archive and how many rounds match in all. */
  archive(workspaceId: WorkspaceId, filter: ArchiveFilter): Promise<{ total: number; entries: ArchiveEntry[] }>;
}

import { messageRef, userRef, workspaceRef } from '../../src/core/index.js';
import type { Repos } from '../../src/core/store.js';

/**
 * A workspace with three members, two channels, a blind round with answers and votes, points and
 * a challenge; `b` writes a boolean as the engine takes it.
 */
export const seedSql = (b: (flag: 0 | 1) => string) => `
  INSERT INTO workspaces (id, platform, ref, name, timezone, created_at) VALUES (1, 'test', 'T1', 'Acme', 'UTC', 0);
  INSERT INTO members (id, workspace_id, user_ref, display_name, nudge, created_at)
    VALUES (1, 1, 'ann', 'Ann', ${b(1)}, 0), (2, 1, 'ben', 'Ben', ${b(0)}, 0), (3, 1, 'cy', 'Cy', ${b(0)}, 0);
  INSERT INTO channels (id, workspace_id, ref, timezone, mode, vote_cap, paused, active_since, created_at)
    VALUES (1, 1, 'C1', 'UTC', 'blind', 3, ${b(0)}, 0, 0), (2, 1, 'C2', 'UTC', 'open', 0, ${b(1)}, 0, 0);
  INSERT INTO packs (id, title, version, loaded_at) VALUES ('p', 'P', '1', 0);
  INSERT INTO questions (id, pack_id, type, category, difficulty, prompt, body, hash, updated_at)
    VALUES ('q1', 'p', 'open', 'nodejs', 'easy', 'Why?', '{}', 'h', 0), ('q2', 'p', 'mcq', 'nodejs', 'easy', 'Which?', '{}', 'h', 0);
  INSERT INTO rounds (id, channel_id, slot, question_id, is_scheduled, status, mode, message_ref, slot_at, reveal_at, closes_at, closed_at)
    VALUES (1, 1, '2026-11-27', 'q1', ${b(1)}, 'closed', 'blind', 'm-round-1', 0, 10, 20, 20),
           (2, 1, '2026-11-30', 'q1', ${b(1)}, 'revealed', 'blind', 'm-round-2', 100, 110, 200, NULL),
           (3, 2, '2026-11-30', 'q1', ${b(1)}, 'posting', 'open', NULL, 100, NULL, 200, NULL);
  INSERT INTO answers (id, round_id, member_id, text, source, message_ref, posted_ref, created_at)
    VALUES (1, 2, 1, 'Because.', 'thread', 'm-answer-1', 'm-copy-1', 101), (2, 2, 2, 'It depends.', 'form', NULL, 'm-copy-2', 102);
  INSERT INTO votes (answer_id, voter_id, source, points, created_at) VALUES (1, 2, 'reaction', 2, 120), (2, 1, 'button', 0, 121);
  INSERT INTO peer_reviews (answer_id, reviewer_id, round_id, covered, comment, points, created_at, updated_at)
    VALUES (1, 2, 2, '1,2', 'Good.', 2, 130, 130), (2, 1, 2, '1', '', 2, 131, 131);
  INSERT INTO score_ledger (workspace_id, member_id, award_key, points, reason, category, round_id, week, month, season, at)
    VALUES (1, 1, 'answer:1', 10, 'answer', 'nodejs', 2, '2026-W49', '2026-11', 1, 101);
  INSERT INTO score_totals (workspace_id, period, category, member_id, points)
    VALUES (1, 'all', '', 1, 12), (1, 'all', '', 2, 10), (1, 'all', 'nodejs', 1, 12);
  INSERT INTO processed_events (platform, delivery_id, at, payload, done_at)
    VALUES ('test', 'd0', 0, NULL, 0), ('test', 'd-accepted', 5, '{"kind":"reaction"}', NULL);
  INSERT INTO outbox (id, workspace_id, item, status, attempts, next_at, owner, lease_until, ref, created_at, sent_at)
    VALUES (1, 1, '{}', 'sent', 0, 0, NULL, NULL, 'm-round-1', 0, 1),
           (2, 1, '{}', 'pending', 0, 100, NULL, NULL, NULL, 100, NULL),
           (3, 1, '{}', 'pending', 1, 2000, 'proc-b', 1500, NULL, 100, NULL),
           (4, 1, '{}', 'failed', 8, 50, NULL, NULL, NULL, 10, NULL);
  INSERT INTO challenges (id, channel_id, question_id, choice_order, status, started_at, ends_at) VALUES (1, 1, 'q2', '[0]', 'running', 0, 60);
`;

export const NOW = 1_000;
const WS = 1;
const award = (awardKey: string) => ({
  workspaceId: WS,
  memberId: 1,
  awardKey,
  points: 2,
  reason: 'upvote',
  category: 'nodejs',
  roundId: 2,
  week: '2026-W49',
  month: '2026-11',
  season: 1,
  at: NOW,
});

/**
 * The queries on a per-delivery or per-minute path, by the store calls that issue them, and where
 * it matters the index the plan must name (an index on the same leading column would also avoid a
 * scan, yet read far more). Each runs in a transaction of the store, as the core runs them.
 */
export const HOT_QUERIES: [string, (s: Repos) => Promise<unknown>, string?][] = [
  [
    'every delivery: its claim with the workspace and member',
    (s) =>
      s.deliveries.start({
        platform: 'test',
        deliveryId: 'd3',
        now: NOW,
        workspace: workspaceRef('T1'),
        actor: userRef('ann'),
        reactionOn: undefined,
      }),
  ],
  [
    'every reaction: its claim with the workspace, member and vote target',
    (s) =>
      s.deliveries.start({
        platform: 'test',
        deliveryId: 'd4',
        now: NOW,
        workspace: workspaceRef('T1'),
        actor: userRef('cy'),
        reactionOn: messageRef('m-answer-1'),
      }),
    'votes_pointed_idx',
  ],
  ['every delivery: claim it', (s) => s.deliveries.claim('test', 'd1', NOW)],
  ['every delivery: claim one accepted before', (s) => s.deliveries.claim('test', 'd-accepted', NOW)],
  ['slow delivery: accept it', (s) => s.deliveries.accept('test', 'd2', '{"kind":"reaction"}', NOW)],
  [
    'every tick: deliveries accepted and never handled',
    (s) => s.deliveries.listAccepted(NOW - 30_000, 100),
    'processed_events_accepted_idx',
  ],
  ['every delivery: its workspace and member', (s) => s.workspaces.findWithMember('test', workspaceRef('T1'), userRef('ann'))],
  ['every command: its channel', (s) => s.channels.findByRef(WS, 'C1' as never)],
  ['thread reply: find the round by its message ref', (s) => s.rounds.findByMessage(messageRef('m-round-2')), 'rounds_message_ref_idx'],
  ['thread reply: the live round of a channel', (s) => s.rounds.findLive(1)],
  ['thread reply: the member’s answer in the round', (s) => s.answers.findByMember(2, 1)],
  [
    'thread reply: a new answer',
    (s) => s.answers.insert({ roundId: 2, memberId: 3, text: 'Hm.', source: 'thread', messageRef: messageRef('m-answer-3'), now: NOW }),
  ],
  ['edited or deleted reply: find the answer by its own message ref', (s) => s.answers.findByMessage(messageRef('m-answer-1'))],
  ['edited or deleted reply: find the answer by the bot’s copy', (s) => s.answers.findByMessage(messageRef('m-copy-2'))],
  [
    'reaction: the vote target by the answer’s own message',
    (s) => s.answers.findVoteTarget(messageRef('m-answer-1'), userRef('ben')),
    'votes_pointed_idx',
  ],
  ['reaction: the vote target by the bot’s copy', (s) => s.answers.findVoteTarget(messageRef('m-copy-2'), userRef('ann'))],
  ['vote: the voter’s standing vote', (s) => s.votes.find(1, 3)],
  ['vote: the voter’s last cast', (s) => s.votes.lastCast(1, 2)],
  ['vote: the voter’s votes in the round (cap)', (s) => s.votes.countByVoterInRound(3, 2)],
  ['vote: the answer’s pointed votes', (s) => s.votes.countPointed(1)],
  ['review: the reviewer’s review of the answer', (s) => s.peerReviews.find(1, 3)],
  [
    'review: the reviewer’s pointed reviews in the round (cap)',
    (s) => s.peerReviews.countPointedInRound(3, 2),
    'peer_reviews_reviewer_round_idx',
  ],
  [
    'review: insert it',
    (s) => s.peerReviews.insert({ answerId: 1, reviewerId: 3, roundId: 2, covered: [1], comment: '', points: 2, createdAt: NOW }),
  ],
  ['review: edit it', (s) => s.peerReviews.update(1, 2, [1], 'x', NOW)],
  ['close and deletion: the reviews of an answer', (s) => s.peerReviews.listByAnswer(1)],
  ['close: the reviews of a round', (s) => s.peerReviews.listByRound(2), 'peer_reviews_round_idx'],
  ['stats: reviews of a member’s answers', (s) => s.peerReviews.listForAuthor(1)],
  ['vote: insert it', (s) => s.votes.insert({ answerId: 1, voterId: 3, source: 'reaction', points: 2, casts: 1, now: NOW })],
  ['vote: award its points', (s) => s.scores.award(award('vote:1:3:1'))],
  ['vote: retract it', (s) => s.votes.retract(1, 2, NOW)],
  ['leaderboard: top', (s) => s.scores.top(WS, 'all', '', 10), 'COVERING INDEX score_totals_rank_idx'],
  ['leaderboard: rankOf', (s) => s.scores.rankOf(WS, 'all', '', 2)],
  ['leaderboard: standing with the ranked count', (s) => s.scores.standing(WS, 'all', '', 2)],
  ['stats: answers and votes received by a member', (s) => s.answers.countsForMember(1), 'answers_member_idx'],
  ['summary: the round’s answers', (s) => s.answers.listByRound(2)],
  [
    'every minute: blind rounds due to reveal (listDue revealAt)',
    (s) => s.rounds.listDue('open', 'revealAt', NOW),
    'rounds_status_reveal_idx',
  ],
  ['every minute: open rounds due to close (listDue closesAt)', (s) => s.rounds.listDue('open', 'closesAt', NOW)],
  ['every minute: revealed rounds due to close (listDue closesAt)', (s) => s.rounds.listDue('revealed', 'closesAt', NOW)],
  ['every minute: running challenges', (s) => s.quiz.runningChallenges()],
  ['every minute: scheduled channels', (s) => s.channels.listScheduled(), 'channels_paused_idx'],
  ['every minute: a channel’s round for a slot', (s) => s.rounds.findBySlot(1, '2026-11-30')],
  ['every minute: members with nudges on', (s) => s.members.listNudged(), 'members_nudged_idx'],
  ['every minute: the next due time', (s) => s.rounds.nextDueTime()],
  ['dashboard: points per week for the charted members', (s) => s.dashboard.periodPoints(WS, ['w:2026-W49'], '', [1, 2])],
  ['dashboard: turnout of recent rounds', (s) => s.dashboard.roundActivity(WS, 50), 'rounds_channel_slot_at_idx'],
  ['dashboard: category coverage', (s) => s.dashboard.categoryCoverage(WS), 'rounds_channel_slot_at_idx'],
  ['dashboard: an archive page', (s) => s.dashboard.archive(WS, { limit: 20, offset: 0 }), 'rounds_channel_slot_at_idx'],
  [
    'dashboard: an archive search by category and member',
    (s) => s.dashboard.archive(WS, { words: ['because'], category: 'nodejs', memberId: 1 as never, limit: 20, offset: 0 }),
  ],
  ['every commit that said something: record it in the outbox', (s) => s.outbox.add(WS, '{}', NOW)],
  [
    'every Slack request when installed: its installation',
    (s) => s.installations.find('slack', workspaceRef('T1')),
    'sqlite_autoindex_installations_1',
  ],
  ['every outbox run: its workspace', (s) => s.workspaces.get(WS)],
  ['every outbox run: claim the due messages', (s) => s.outbox.claimDue('proc-a', NOW, NOW + 120_000, 50), 'outbox_status_next_idx'],
  ['every outbox send: mark it sent', (s) => s.outbox.markSent(2, messageRef('m-sent'), NOW)],
  ['every failed send: record the failure', (s) => s.outbox.recordFailure(2, NOW + 30_000)],
  ['every minute: the outbox’s next due time', (s) => s.outbox.nextDueAt(), 'outbox_status_next_idx'],
];

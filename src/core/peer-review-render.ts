import { actions } from './actions.js';
import type { Form, NeutralMessage } from './messages.js';
import { clip, safeUserText } from './text.js';
import type { AnswerId, PeerReview } from './types.js';

/** Comments are short on purpose: one thing the author should hear. */
export const MAX_REVIEW_COMMENT = 500;

// Slack shows at most 75 characters of a checkbox label; the intro lists every key point in full.
const CHOICE_LABEL_CHARS = 75;

/** How well one answer covers its question's key points, by its reviews. */
export interface Coverage {
  /** Key points at least half of the reviewers found (1-based numbers). */
  covered: number[];
  total: number;
  reviews: number;
  /** How many reviewers found every key point. */
  complete: number;
  /** How many reviewers found each key point, by key point (index 0 = key point 1). */
  found: number[];
}

/** Coverage of an answer with `total` key points from its reviews; a point counts when at least half the reviewers found it. */
export function coverageOf(reviews: readonly Pick<PeerReview, 'covered'>[], total: number): Coverage {
  const found = Array.from({ length: total }, (_, i) => reviews.filter((r) => r.covered.includes(i + 1)).length);
  return {
    covered: found.flatMap((n, i) => (reviews.length && n * 2 >= reviews.length ? [i + 1] : [])),
    total,
    reviews: reviews.length,
    complete: reviews.filter((r) => total > 0 && r.covered.length === total).length,
    found,
  };
}

/** "covers 4 of 6 key points (3 reviews)" */
export const coverageLine = (c: Pick<Coverage, 'covered' | 'total' | 'reviews'>) =>
  `covers ${c.covered.length} of ${c.total} key points (${c.reviews} review${c.reviews === 1 ? '' : 's'})`;

const numbered = (keyPoints: readonly string[]) => keyPoints.map((k, i) => `${i + 1}. ${k}`).join('\n');

const checklist = (id: string, label: string, keyPoints: readonly string[], ticked: readonly number[]) => ({
  id,
  label,
  choices: keyPoints.map((k, i) => ({ label: clip(`${i + 1}. ${k}`, CHOICE_LABEL_CHARS), value: String(i + 1) })),
  optional: true,
  ...(ticked.length ? { value: ticked.join(',') } : {}),
});

/** The review form: the answer and the key points, a checklist of them and a short comment. */
export function reviewForm(
  answerId: AnswerId,
  author: string,
  answerText: string,
  keyPoints: readonly string[],
  earlier?: Pick<PeerReview, 'covered' | 'comment'>,
): Form {
  return {
    formId: actions.reviewForm(answerId),
    title: earlier ? 'Edit your review' : 'Review an answer',
    intro: `**${safeUserText(author)}** answered:\n${safeUserText(clip(answerText, 1200))}\n\n**Key points** (tick the ones the answer covers)\n${numbered(keyPoints)}`,
    inputs: [
      checklist('covered', 'Key points the answer covers', keyPoints, earlier?.covered ?? []),
      {
        id: 'comment',
        label: 'Comment (optional)',
        multiline: true,
        maxLength: MAX_REVIEW_COMMENT,
        optional: true,
        placeholder: 'One thing the author should hear, e.g. what was missing.',
        ...(earlier?.comment ? { value: earlier.comment } : {}),
      },
    ],
    submitLabel: 'Send review',
  };
}

/** The self-check form: after close, the author ticks what they think they covered. */
export function selfCheckForm(answerId: AnswerId, keyPoints: readonly string[], earlier: readonly number[]): Form {
  return {
    formId: actions.selfCheckForm(answerId),
    title: 'Self-check',
    intro: `**Key points** (tick the ones you think your answer covered)\n${numbered(keyPoints)}`,
    inputs: [checklist('covered', 'Key points I covered', keyPoints, earlier)],
    submitLabel: 'Compare',
  };
}

const found = (keyPoints: readonly string[], covered: readonly number[]) =>
  covered.length ? covered.map((n) => `- ${keyPoints[n - 1]}`).join('\n') : '- none';

/** Told to the author as a review arrives: who, which key points they found (not the ones they missed), the comment. */
export function reviewNotice(
  reviewer: string,
  keyPoints: readonly string[],
  review: Pick<PeerReview, 'covered' | 'comment'>,
  edited: boolean,
): NeutralMessage {
  const comment = review.comment ? `\n**Comment:** ${safeUserText(review.comment)}` : '';
  return {
    title: edited ? 'A review of your answer changed' : 'New review of your answer',
    text: `**${safeUserText(reviewer)}** found ${review.covered.length} of ${keyPoints.length} key points in your answer:\n${found(keyPoints, review.covered)}${comment}\nThe full key points come with the round's summary.`,
    hasUserText: true,
  };
}

/** The author's private summary at close: each key point with how many reviewers found it, the points nobody found, the comments. */
export function reviewSummary(
  answerId: AnswerId,
  keyPoints: readonly string[],
  coverage: Coverage,
  comments: readonly { name: string; text: string }[],
): NeutralMessage {
  const rows = keyPoints.map((k, i) => `${coverage.found[i] ? '✅' : '⬜'} ${coverage.found[i]}/${coverage.reviews} · ${k}`);
  const missed = keyPoints.filter((_, i) => !coverage.found[i]);
  const parts = [
    `Your answer ${coverageLine(coverage)}.`,
    rows.join('\n'),
    missed.length ? `**Nobody found:**\n${missed.map((k) => `- ${k}`).join('\n')}` : '**Every key point was found by someone.**',
  ];
  if (comments.length) parts.push(`**Comments**\n${comments.map((c) => `- ${safeUserText(c.name)}: ${safeUserText(c.text)}`).join('\n')}`);
  return {
    title: 'Your peer reviews',
    text: parts.join('\n\n'),
    footer: 'Press Self-check (or run /dojo self-check) to tick what you think you covered and compare with your reviewers.',
    buttons: [{ label: 'Self-check', actionId: actions.selfCheck(answerId), opensForm: true }],
    hasUserText: comments.length > 0,
  };
}

/** The gap between the author's self-check and the reviewers, shown to the author only. */
export function selfCheckGap(keyPoints: readonly string[], mine: readonly number[], coverage: Coverage): NeutralMessage {
  const peers = coverage.covered;
  const onlyMine = mine.filter((n) => !peers.includes(n));
  const onlyPeers = peers.filter((n) => !mine.includes(n));
  const list = (ns: number[]) => ns.map((n) => `- ${keyPoints[n - 1]}`).join('\n');
  const parts = [
    `You think you covered ${mine.length} of ${keyPoints.length} key points; your reviewers found ${peers.length} (${coverage.reviews} review${coverage.reviews === 1 ? '' : 's'}).`,
  ];
  if (onlyMine.length) parts.push(`**You counted, your reviewers did not:**\n${list(onlyMine)}`);
  if (onlyPeers.length) parts.push(`**Your reviewers found, you did not count:**\n${list(onlyPeers)}`);
  if (!onlyMine.length && !onlyPeers.length) parts.push('Your self-check matches your reviewers.');
  return { title: 'Self-check', text: parts.join('\n\n') };
}

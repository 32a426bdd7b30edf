/**
 * Button and form ids. Every id is short (well under the 100-character Discord limit) and
 * carries only database ids, never member text.
 */
export const actions = {
  answer: (roundId: number) => `dojo:answer:${roundId}`,
  upvote: (answerId: number) => `dojo:upvote:${answerId}`,
  /** Withdraw a form answer (its author only). */
  withdraw: (answerId: number) => `dojo:withdraw:${answerId}`,
  answerForm: (roundId: number) => `dojo:answer-form:${roundId}`,
  /** Review a teammate's answer (opens the checklist form). */
  review: (answerId: number) => `dojo:review:${answerId}`,
  /** Review the answer the pressed message is (a member's own thread reply, or the bot's copy). */
  reviewMessage: () => 'dojo:review-message',
  reviewForm: (answerId: number) => `dojo:review-form:${answerId}`,
  /** After close, the author ticks what they think they covered. */
  selfCheck: (answerId: number) => `dojo:self-check:${answerId}`,
  selfCheckForm: (answerId: number) => `dojo:self-check-form:${answerId}`,
  quizChoice: (attemptId: number, choice: number) => `dojo:quiz:${attemptId}:${choice}`,
  quizReveal: (attemptId: number) => `dojo:reveal:${attemptId}`,
  quizGrade: (attemptId: number, rating: number) => `dojo:grade:${attemptId}:${rating}`,
  /** "Next" on the feedback for `attemptId`; refused once a newer question was served. */
  quizNext: (kind: 'quiz' | 'review', attemptId: number) => `dojo:next:${kind}:${attemptId}`,
  challengeChoice: (challengeId: number, choice: number) => `dojo:challenge:${challengeId}:${choice}`,
  forgetConfirm: () => 'dojo:forget:confirm',
  forgetCancel: () => 'dojo:forget:cancel',
  suggestion: (id: number, verdict: 'approve' | 'reject') => `dojo:suggestion:${id}:${verdict}`,
};

export type ParsedAction =
  | { kind: 'answer' | 'answer-form'; roundId: number }
  | { kind: 'upvote' | 'withdraw' | 'review' | 'review-form' | 'self-check' | 'self-check-form'; answerId: number }
  | { kind: 'review-message' }
  | { kind: 'quiz'; attemptId: number; choice: number }
  | { kind: 'reveal'; attemptId: number }
  | { kind: 'grade'; attemptId: number; rating: number }
  | { kind: 'next'; quizKind: 'quiz' | 'review'; afterAttemptId?: number }
  | { kind: 'challenge'; challengeId: number; choice: number }
  | { kind: 'forget'; confirm: boolean }
  | { kind: 'suggestion'; id: number; approve: boolean };

const int = (s: string | undefined) => (s !== undefined && /^\d{1,12}$/.test(s) ? Number(s) : undefined);

/** Parses an action id; undefined for anything the core did not build. */
export function parseAction(id: string): ParsedAction | undefined {
  const [ns, kind, a, b] = id.split(':');
  if (ns !== 'dojo') return undefined;
  const x = int(a);
  const y = int(b);
  switch (kind) {
    case 'answer':
    case 'answer-form':
      return x === undefined ? undefined : { kind, roundId: x };
    case 'review-message':
      return { kind };
    case 'upvote':
    case 'withdraw':
    case 'review':
    case 'review-form':
    case 'self-check':
    case 'self-check-form':
      return x === undefined ? undefined : { kind, answerId: x };
    case 'quiz':
      return x === undefined || y === undefined ? undefined : { kind, attemptId: x, choice: y };
    case 'reveal':
      return x === undefined ? undefined : { kind, attemptId: x };
    case 'grade':
      return x === undefined || y === undefined || y < 1 || y > 4 ? undefined : { kind, attemptId: x, rating: y };
    case 'next':
      return a === 'quiz' || a === 'review' ? { kind, quizKind: a, afterAttemptId: y } : undefined;
    case 'challenge':
      return x === undefined || y === undefined ? undefined : { kind, challengeId: x, choice: y };
    case 'forget':
      return a === 'confirm' || a === 'cancel' ? { kind, confirm: a === 'confirm' } : undefined;
    case 'suggestion':
      return x === undefined || (b !== 'approve' && b !== 'reject') ? undefined : { kind, id: x, approve: b === 'approve' };
    default:
      return undefined;
  }
}

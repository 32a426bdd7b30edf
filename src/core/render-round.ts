import { categoryLabel } from './categories.js';
import type { NeutralMessage } from './messages.js';
import { formatWhen } from './schedule.js';
import { clip, emojiGlyph, oneLine, safeUserText } from './text.js';
import type { Answer, Channel, Question, RankBy, Round } from './types.js';
import { actions } from './actions.js';
import type { UserRef } from './refs.js';
import { coverageLine, type Coverage } from './peer-review-render.js';

/** The daily question post. */
export function questionMessage(round: Round, question: Question, channel: Channel): NeutralMessage {
  const how =
    round.mode === 'blind'
      ? `Blind round: press **Answer** to answer privately; answers are revealed for voting at ${formatWhen(round.revealAt!, channel.timezone)}.`
      : `Reply in this thread or press **Answer**. Vote for the best answers with ${emojiGlyph(channel.voteEmoji)}.`;
  return {
    title: `Question of the day · ${categoryLabel(question.category)} · ${question.difficulty}`,
    text: question.prompt,
    footer: `${how} Closes ${formatWhen(round.closesAt, channel.timezone)}.`,
    buttons: [{ label: 'Answer', actionId: actions.answer(round.id), style: 'primary', opensForm: true }],
    marker: `round:${round.id}`,
    startsThread: true,
  };
}

/** The bot's copy of an answer given through the form (or revealed in blind mode). */
export function answerCopyMessage(answer: Answer, author: { ref: UserRef; name: string }): NeutralMessage {
  const authorName = author.name;
  return {
    author,
    text: `**${safeUserText(authorName)}** answered:\n${safeUserText(answer.text)}`,
    buttons: [
      { label: 'Upvote', actionId: actions.upvote(answer.id) },
      { label: 'Review', actionId: actions.review(answer.id), opensForm: true },
    ],
    hasUserText: true,
    marker: `answer:${answer.id}`,
  };
}

export interface RankedAnswer {
  authorName: string;
  text: string;
  votes: number;
  place: number;
  points: number;
  /** What the peer reviews found, when the answer has any. */
  coverage?: Coverage;
}

/** The close summary: results first, then the reference answer, then the diagram. */
export function summaryMessages(
  question: Question,
  ranked: RankedAnswer[],
  awards: { name: string; points: number }[],
  rankBy: RankBy = 'votes',
): NeutralMessage[] {
  const medal = ['🥇', '🥈', '🥉'];
  const top = ranked.filter((r) => r.place <= 3);
  const results = top.length
    ? top
        .map(
          (r) =>
            `${medal[r.place - 1]} **${safeUserText(r.authorName)}** · ${r.votes} vote${r.votes === 1 ? '' : 's'} (+${r.points})${r.coverage ? ` · ${coverageLine(r.coverage)}` : ''}\n> ${safeUserText(clip(oneLine(r.text), 280))}`,
        )
        .join('\n')
    : ranked.length
      ? `${ranked.length} answer${ranked.length === 1 ? '' : 's'} but no ${rankBy === 'coverage' ? 'reviews' : 'votes'}, so no places this round. The reference answer is below for everyone to study.`
      : 'No answers this round. The reference answer is below for everyone to study.';
  const points = awards.length ? awards.map((a) => `${safeUserText(a.name)} +${a.points}`).join(' · ') : 'none';
  const out: NeutralMessage[] = [
    {
      title: 'Round closed',
      text: `${results}\n\n**Points this round:** ${points}`,
      hasUserText: true,
    },
  ];
  const b = question.body;
  const reference: string[] = [];
  if (b.keyPoints?.length) reference.push(`**Key points**\n${b.keyPoints.map((k) => `- ${k}`).join('\n')}`);
  if (b.modelAnswer) reference.push(`**Model answer**\n${b.modelAnswer}`);
  if (b.structure) reference.push(`**Answer structure**\n${b.structure}`);
  if (b.followUps?.length) reference.push(`**Follow-up questions**\n${b.followUps.map((f) => `- ${f}`).join('\n')}`);
  if (reference.length) out.push({ title: 'Reference answer', text: reference.join('\n\n') });
  if (b.diagram) out.push({ title: 'Reference design', text: '', code: b.diagram });
  return out;
}

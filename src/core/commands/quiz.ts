import { resolveCategory } from '../categories.js';
import { fail, ok } from '../errors.js';
import { quizCommand, type QuizFilter } from '../quiz/drill.js';
import { clip, safeUserText } from '../text.js';
import { defineCommand } from './command.js';

const DIFFICULTIES = ['easy', 'medium', 'hard'];

export const quiz = defineCommand<QuizFilter>({
  name: 'quiz',
  usage: '/dojo quiz [category] [easy|medium|hard] [mcq|open]',
  summary: 'A private practice question; what you miss comes back for review.',
  admin: false,
  parse(args) {
    const filter: QuizFilter = {};
    for (const a of args) {
      const w = a.toLowerCase();
      if (DIFFICULTIES.includes(w)) filter.difficulty = w;
      else if (w === 'mcq' || w === 'open') filter.type = w;
      else if (resolveCategory(w)) filter.category = resolveCategory(w);
      else return fail('usage', `I don't know "${safeUserText(clip(a, 40))}". Try /dojo quiz security hard.`);
    }
    return ok(filter);
  },
  run: (c, filter) => quizCommand(c.ctx, c.ws, c.member, filter),
});

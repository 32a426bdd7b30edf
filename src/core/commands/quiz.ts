import { resolveCategory } from '../categories.js';
import { fail, ok } from '../errors.js';
import { startQuiz, type QuizFilter } from '../quiz/drill.js';
import { defineCommand } from './command.js';

const DIFFICULTIES = ['easy', 'medium', 'hard'];

export const quiz = defineCommand<QuizFilter>({
  name: 'quiz',
  usage: '/dojo quiz [category] [easy|medium|hard]',
  summary: 'A private practice question; what you miss comes back for review.',
  admin: false,
  parse(args) {
    const filter: QuizFilter = {};
    for (const a of args) {
      const w = a.toLowerCase();
      if (DIFFICULTIES.includes(w)) filter.difficulty = w;
      else if (resolveCategory(w)) filter.category = resolveCategory(w);
      else return fail('usage', `I don't know "${a}". Try /dojo quiz security hard.`);
    }
    return ok(filter);
  },
  run: (c, filter) => startQuiz(c.ctx, c.ws, c.member, filter, false),
});

import { categoryNames, readCategory } from '../categories.js';
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
    const twice = (what: string) => fail('usage', `Give one ${what} at most, e.g. /dojo quiz security hard.`);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const w = a.toLowerCase();
      const category = readCategory(args, i);
      if (DIFFICULTIES.includes(w)) {
        if (filter.difficulty) return twice('difficulty');
        filter.difficulty = w;
      } else if (w === 'mcq' || w === 'open') {
        if (filter.type) return twice('type (mcq or open)');
        filter.type = w;
      } else if (category) {
        if (filter.category) return twice('category');
        filter.category = category.id;
        i += category.used - 1;
      } else
        return fail('usage', `I don't know "${safeUserText(clip(a, 40))}". Try /dojo quiz security hard. Categories: ${categoryNames()}.`);
    }
    return ok(filter);
  },
  run: (c, filter) => quizCommand(c.ctx, c.ws, c.member, filter),
});

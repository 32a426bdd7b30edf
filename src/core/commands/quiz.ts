import { ok } from '../errors.js';
import { quizCommand, type QuizFilter } from '../quiz/drill.js';
import { defineCommand } from './command.js';

export const quiz = defineCommand<QuizFilter>({
  name: 'quiz',
  summary: 'A private practice question; what you miss comes back for review.',
  admin: false,
  params: [
    { kind: 'category', name: 'category', description: 'Only questions from this category' },
    { kind: 'choice', name: 'difficulty', description: 'Only this difficulty', values: ['easy', 'medium', 'hard'] },
    { kind: 'choice', name: 'type', description: 'Multiple choice or open questions', values: ['mcq', 'open'] },
  ],
  check: (a) => ok({ category: a.get('category'), difficulty: a.get('difficulty'), type: a.get('type') as QuizFilter['type'] }),
  run: (c, filter) => quizCommand(c.ctx, c.ws, c.member, filter),
});

import { categoryNames, readCategory } from '../categories.js';
import { fail, ok } from '../errors.js';
import { leaderboard, leaderboardMessage } from '../leaderboard.js';
import { privately } from '../messages.js';
import { PERIODS } from '../periods.js';
import type { Period } from '../types.js';
import { defineCommand } from './command.js';

export const top = defineCommand({
  name: 'top',
  aliases: ['leaderboard', 'board'],
  usage: '/dojo top [week|month|season|all] [category]',
  summary: 'The leaderboard, with your own rank.',
  admin: false,
  reads: true,
  parse(args) {
    let period: Period = 'week';
    let category = '';
    let hasPeriod = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const w = a.toLowerCase();
      const found = readCategory(args, i);
      const p = w === 'alltime' || w === 'all-time' ? 'all' : (PERIODS as string[]).includes(w) ? (w as Period) : undefined;
      if (p) {
        if (hasPeriod) return fail('usage', 'Give one period at most: week, month, season or all.');
        hasPeriod = true;
        period = p;
      } else if (found) {
        if (category) return fail('usage', `Give one category at most. Categories: ${categoryNames()}.`);
        category = found.id;
        i += found.used - 1;
      } else return fail('usage', `I don't know "${a}". Periods: week, month, season, all. Categories: ${categoryNames()}.`);
    }
    return ok({ period, category });
  },
  run(c, { period, category }) {
    return privately(leaderboardMessage(leaderboard(c.ctx, c.ws, period, category, c.member, c.now)));
  },
});

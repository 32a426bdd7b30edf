import { resolveCategory } from '../categories.js';
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
  parse(args) {
    let period: Period = 'week';
    let category = '';
    for (const a of args) {
      const w = a.toLowerCase();
      if ((PERIODS as string[]).includes(w)) period = w as Period;
      else if (w === 'alltime' || w === 'all-time') period = 'all';
      else if (resolveCategory(w)) category = resolveCategory(w)!;
      else return fail('usage', `I don't know "${a}". Periods: week, month, season, all. Categories: see /dojo help.`);
    }
    return ok({ period, category });
  },
  async run(c, { period, category }) {
    return privately(leaderboardMessage(await leaderboard(c.ctx, c.ws, period, category, c.member, c.now)));
  },
});

import { ok } from '../errors.js';
import { leaderboard, leaderboardMessage } from '../leaderboard.js';
import { privately } from '../messages.js';
import { PERIODS } from '../periods.js';
import type { Period } from '../types.js';
import { defineCommand } from './command.js';

export const top = defineCommand({
  name: 'top',
  aliases: ['leaderboard', 'board'],
  summary: 'The leaderboard, with your own rank.',
  admin: false,
  params: [
    {
      kind: 'choice',
      name: 'period',
      description: 'Which board (default: this week)',
      values: PERIODS,
      aliases: { alltime: 'all', 'all-time': 'all' },
    },
    { kind: 'category', name: 'category', description: 'Only points from this category' },
  ],
  check: (a) => ok({ period: (a.get('period') ?? 'week') as Period, category: a.get('category') ?? '' }),
  async run(c, { period, category }) {
    return privately(leaderboardMessage(await leaderboard(c.ctx, c.ws, period, category, c.member, c.now)));
  },
});

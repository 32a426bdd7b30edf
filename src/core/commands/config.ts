import { DojoUserError, fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { isValidZone } from '../schedule.js';
import { DEFAULT_POINTS } from '../settings.js';
import type { PointsConfig, WorkspaceSettings } from '../types.js';
import { defineCommand, type CommandCtx } from './command.js';
import { keyValues, parseUserArg } from './tokenize.js';

type ConfigArgs =
  | { kind: 'show' }
  | { kind: 'admins'; add: boolean; user: string }
  | { kind: 'set'; pairs: Map<string, string> }
  | { kind: 'season' }
  | { kind: 'rebuild' };

const USAGE =
  'Use /dojo config, config admins add|remove @user, config points.answer=10, config drill-points=on|off, config tz=Europe/Berlin, config season new, or config rebuild.';

async function setPairs(c: CommandCtx, pairs: Map<string, string>): Promise<string[]> {
  const settings: WorkspaceSettings = structuredClone(c.ws.settings);
  let timezone: string | undefined;
  const changed: string[] = [];
  for (const [key, value] of pairs) {
    if (key.startsWith('points.')) {
      // Keys arrive lower-cased, while point names are camelCase (challengeCorrect).
      const name = (Object.keys(DEFAULT_POINTS).find((k) => k.toLowerCase() === key.slice(7)) ?? key.slice(7)) as keyof PointsConfig;
      if (!(name in DEFAULT_POINTS) || name === 'top') {
        if (key === 'points.top' && /^\d{1,3},\d{1,3},\d{1,3}$/.test(value)) {
          settings.points.top = value.split(',').map(Number) as [number, number, number];
          changed.push(`${key}=${value}`);
          continue;
        }
        throw new DojoUserError('bad-key', `Unknown setting ${key}. Points: ${Object.keys(DEFAULT_POINTS).join(', ')} (top as 15,10,5).`);
      }
      if (!/^\d{1,3}$/.test(value)) throw new DojoUserError('bad-value', `${key} takes a whole number from 0 to 999.`);
      (settings.points[name] as number) = Number(value);
    } else if (key === 'drill-points') {
      if (value !== 'on' && value !== 'off') throw new DojoUserError('bad-value', 'drill-points: on or off.');
      settings.drillPoints = value === 'on';
    } else if (key === 'tz' || key === 'timezone') {
      if (!isValidZone(value)) throw new DojoUserError('bad-tz', `tz: use an IANA zone such as Europe/Berlin (got "${value}").`);
      timezone = value;
    } else {
      throw new DojoUserError('bad-key', `Unknown setting ${key}. ${USAGE}`);
    }
    changed.push(`${key}=${value}`);
  }
  await c.ctx.db.workspaces.saveSettings(c.ws.id, settings);
  if (timezone) await c.ctx.db.workspaces.setTimezone(c.ws.id, timezone);
  return changed;
}

export const config = defineCommand<ConfigArgs>({
  name: 'config',
  usage: '/dojo config [admins add|remove @user | points.<name>=N | drill-points=on|off | season new | rebuild]',
  summary: 'Workspace settings: admins, points, seasons, rebuilding totals.',
  admin: true,
  parse(args) {
    if (!args.length) return ok({ kind: 'show' });
    const [first, second, third] = args;
    if (first === 'admins') {
      if ((second !== 'add' && second !== 'remove') || !third) return fail('usage', USAGE);
      const u = parseUserArg(third);
      return ok({ kind: 'admins', add: second === 'add', user: u.rawId ?? u.name ?? third });
    }
    if (first === 'season' && second === 'new') return ok({ kind: 'season' });
    if (first === 'rebuild') return ok({ kind: 'rebuild' });
    const { pairs, rest } = keyValues(args);
    if (rest.length || !pairs.size) return fail('usage', USAGE);
    return ok({ kind: 'set', pairs });
  },
  async run(c, args) {
    const { ctx, ws } = c;
    switch (args.kind) {
      case 'show': {
        const p = ws.settings.points;
        return privately({
          title: 'Workspace settings',
          text: [
            `**Admins added here:** ${ws.settings.admins.length ? ws.settings.admins.join(', ') : 'none'} (platform admins and DOJO_ADMINS always count)`,
            `**Points:** answer ${p.answer} · upvote ${p.upvote} (first ${p.upvoteCap} per answer) · top ${p.top.join('/')} · challenge ${p.challengeCorrect} (+${p.challengeFirst} first) · streak +${p.streakStep} per round, max ${p.streakMax}`,
            `**Private drills score:** ${ws.settings.drillPoints ? 'on' : 'off'} · **season:** ${ws.season} · **timezone:** ${ws.timezone}`,
          ].join('\n'),
        });
      }
      case 'admins': {
        const settings = structuredClone(ws.settings);
        const has = settings.admins.includes(args.user);
        if (args.add && !has) settings.admins.push(args.user);
        if (!args.add) settings.admins = settings.admins.filter((a) => a !== args.user);
        await ctx.db.workspaces.saveSettings(ws.id, settings);
        return privately({
          text: args.add
            ? `${args.user} is now an admin.`
            : has
              ? `${args.user} is no longer an admin.`
              : `${args.user} was not on the admin list.`,
        });
      }
      case 'set':
        return privately({ text: `Updated: ${(await setPairs(c, args.pairs)).join(', ')}.` });
      case 'season': {
        const season = await ctx.db.workspaces.startSeason(ws.id);
        return privately({ text: `Season ${season} has started: the season board is empty again; all-time points are kept.` });
      }
      case 'rebuild': {
        const diffs = await ctx.db.scores.rebuildTotals(ws.id);
        ctx.log.info({ workspaceId: ws.id, differences: diffs.length }, 'totals rebuilt from the ledger');
        return privately({
          text: diffs.length
            ? `Rebuilt totals from the ledger. ${diffs.length} total(s) differed and were corrected:\n${diffs
                .slice(0, 10)
                .map((d) => `- member ${d.memberId} ${d.period} ${d.category || 'all'}: ${d.before} → ${d.after}`)
                .join('\n')}`
            : 'Rebuilt totals from the ledger: everything already matched.',
        });
      }
    }
  },
});

import { DojoUserError, fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { isValidZone } from '../schedule.js';
import { DEFAULT_POINTS } from '../settings.js';
import type { PointsConfig, WorkspaceSettings } from '../types.js';
import { defineCommand, type CommandCtx } from './command.js';
import type { Param } from './params.js';

type ConfigArgs =
  | { kind: 'show' }
  | { kind: 'admins'; add: boolean; user: string }
  | { kind: 'set'; pairs: Map<string, string> }
  | { kind: 'season' }
  | { kind: 'rebuild' };

const USAGE =
  'Use /dojo config, config admins add|remove @user, config points.answer=10, config drill-points=on|off, config tz=Europe/Berlin, config season new, or config rebuild. Channel settings (days=, time=, tz=, categories=, mode=open|blind, blind=, close=, cap=, digest=, rank=votes|coverage) go with /dojo setup in the channel.';

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

const POINT_KEYS = Object.keys(DEFAULT_POINTS).map((k) => `points.${k.toLowerCase()}`);

const CONFIG_PARAMS: Param[] = [
  { kind: 'choice', name: 'section', description: 'What to change', values: ['admins', 'season', 'rebuild'] },
  { kind: 'choice', name: 'change', description: 'admins: add or remove; season: new', values: ['add', 'remove', 'new'] },
  { kind: 'member', name: 'member', description: 'The member to add to or remove from the admins' },
  { kind: 'setting', name: 'tz', description: 'The workspace time zone, e.g. Europe/Berlin', autocomplete: 'timezone' },
  { kind: 'setting', name: 'drill-points', description: 'Points for correct private drills', values: ['on', 'off'] },
  ...POINT_KEYS.map(
    (name): Param => ({
      kind: 'setting',
      name,
      description: name === 'points.top' ? 'Top-three points, e.g. 15,10,5' : `Points: ${name.slice(7)}`,
    }),
  ),
];

export const config = defineCommand<ConfigArgs>({
  name: 'config',
  summary: 'Workspace settings: admins, points, seasons, rebuilding totals.',
  admin: true,
  params: CONFIG_PARAMS,
  check(a) {
    const section = a.get('section');
    const change = a.get('change');
    if (a.settings.size) return section || change ? fail('usage', USAGE) : ok({ kind: 'set', pairs: a.settings });
    if (!section && !change) return ok({ kind: 'show' });
    if (section === 'admins' && (change === 'add' || change === 'remove') && a.has('member'))
      return ok({ kind: 'admins', add: change === 'add', user: a.get('member')! });
    if (section === 'season' && change === 'new') return ok({ kind: 'season' });
    if (section === 'rebuild' && !change) return ok({ kind: 'rebuild' });
    return fail('usage', USAGE);
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
            `**Points:** answer ${p.answer} · upvote ${p.upvote} (first ${p.upvoteCap} per answer) · top ${p.top.join('/')} · challenge ${p.challengeCorrect} (+${p.challengeFirst} first) · streak +${p.streakStep} per round, max ${p.streakMax} · review ${p.review} (first ${p.reviewCap} per round) · completeness ${p.completeness}`,
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
      case 'set': {
        const changed = await setPairs(c, args.pairs);
        const tz = args.pairs.get('tz') ?? args.pairs.get('timezone');
        // The workspace zone is only the default for new channels; each channel keeps its own.
        const channels = tz ? await ctx.db.channels.listForWorkspace(ws.id) : [];
        const others = channels.filter((ch) => ch.timezone !== tz);
        const note = !tz
          ? ''
          : others.length
            ? ` New practice channels use ${tz}; existing ones keep their own zone (${others.map((ch) => `#${ch.name || ch.ref} ${ch.timezone}`).join(', ')}): run \`/dojo setup tz=${tz}\` in a channel to move it.`
            : ` New practice channels use ${tz}${channels.length ? ', as every existing one already does' : ''}; \`/dojo setup tz=…\` changes one channel.`;
        return privately({ text: `Updated: ${changed.join(', ')}.${note}` });
      }
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

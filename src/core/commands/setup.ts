import { applySettings, describeChannel } from '../channel-settings.js';
import { DojoUserError, ok } from '../errors.js';
import { privately } from '../messages.js';
import { defaultChannelSettings } from '../settings.js';
import { defineCommand } from './command.js';
import type { Param } from './params.js';

/** Every channel setting as a `key=value` parameter; the values are checked by `applySettings`. */
const SETUP_PARAMS: Param[] = [
  { kind: 'setting', name: 'days', description: 'Days to post, e.g. mon-fri' },
  { kind: 'setting', name: 'time', description: 'Local posting time, e.g. 09:00' },
  { kind: 'setting', name: 'tz', description: 'IANA time zone, e.g. Europe/Berlin', autocomplete: 'timezone' },
  { kind: 'setting', name: 'categories', description: 'Comma-separated categories, e.g. security,nodejs' },
  { kind: 'setting', name: 'mode', description: 'Open answers, or blind (revealed together)', values: ['open', 'blind'] },
  { kind: 'setting', name: 'emoji', description: 'The vote reaction, e.g. +1' },
  { kind: 'setting', name: 'close', description: 'When rounds close: auto, or a duration such as 8h' },
  { kind: 'setting', name: 'blind', description: 'Blind rounds: hours of private answering before the reveal, e.g. 4h' },
  { kind: 'setting', name: 'cap', description: 'Votes per member per round (0 = no cap)', integer: { min: 0, max: 99 } },
  { kind: 'setting', name: 'digest', description: 'A weekly top-five post', values: ['on', 'off'] },
  { kind: 'setting', name: 'rank', description: 'Rank answers by votes or by peer-review coverage', values: ['votes', 'coverage'] },
];

export const setup = defineCommand({
  name: 'setup',
  summary: 'Make this channel a practice channel, or change its schedule.',
  admin: true,
  params: SETUP_PARAMS,
  check: (a) => ok(a.settings),
  async run(c, pairs) {
    const { event, ctx } = c;
    if (!event.channel) throw new DojoUserError('no-channel', 'Run /dojo setup inside the channel that should get the daily question.');
    const base = c.channel ?? { ...defaultChannelSettings(c.ws.timezone) };
    const applied = applySettings(base, pairs);
    if (!applied.ok) throw new DojoUserError(applied.code, applied.message);
    const channel = await ctx.db.channels.upsert({
      workspaceId: c.ws.id,
      ref: event.channel,
      name: event.channelName ?? '',
      settings: applied.value,
      now: c.now,
    });
    ctx.log.info({ channelId: channel.id, workspaceId: c.ws.id }, c.channel ? 'channel settings changed' : 'practice channel set up');
    return privately({
      title: c.channel ? 'Settings updated' : 'This is now a practice channel',
      text: `${describeChannel(channel, c.now)}\n\nChange any of it with e.g. \`/dojo setup days=mon-fri time=09:00 tz=Europe/Berlin categories=security,nodejs\`. Post a question right now with \`/dojo ask\`.`,
    });
  },
});

import { applySettings, describeChannel } from '../channel-settings.js';
import { DojoUserError, ok } from '../errors.js';
import { privately } from '../messages.js';
import { defaultChannelSettings } from '../settings.js';
import { defineCommand } from './command.js';
import { keyValues } from './tokenize.js';

export const setup = defineCommand({
  name: 'setup',
  usage:
    '/dojo setup [days=mon-fri] [time=09:00] [tz=Europe/Berlin] [categories=security,nodejs] [mode=open|blind] [emoji=+1] [close=auto|8h] [cap=0] [digest=on|off]',
  summary: 'Make this channel a practice channel, or change its schedule.',
  admin: true,
  parse(args) {
    const { pairs, rest } = keyValues(args);
    if (rest.length) return { ok: false, code: 'usage', message: `Settings are key=value pairs, e.g. time=09:00 (got "${rest[0]}").` };
    return ok(pairs);
  },
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

import { categoryLabel, categoryNames, resolveCategory } from './categories.js';
import { fail, ok, type Result } from './errors.js';
import { describeDays, formatWhen, isValidTime, isValidZone, nextSlot, parseDays } from './schedule.js';
import { emojiGlyph, normaliseEmoji } from './text.js';
import type { Channel, ChannelSettings } from './types.js';

export const SETUP_KEYS = ['days', 'time', 'tz', 'categories', 'mode', 'emoji', 'close', 'blind', 'cap', 'digest', 'rank'] as const;

/** Applies `key=value` pairs to channel settings; the first bad pair is a friendly refusal. */
export function applySettings(base: ChannelSettings, pairs: Map<string, string>): Result<ChannelSettings> {
  const s = { ...base };
  for (const [key, value] of pairs) {
    switch (key) {
      case 'days': {
        const days = parseDays(value);
        if (!days?.length) return fail('bad-days', `days: use e.g. mon-fri, mon,wed,fri or daily (got "${value}").`);
        s.days = days;
        break;
      }
      case 'time': {
        // 9:30 means 09:30: people type the short form.
        const time = /^\d:\d\d$/.test(value) ? `0${value}` : value;
        if (!isValidTime(time)) return fail('bad-time', `time: use 24-hour HH:MM, e.g. 09:00 (got "${value}").`);
        s.time = time;
        break;
      }
      case 'tz':
      case 'timezone':
        if (!isValidZone(value)) return fail('bad-tz', `tz: use an IANA zone such as Europe/Berlin or America/New_York (got "${value}").`);
        s.timezone = value;
        break;
      case 'categories': {
        if (value === 'all' || value === '') {
          s.categories = [];
          break;
        }
        const ids = value.split(',').map((c) => resolveCategory(c));
        const bad = value.split(',').find((c) => !resolveCategory(c));
        if (bad !== undefined)
          return fail('bad-category', `categories: unknown category "${bad}". Use a comma-separated list of ${categoryNames()}, or all.`);
        s.categories = [...new Set(ids as string[])];
        break;
      }
      case 'mode':
        if (value !== 'open' && value !== 'blind') return fail('bad-mode', 'mode: open or blind.');
        s.mode = value;
        break;
      case 'emoji':
        if (!/^:?[\w+-]{1,40}:?$/u.test(value) && !/^\p{Extended_Pictographic}/u.test(value))
          return fail('bad-emoji', 'emoji: a reaction name such as +1 or star.');
        s.voteEmoji = normaliseEmoji(value);
        break;
      case 'close': {
        if (value === 'auto') {
          s.roundHours = null;
          break;
        }
        const h = /^(\d{1,3})h?$/.exec(value);
        if (!h || Number(h[1]) < 1 || Number(h[1]) > 168) return fail('bad-close', 'close: auto, or hours from 1h to 168h.');
        s.roundHours = Number(h[1]);
        break;
      }
      case 'blind': {
        const h = /^(\d{1,3})h?$/.exec(value);
        if (!h || Number(h[1]) < 1 || Number(h[1]) > 72) return fail('bad-blind', 'blind: answer phase length in hours, 1h to 72h.');
        s.blindHours = Number(h[1]);
        break;
      }
      case 'cap': {
        if (!/^\d{1,3}$/.test(value)) return fail('bad-cap', 'cap: votes per member per round, 0 for no cap.');
        s.voteCap = Number(value);
        break;
      }
      case 'digest':
        if (!['on', 'off'].includes(value)) return fail('bad-digest', 'digest: on or off.');
        s.digest = value === 'on';
        break;
      case 'rank':
        if (value !== 'votes' && value !== 'coverage') return fail('bad-rank', 'rank: votes (ties broken by review coverage) or coverage.');
        s.rankBy = value;
        break;
      default:
        return fail('bad-key', `Unknown setting "${key}". Settings: ${SETUP_KEYS.join(', ')}.`);
    }
  }
  return ok(s);
}

export function describeChannel(ch: Channel, now: number): string {
  const next = ch.paused ? undefined : nextSlot(ch, now);
  return [
    `**Schedule:** ${describeDays(ch.days)} at ${ch.time} (${ch.timezone})${ch.paused ? ' — paused' : ''}`,
    `**Next question:** ${next ? formatWhen(next.at, ch.timezone) : '—'}`,
    `**Categories:** ${ch.categories.length ? ch.categories.map(categoryLabel).join(', ') : 'all'}`,
    `**Mode:** ${ch.mode}${ch.mode === 'blind' ? ` (answers revealed after ${ch.blindHours}h)` : ''} · **vote with** ${emojiGlyph(ch.voteEmoji)} · **round closes** ${ch.roundHours ? `after ${ch.roundHours}h` : '1h before the next question'}`,
    `**Votes per member per round:** ${ch.voteCap || 'no cap'} · **weekly digest:** ${ch.digest ? 'on' : 'off'} · **answers ranked by** ${ch.rankBy === 'coverage' ? 'review coverage, then votes' : 'votes, then review coverage'}`,
  ].join('\n');
}

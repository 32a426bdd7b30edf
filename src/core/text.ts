const ZWSP = '\u200b';

/**
 * Makes member-written text safe to repeat: mass mentions (@everyone, @here, <!channel>,
 * <!here>, <!everyone>, <!subteam^…>) and Discord role pings are broken with a zero-width
 * space so they show as text and ping nobody, even if an adapter forgets its own guard.
 */
export function safeUserText(text: string): string {
  return text
    .replace(/@(everyone|here|channel)\b/gi, `@${ZWSP}$1`)
    .replace(/<!(channel|here|everyone|subteam\^[^>]*)(\|[^>]*)?>/gi, (_m, what: string) => `@${ZWSP}${what.split('^')[0]}`)
    .replace(/<@&(\d+)>/g, `@${ZWSP}role`);
}

/** Cuts text to `max` characters on a word boundary when it can, with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd() + '…';
}

/** One line, whitespace collapsed; for excerpts in lists. */
export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Splits text into chunks of at most `max` characters, preferring paragraph, then line, then
 * word breaks, and never cutting a fenced code block without closing and reopening it.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 20) throw new RangeError('max too small');
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = -1;
    for (const sep of ['\n\n', '\n', ' ']) {
      const at = rest.lastIndexOf(sep, max - 4);
      if (at > max * 0.3) {
        cut = at;
        break;
      }
    }
    if (cut < 0) cut = max - 4;
    let head = rest.slice(0, cut);
    let tail = rest.slice(cut).replace(/^\s+/, '');
    if (((head.match(/```/g) ?? []).length & 1) === 1) {
      head += '\n```';
      tail = '```\n' + tail;
    }
    chunks.push(head);
    rest = tail;
  }
  if (rest.length) chunks.push(rest);
  return chunks;
}

/** Emoji names that mean the same vote on different platforms. */
const EMOJI_ALIASES: Record<string, string> = {
  '+1': '+1',
  thumbsup: '+1',
  '👍': '+1',
  thumbs_up: '+1',
  star: 'star',
  '⭐': 'star',
  fire: 'fire',
  '🔥': 'fire',
  heart: 'heart',
  '❤️': 'heart',
  white_check_mark: 'white_check_mark',
  '✅': 'white_check_mark',
};

export const normaliseEmoji = (e: string) => {
  const bare = e
    .replace(/^:|:$/g, '')
    .replace(/::skin-tone-\d$/, '')
    .replace(/[\u{1F3FB}-\u{1F3FF}]/gu, '');
  return EMOJI_ALIASES[bare] ?? bare;
};

/** The display form of a vote emoji in neutral text. */
export const emojiGlyph = (e: string) =>
  ({ '+1': '👍', star: '⭐', fire: '🔥', heart: '❤️', white_check_mark: '✅' })[normaliseEmoji(e)] ?? `:${e}:`;

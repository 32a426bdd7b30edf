/**
 * Splits command text into words; "double" or 'single' quotes (and their curly forms, which
 * phones insert) group words. Never throws: an unclosed quote runs to the end.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"?|“([^”]*)”?|'([^']*)'?|(\S+)/g;
  for (const m of text.replace(/\u00a0/g, ' ').matchAll(re)) {
    const word = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    if (word.length) out.push(word);
  }
  return out;
}

/** Reads a user argument: Slack <@U1|name>, Discord <@1> or <@!1>, or a plain @name / name. */
export function parseUserArg(word: string): { rawId?: string; name?: string } {
  const m = /^<@!?([A-Za-z0-9_.-]+)(?:\|([^>]*))?>$/.exec(word);
  if (m) return m[2] ? { rawId: m[1]!, name: m[2] } : { rawId: m[1]! };
  return { name: word.replace(/^@/, ''), rawId: word.replace(/^@/, '') };
}

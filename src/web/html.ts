/** HTML that is safe to insert as is: built only by `html` and the helpers here. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content or a quoted attribute. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

type Part = SafeHtml | string | number | undefined | null | false | readonly Part[];

const render = (part: Part): string => {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
};

/**
 * A template tag that escapes every interpolated value unless it is already SafeHtml, so a
 * member's text can only ever be text.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Text shown as written, newlines kept as line breaks (Markdown, links and mentions stay plain text). */
export const multiline = (text: string) => new SafeHtml(escapeHtml(text).replace(/\r?\n/g, '<br>'));

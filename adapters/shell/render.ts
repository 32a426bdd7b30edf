import type { NeutralMessage } from '../../src/core/index.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  accent(s: string): string;
}

export const plain: Style = { bold: (s) => s, dim: (s) => s, accent: (s) => s };
export const ansi: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  accent: (s) => `\x1b[36m${s}\x1b[39m`,
};

/** The neutral Markdown subset as terminal text: bold kept as emphasis, links as "label <url>". */
function inline(text: string, style: Style): string {
  return text
    .replace(/\*\*([^*\n]+)\*\*/g, (_m, t: string) => style.bold(t))
    .replace(/\[([^\]\n]+)\]\(dojo-message:[^)\s]+\)/g, (_m, t: string) => t)
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_m, t: string, u: string) => `${t} <${u}>`);
}

/** Renders a neutral message as indented terminal lines under a header naming where it went. */
export function renderShellMessage(header: string, m: NeutralMessage, style: Style): string {
  const lines: string[] = [style.accent(header)];
  const indent = (s: string) => s.split('\n').map((l) => `  ${l}`);
  if (m.title) lines.push(...indent(style.bold(m.title)));
  if (m.text) {
    let inCode = false;
    for (const l of m.text.split('\n')) {
      if (l.startsWith('```')) {
        inCode = !inCode;
        continue;
      }
      lines.push(...indent(inCode ? l : inline(l, style)));
    }
  }
  for (const f of m.fields ?? []) lines.push(...indent(`${style.bold(f.label)}: ${inline(f.value, style)}`));
  if (m.code) lines.push(...indent(m.code));
  if (m.footer) lines.push(...indent(style.dim(inline(m.footer, style))));
  if (m.buttons?.length) lines.push(...indent(m.buttons.map((b) => `[${b.label}]`).join(' ')));
  if (m.select) lines.push(...indent(`(${m.select.placeholder}: ${m.select.options.map((o) => o.label).join(' | ')})`));
  return lines.join('\n');
}

import type { types } from '@slack/bolt';
import type { Button, Form, FormInput, NeutralMessage, Select } from '../../src/core/index.js';
import { clip, splitText } from '../../src/core/index.js';
import { permalink } from './refs.js';

type Block = types.KnownBlock;

/** One chat.postMessage worth of content. */
export interface SlackPost {
  /** Notification and screen-reader fallback. */
  text: string;
  blocks: Block[];
}

/** Block Kit limits (api.slack.com/reference/block-kit/blocks and /methods/chat.postMessage). */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionChars: 3000,
  fieldChars: 2000,
  fieldsPerSection: 10,
  messageChars: 40_000,
  headerChars: 150,
  buttonChars: 75,
  elementsPerActions: 25,
  optionsPerSelect: 100,
  optionValueChars: 150,
  placeholderChars: 150,
  viewTitleChars: 24,
  inputLabelChars: 2000,
  inputMaxLength: 3000,
  privateMetadataChars: 3000,
  /** Checkbox groups take at most 10 options; option text at most 75 characters. */
  checkboxOptions: 10,
  optionChars: 75,
  fallbackChars: 300,
} as const;

/** Slack's three control characters; escaping them is what keeps user text from ever pinging anyone. */
export const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function link(label: string, url: string): string {
  if (url.startsWith('dojo-message:')) {
    const href = permalink(url.slice('dojo-message:'.length));
    return href ? `<${href}|${label}>` : label;
  }
  // Escaping has already turned any "<" or ">" into entities; "|" would end the URL early.
  return /^(https?:\/\/|mailto:)[^|\s]+$/.test(url) ? `<${url}|${label}>` : `${label} (${url})`;
}

function inline(text: string): string {
  return escapeText(text)
    .replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, (_m, label: string, url: string) => link(label, url))
    .replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, '*$1*')
    .replace(/^(\s*)- /gm, '$1• ');
}

/**
 * Neutral Markdown → Slack mrkdwn: escapes &, <, > everywhere (so `<!channel>` typed by a member
 * stays text), then **bold** → *bold*, [label](url) → <url|label>, `dojo-message:` links →
 * permalinks and "- " bullets → "• ". Code spans and fences are escaped but not reformatted.
 */
export function toMrkdwn(text: string): string {
  const out: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/```[\s\S]*?```|`[^`\n]+`/g)) {
    out.push(inline(text.slice(last, m.index)), escapeText(m[0]));
    last = m.index + m[0].length;
  }
  out.push(inline(text.slice(last)));
  return out.join('');
}

/** Plain words for notifications: markup removed, clipped, then escaped. */
export function fallbackText(text: string, max: number = LIMITS.fallbackChars): string {
  const plain = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/\[([^\]\n]+)\]\([^()\s]+\)/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  let size = max;
  let out = escapeText(clip(plain, size));
  while (out.length > max && size > 20) {
    size = Math.floor((size * max) / out.length) - 1;
    out = escapeText(clip(plain, size));
  }
  return out;
}

/**
 * Splits raw text so that each converted chunk fits `max`. Conversion can grow text (an escaped
 * "&" is five characters), so a chunk that grew too much is split again, smaller.
 */
export function fitChunks(raw: string, convert: (s: string) => string, max: number, size = max): string[] {
  if (!raw.trim()) return [];
  const out: string[] = [];
  for (const piece of splitText(raw, Math.max(size, 20))) {
    const converted = convert(piece);
    if (converted.length <= max) out.push(converted);
    else if (size > 200) out.push(...fitChunks(piece, convert, max, Math.floor(size / 2)));
    else for (let i = 0; i < converted.length; i += max) out.push(converted.slice(i, i + max));
  }
  return out;
}

// plain_text objects are shown verbatim and never parsed for mentions, so they are clipped, not escaped.
const plain = (text: string, max: number): types.PlainTextElement => ({
  type: 'plain_text',
  text: clip(text.replace(/\s+/g, ' ').trim() || ' ', max),
  emoji: true,
});

const section = (mrkdwn: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } });

function buttonElement(b: Button): types.Button {
  return {
    type: 'button',
    text: plain(b.label, LIMITS.buttonChars),
    action_id: b.actionId,
    ...(b.style === 'primary' || b.style === 'danger' ? { style: b.style } : {}),
  };
}

function selectElement(s: Select): types.StaticSelect {
  return {
    type: 'static_select',
    action_id: s.actionId,
    placeholder: plain(s.placeholder, LIMITS.placeholderChars),
    options: s.options
      .slice(0, LIMITS.optionsPerSelect)
      .map((o) => ({ text: plain(o.label, LIMITS.buttonChars), value: o.value.slice(0, LIMITS.optionValueChars) })),
  };
}

/** The blocks of one neutral message, in reading order, before splitting into posts. */
export function renderBlocks(m: NeutralMessage): Block[] {
  const blocks: Block[] = [];
  if (m.title?.trim()) blocks.push({ type: 'header', text: plain(m.title, LIMITS.headerChars) });
  for (const chunk of fitChunks(m.text, toMrkdwn, LIMITS.sectionChars)) blocks.push(section(chunk));
  const fields = m.fields ?? [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    blocks.push({
      type: 'section',
      fields: fields
        .slice(i, i + LIMITS.fieldsPerSection)
        .map((f) => ({ type: 'mrkdwn', text: clip(`*${escapeText(f.label)}*\n${toMrkdwn(f.value)}`, LIMITS.fieldChars) })),
    });
  }
  if (m.code?.trim()) {
    const fence = (s: string) => '```\n' + escapeText(s) + '\n```';
    for (const chunk of fitChunks(m.code, fence, LIMITS.sectionChars)) blocks.push(section(chunk));
  }
  if (m.footer?.trim()) {
    const [first] = fitChunks(m.footer, toMrkdwn, LIMITS.sectionChars);
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: first! }] });
  }
  const buttons = m.buttons ?? [];
  for (let i = 0; i < buttons.length; i += LIMITS.elementsPerActions) {
    blocks.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.elementsPerActions).map(buttonElement) });
  }
  if (m.select?.options.length) blocks.push({ type: 'actions', elements: [selectElement(m.select)] });
  if (!blocks.length) blocks.push(section(' '));
  return blocks;
}

function blockChars(b: Block): number {
  return JSON.stringify(b).length;
}

/**
 * Renders a neutral message as one or more posts, each within 50 blocks and 40,000 characters;
 * buttons stay at the end, so they land on the last post.
 */
export function renderMessage(m: NeutralMessage): SlackPost[] {
  const fallback = fallbackText(m.title ? `${m.title}: ${m.text}` : m.text || m.footer || m.title || 'Interview Dojo');
  const budget = LIMITS.messageChars - LIMITS.fallbackChars * 2;
  const posts: SlackPost[] = [];
  let current: Block[] = [];
  let chars = 0;
  for (const block of renderBlocks(m)) {
    const size = blockChars(block);
    if (current.length && (current.length >= LIMITS.blocksPerMessage || chars + size > budget)) {
      posts.push({ text: posts.length ? '(continued)' : fallback, blocks: current });
      current = [];
      chars = 0;
    }
    current.push(block);
    chars += size;
  }
  posts.push({ text: posts.length ? '(continued)' : fallback, blocks: current });
  return posts;
}

/** The App Home tab: the messages in order, separated by dividers, within Slack's 100 blocks. */
export function renderHome(view: NeutralMessage[]): types.HomeView {
  const blocks: Block[] = [];
  view.forEach((m, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...renderBlocks(m));
  });
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}

/** What a modal carries back on submission: where it was opened and which form it is. */
export interface FormMeta {
  channel?: string;
  formId: string;
}

/** A core form as a modal: the intro as a section, each input as a plain_text_input. */
export function renderForm(form: Form, meta: FormMeta): types.ModalView {
  const blocks: Block[] = [];
  if (form.intro?.trim()) blocks.push(...fitChunks(form.intro, toMrkdwn, LIMITS.sectionChars).slice(0, 5).map(section));
  for (const input of form.inputs) {
    if (input.choices) {
      blocks.push(checklistBlock(input, input.choices));
      continue;
    }
    blocks.push({
      type: 'input',
      block_id: input.id,
      label: plain(input.label, LIMITS.inputLabelChars),
      ...(input.optional ? { optional: true } : {}),
      element: {
        type: 'plain_text_input',
        action_id: input.id,
        multiline: Boolean(input.multiline),
        ...(input.maxLength ? { max_length: Math.min(input.maxLength, LIMITS.inputMaxLength) } : {}),
        ...(input.placeholder ? { placeholder: plain(input.placeholder, LIMITS.placeholderChars) } : {}),
        ...(input.value
          ? { initial_value: input.value.slice(0, Math.min(input.maxLength ?? LIMITS.inputMaxLength, LIMITS.inputMaxLength)) }
          : {}),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: form.formId,
    private_metadata: JSON.stringify({ c: meta.channel, f: meta.formId }).slice(0, LIMITS.privateMetadataChars),
    title: plain(form.title, LIMITS.viewTitleChars),
    submit: plain(form.submitLabel ?? 'Submit', LIMITS.viewTitleChars),
    close: plain('Cancel', LIMITS.viewTitleChars),
    blocks,
  };
}

/**
 * A checklist input: checkboxes, or a multi-select when there are more choices than a checkbox
 * group takes. Either way the submission carries `selected_options` (read by events.ts).
 */
function checklistBlock(input: FormInput, choices: NonNullable<FormInput['choices']>): Block {
  const options = choices
    .slice(0, LIMITS.optionsPerSelect)
    .map((c) => ({ text: plain(c.label, LIMITS.optionChars), value: c.value.slice(0, LIMITS.optionValueChars) }));
  const ticked = new Set((input.value ?? '').split(',').filter(Boolean));
  const initial = options.filter((o) => ticked.has(o.value));
  return {
    type: 'input',
    block_id: input.id,
    label: plain(input.label, LIMITS.inputLabelChars),
    ...(input.optional ? { optional: true } : {}),
    element:
      options.length <= LIMITS.checkboxOptions
        ? { type: 'checkboxes', action_id: input.id, options, ...(initial.length ? { initial_options: initial } : {}) }
        : {
            type: 'multi_static_select',
            action_id: input.id,
            placeholder: plain('Pick any', LIMITS.placeholderChars),
            options,
            ...(initial.length ? { initial_options: initial } : {}),
          },
  };
}

/** Reads the metadata `renderForm` stored; tolerant of anything else. */
export function readFormMeta(raw: string | undefined): Partial<FormMeta> {
  try {
    const v = JSON.parse(raw ?? '') as { c?: unknown; f?: unknown };
    return { channel: typeof v.c === 'string' ? v.c : undefined, formId: typeof v.f === 'string' ? v.f : undefined };
  } catch {
    return {};
  }
}

import { ButtonStyle, ComponentType, TextInputStyle } from 'discord.js';
import type {
  APIActionRowComponent,
  APIButtonComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIEmbedField,
  APIModalInteractionResponseCallbackComponent,
  APIModalInteractionResponseCallbackData,
} from 'discord.js';
import { clip, splitText, type Button, type Form, type NeutralMessage } from '../../src/core/index.js';

/** Discord's documented limits (developer docs: message, embed, component and modal objects). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  fields: 25,
  /** Sum of every title, description, field, footer and author text across a message's embeds. */
  embedTotal: 6000,
  embedsPerMessage: 10,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectOption: 100,
  placeholder: 150,
  modalTitle: 45,
  modalLabel: 45,
  modalPlaceholder: 100,
  modalComponents: 5,
  textInput: 4000,
  textDisplay: 4000,
} as const;

const COLOR = 0x5865f2;
const ZWSP = '\u200b';

/** Prefix of a button that opens a form: its press must be answered with the modal, not a deferral. */
export const FORM_BUTTON = 'f:';
/** The core's action id behind a button's custom_id. */
export const actionIdOf = (customId: string) => (customId.startsWith(FORM_BUTTON) ? customId.slice(FORM_BUTTON.length) : customId);

/** A row of up to five buttons, or one select. */
export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** One Discord message body; sent with channel.send, editReply or followUp as is. */
export interface DiscordPayload {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRow[];
  /** Bot messages never ping: user text could carry @everyone or role mentions. */
  allowedMentions: { parse: [] };
}

/** Platform context for rendering that the neutral message does not carry. */
export interface RenderOptions {
  /** Turns a `dojo-message:` ref into a jump link; without one the link keeps only its label. */
  permalink?: (ref: string) => string | undefined;
  /** Platform rewrite of command names in text (admin subcommands live under /dojo-admin). */
  rewrite?: (text: string) => string;
}

const embedSize = (e: APIEmbed) =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.author?.name.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

function prepare(opts: RenderOptions): (text: string) => string {
  return (text) => {
    const linked = text.replace(/\[([^\]\n]+)\]\(dojo-message:([^)\s]+)\)/g, (_m, label: string, ref: string) => {
      const url = opts.permalink?.(ref);
      return url ? `[${label}](${url})` : label;
    });
    return opts.rewrite ? opts.rewrite(linked) : linked;
  };
}

/** The footer shown under the last embed; the marker goes last so `findPosted` can read it back. */
function footerText(m: NeutralMessage, prep: (s: string) => string): string {
  const marker = m.marker ? clip(m.marker, 200) : '';
  const footer = m.footer ? clip(prep(m.footer), LIMITS.footer - marker.length - 3) : '';
  return [footer, marker].filter(Boolean).join(' · ');
}

/** Whether an embed footer carries `marker` (see footerText). */
export const footerHasMarker = (footer: string | undefined, marker: string) =>
  footer === marker || Boolean(footer?.endsWith(` · ${marker}`));

function button(b: Button): APIButtonComponent {
  const style = b.style === 'primary' ? ButtonStyle.Primary : b.style === 'danger' ? ButtonStyle.Danger : ButtonStyle.Secondary;
  return {
    type: ComponentType.Button,
    style,
    label: clip(b.label, LIMITS.buttonLabel),
    custom_id: b.opensForm ? `${FORM_BUTTON}${b.actionId}` : b.actionId,
  };
}

/** Buttons in rows of five, at most five rows (one of them the select, if any). */
export function renderComponents(m: NeutralMessage): ActionRow[] {
  const rows: ActionRow[] = [];
  const buttonRows = LIMITS.rows - (m.select ? 1 : 0);
  // The core builds ids of at most 100 characters; a longer one could never be sent.
  const buttons = (m.buttons ?? [])
    .filter((b) => b.actionId.length + (b.opensForm ? FORM_BUTTON.length : 0) <= LIMITS.customId)
    .slice(0, buttonRows * LIMITS.buttonsPerRow);
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow).map(button) });
  }
  if (m.select && m.select.actionId.length <= LIMITS.customId && m.select.options.length) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: m.select.actionId,
          placeholder: clip(m.select.placeholder, LIMITS.placeholder),
          options: m.select.options
            .slice(0, LIMITS.selectOptions)
            .map((o) => ({ label: clip(o.label, LIMITS.selectOption), value: o.value.slice(0, LIMITS.selectOption) })),
        },
      ],
    });
  }
  return rows;
}

function renderEmbeds(m: NeutralMessage, prep: (s: string) => string): APIEmbed[] {
  // A fence inside the code would end the block early; a zero-width space keeps it literal.
  const code = m.code ? `\`\`\`\n${m.code.replace(/```/g, `\`${ZWSP}\`\``)}\n\`\`\`` : '';
  const body = [prep(m.text), code].filter(Boolean).join('\n');
  const embeds: APIEmbed[] = splitText(body, LIMITS.description).map((description) => ({ color: COLOR, description }));
  if (m.title) {
    const title = clip(prep(m.title), LIMITS.title);
    if (embeds[0]) embeds[0].title = title;
    else embeds.push({ color: COLOR, title });
  }
  for (const f of m.fields ?? []) {
    const field: APIEmbedField = {
      name: clip(prep(f.label), LIMITS.fieldName) || ZWSP,
      value: clip(prep(f.value), LIMITS.fieldValue) || ZWSP,
      inline: Boolean(f.inline),
    };
    let last = embeds.at(-1);
    if (
      !last ||
      (last.fields?.length ?? 0) >= LIMITS.fields ||
      embedSize(last) + field.name.length + field.value.length > LIMITS.embedTotal
    ) {
      last = { color: COLOR };
      embeds.push(last);
    }
    (last.fields ??= []).push(field);
  }
  const footer = footerText(m, prep);
  if (footer) {
    let last = embeds.at(-1);
    if (!last || embedSize(last) + footer.length > LIMITS.embedTotal) {
      last = { color: COLOR };
      embeds.push(last);
    }
    last.footer = { text: footer };
  }
  return embeds;
}

/**
 * A neutral message as one or more Discord messages: plain content for short plain text,
 * otherwise embeds split to the per-field, per-embed and per-message limits. Buttons and the
 * select go on the last message; the first message is the one a thread hangs from.
 */
export function renderMessage(m: NeutralMessage, opts: RenderOptions = {}): DiscordPayload[] {
  const prep = prepare(opts);
  const components = renderComponents(m);
  const allowedMentions = { parse: [] as [] };
  const text = prep(m.text);
  if (!m.title && !m.fields?.length && !m.code && !m.footer && !m.marker && text.length <= LIMITS.content) {
    return [{ content: text || ZWSP, embeds: [], components, allowedMentions }];
  }
  const payloads: DiscordPayload[] = [];
  let batch: APIEmbed[] = [];
  let size = 0;
  for (const embed of renderEmbeds(m, prep)) {
    const s = embedSize(embed);
    if (batch.length && (batch.length >= LIMITS.embedsPerMessage || size + s > LIMITS.embedTotal)) {
      payloads.push({ embeds: batch, components: [], allowedMentions });
      batch = [];
      size = 0;
    }
    batch.push(embed);
    size += s;
  }
  payloads.push({ embeds: batch, components, allowedMentions });
  return payloads;
}

/** One payload for editing a message in place: the first part, with the last part's components. */
export function renderEdit(m: NeutralMessage, opts: RenderOptions = {}): DiscordPayload & { content: string } {
  const parts = renderMessage(m, opts);
  const first = parts[0]!;
  return { ...first, content: first.content ?? '', components: parts.at(-1)!.components };
}

/**
 * A core form as a Discord modal: the intro as a text display, each input under a label. A
 * checklist is a multi-select (selects in modals come inside label components); with more
 * choices than a select holds, or `selects: false` for clients that cannot show one, it is a text
 * input where the member types the numbers, which the intro lists.
 */
export function renderForm(form: Form, opts: { selects?: boolean } = {}): APIModalInteractionResponseCallbackData {
  const components: APIModalInteractionResponseCallbackComponent[] = [];
  if (form.intro) components.push({ type: ComponentType.TextDisplay, content: clip(form.intro, LIMITS.textDisplay) });
  for (const input of form.inputs.slice(0, LIMITS.modalComponents - components.length)) {
    const label = clip(input.label, LIMITS.modalLabel);
    if (input.choices && opts.selects !== false && input.choices.length <= LIMITS.selectOptions) {
      const ticked = new Set((input.value ?? '').split(',').filter(Boolean));
      components.push({
        type: ComponentType.Label,
        label,
        component: {
          type: ComponentType.StringSelect,
          custom_id: input.id,
          min_values: input.optional ? 0 : 1,
          max_values: input.choices.length,
          required: !input.optional,
          options: input.choices.map((c) => ({
            label: clip(c.label, LIMITS.selectOption),
            value: c.value,
            ...(ticked.has(c.value) ? { default: true } : {}),
          })),
        },
      });
      continue;
    }
    // A checklist typed as numbers ("1,3,4"), when a select cannot be shown.
    const value = input.choices ? input.value?.split(',').join(', ') : input.value;
    const placeholder = input.choices ? 'Numbers of the key points, e.g. 1, 3, 4' : input.placeholder;
    components.push({
      type: ComponentType.Label,
      label,
      component: {
        type: ComponentType.TextInput,
        custom_id: input.id,
        style: input.multiline ? TextInputStyle.Paragraph : TextInputStyle.Short,
        required: !input.optional,
        max_length: Math.min(input.maxLength ?? LIMITS.textInput, LIMITS.textInput),
        ...(placeholder ? { placeholder: clip(placeholder, LIMITS.modalPlaceholder) } : {}),
        ...(value ? { value: value.slice(0, Math.min(input.maxLength ?? LIMITS.textInput, LIMITS.textInput)) } : {}),
      },
    });
  }
  return { custom_id: form.formId, title: clip(form.title, LIMITS.modalTitle), components };
}

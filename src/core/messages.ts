import type { UserRef } from './refs.js';

/**
 * Platform-neutral messages. Text uses a small Markdown subset that every adapter renders:
 * **bold**, _italic_, `code`, fenced ``` blocks, "- " bullets and [label](url) links; a link to
 * `dojo-message:<MessageRef>` points at a message the bot posted, and adapters turn it into a permalink.
 * User-derived text is already neutralised by the core (see `safeUserText`).
 */
export interface NeutralMessage {
  /** Short heading shown above the text (embed title on Discord, header block on Slack). */
  title?: string;
  text: string;
  fields?: Field[];
  buttons?: Button[];
  select?: Select;
  /** A monospace block kept intact when the message is split (diagrams). */
  code?: string;
  footer?: string;
  /** Marks text that repeats what members wrote, so adapters also disable mentions. */
  hasUserText?: boolean;
  /** The member a bot-posted answer belongs to (lets adapters and the playground link votes to people). */
  author?: { ref: UserRef; name: string };
  /** Stable marker an adapter may store with the post to find it again after a crash (opaque: never parsed). */
  marker?: string;
  /** The post opens a thread for replies (a round's question): platforms with explicit threads create one. */
  startsThread?: boolean;
}

export interface Field {
  label: string;
  value: string;
  inline?: boolean;
}

export interface Button {
  label: string;
  /** At most 100 characters (Discord custom_id); the core builds and parses these. */
  actionId: string;
  style?: 'primary' | 'danger' | 'default';
  /** Pressing it opens a form, which some platforms require as the first response to the press. */
  opensForm?: boolean;
}

export interface Select {
  placeholder: string;
  actionId: string;
  options: { label: string; value: string }[];
}

/** A form (Slack modal, Discord modal, terminal prompt). */
export interface Form {
  /** Returned as `formId` on submission; at most 100 characters. */
  formId: string;
  title: string;
  /** Context shown above the inputs where the platform allows (the question being answered). */
  intro?: string;
  inputs: FormInput[];
  submitLabel?: string;
}

export interface FormInput {
  id: string;
  label: string;
  multiline?: boolean;
  maxLength?: number;
  placeholder?: string;
  /** Text the input starts with (editing an earlier answer); for a checklist, the ticked values joined with ",". */
  value?: string;
  /**
   * Makes the input a checklist: the member ticks any number of these, and the submitted value is
   * the ticked values joined with "," (Slack checkboxes, a Discord multi-select, numbers typed in the playground).
   */
  choices?: { label: string; value: string }[];
  /** The member may leave it empty. */
  optional?: boolean;
}

/** What the core answers to the member who acted. Public posts go through the ChatPort. */
export interface Reply {
  /** Shown only to the actor (ephemeral). */
  private: NeutralMessage[];
  /** A form to open for the actor (needs the platform's trigger). */
  form?: Form;
}

export const noReply = (): Reply => ({ private: [] });
export const privately = (...messages: NeutralMessage[]): Reply => ({ private: messages });
export const say = (text: string, extra: Partial<NeutralMessage> = {}): NeutralMessage => ({ text, ...extra });

export const ACTION_ID_MAX = 100;

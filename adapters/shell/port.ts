import type { ChannelRef, ChatPort, MessageRef, NeutralMessage, UserRef, WorkspaceRef } from '../../src/core/index.js';
import { messageRef } from '../../src/core/index.js';
import { renderShellMessage, type Style } from './render.js';

/** Small persistent key/value state (the playground keeps it in the bot's database). */
export interface ShellState {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface ShownMessage {
  ref: MessageRef;
  channel: ChannelRef;
  thread?: MessageRef;
  /** undefined = public; otherwise the only user who sees it. */
  to?: string;
  message: NeutralMessage;
}

/**
 * The terminal's ChatPort: prints each message with where it went and remembers what was
 * shown, so `press`, `reply` and `vote` can find their targets. Refs are numbered and the
 * counter persists, so a second run never reuses a ref the database already holds.
 */
export class ShellPort implements ChatPort {
  readonly shown: ShownMessage[] = [];

  constructor(
    private readonly write: (text: string) => void,
    private readonly state: ShellState,
    private readonly style: Style,
    private readonly now: () => Date,
  ) {}

  /** "Mon 09:00" in UTC: posts during a long clock move show when they happened. */
  private stamp(): string {
    const d = this.now();
    return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${d.toISOString().slice(11, 16)}`;
  }

  private nextRef(): MessageRef {
    const n = Number(this.state.get('shell.seq') ?? '0') + 1;
    this.state.set('shell.seq', String(n));
    return messageRef(`shell:m${n}`);
  }

  private label = (ref: MessageRef) => `msg ${ref.slice(7)}`;

  /** Prints and records a message, keeping track of question threads and answer copies. */
  show(entry: Omit<ShownMessage, 'ref'> & { ref?: MessageRef; from?: string }): MessageRef {
    const ref = entry.ref ?? this.nextRef();
    const where = entry.to
      ? `private → ${entry.to}`
      : entry.thread
        ? `${entry.channel} › thread of ${this.label(entry.thread)}`
        : `${entry.channel}`;
    this.write(
      renderShellMessage(
        `[${this.stamp()}] ${where} · ${entry.from ?? 'dojo'}${entry.to ? '' : ` (${this.label(ref)})`}`,
        entry.message,
        this.style,
      ),
    );
    this.shown.push({ ...entry, ref });
    if (this.shown.length > 500) this.shown.splice(0, this.shown.length - 500);
    if (entry.message.startsThread) this.state.set(`shell.thread:${entry.channel}`, ref);
    if (entry.thread && entry.message.author) this.rememberAnswer(entry.thread, entry.message.author.name, ref);
    return ref;
  }

  rememberAnswer(thread: MessageRef, author: string, ref: MessageRef): void {
    const key = `shell.answer:${thread}:${author.toLowerCase()}`;
    if (!this.state.get(key)) this.state.set(key, ref);
  }

  answerRef(thread: MessageRef, author: string): MessageRef | undefined {
    const v = this.state.get(`shell.answer:${thread}:${author.toLowerCase()}`);
    return v ? messageRef(v) : undefined;
  }

  currentThread(channel: ChannelRef): MessageRef | undefined {
    const v = this.state.get(`shell.thread:${channel}`);
    return v ? messageRef(v) : undefined;
  }

  newRef(): MessageRef {
    return this.nextRef();
  }

  async postMessage(channel: ChannelRef, message: NeutralMessage): Promise<MessageRef> {
    return this.show({ channel, message });
  }

  async replyInThread(channel: ChannelRef, thread: MessageRef, message: NeutralMessage): Promise<MessageRef> {
    return this.show({ channel, thread, message });
  }

  async updateMessage(ref: MessageRef, message: NeutralMessage): Promise<void> {
    const found = this.shown.find((s) => s.ref === ref);
    if (found) found.message = message;
    this.write(renderShellMessage(`(${this.label(ref)} updated)`, message, this.style));
  }

  async tellPrivately(channel: ChannelRef | undefined, user: UserRef, message: NeutralMessage): Promise<void> {
    this.show({ channel: channel ?? ('#dm' as ChannelRef), to: user, message });
  }

  async findPosted(channel: ChannelRef, { marker }: NeutralMessage & { marker: string }): Promise<MessageRef | undefined> {
    return this.shown.find((s) => s.channel === channel && s.message.marker === marker)?.ref;
  }

  async publishHome(_ws: WorkspaceRef, user: UserRef, view: NeutralMessage[]): Promise<void> {
    for (const m of view) this.show({ channel: '#home' as ChannelRef, to: user, message: m });
  }
}

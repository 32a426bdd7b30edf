import { createDiscordAdapter } from '../../adapters/discord/index.js';
import type { ChatPort, Dojo, Repos } from '../../src/core/index.js';
import { createHarness, type Harness } from '../support/core-harness.js';
import { waitFor } from '../support/wait-for.js';
import { buttonsOf, FakeDiscord, textOf, type FakeMessage, type FakeUser } from './discord-server.js';

/** Manage Server, as a decimal permission bitfield. */
export const MANAGE_GUILD = '32';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  json: string;
}

/** The real core and the real Discord adapter, wired to a fake Discord. */
export class DiscordBed {
  private constructor(
    readonly fake: FakeDiscord,
    readonly h: Harness,
    readonly logs: LogLine[],
    /** A member with Manage Server. */
    readonly admin: FakeUser,
    private readonly running: { stop(): Promise<void> },
    /** The Discord port the adapter attached to the core (the real one, on the fake's API). */
    readonly port: ChatPort,
  ) {}

  /** The store's repositories, each call a transaction of its own (for assertions). */
  get repos(): Repos {
    return this.h.repos;
  }

  /**
   * Starts the fake, a core on a fresh database (`path`, default memory) with the shipped
   * content, and the adapter. `heartbeatMs` defaults to Discord's usual 41.25 s.
   */
  static async start(opts: { path?: string; messageContent?: boolean; admins?: string[]; heartbeatMs?: number } = {}): Promise<DiscordBed> {
    const fake = await FakeDiscord.start({ heartbeatMs: opts.heartbeatMs ?? 41_250 });
    const h = createHarness({ start: '2026-11-30T08:00:00Z', path: opts.path, admins: opts.admins });
    const logs: LogLine[] = [];
    const at =
      (level: LogLine['level']) =>
      (obj: object, msg = '') =>
        void logs.push({ level, msg, json: JSON.stringify({ ...obj, msg }) });
    const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    const config = {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.appId,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_MESSAGE_CONTENT: Boolean(opts.messageContent),
    };
    // The shipped content is loaded before the adapter takes deliveries, as at startup.
    await h.ready;
    let port: ChatPort | undefined;
    const dojo: Dojo = {
      ...h.dojo,
      attach(platform, p) {
        port = p;
        h.dojo.attach(platform, p);
      },
    };
    const running = await createDiscordAdapter({ dojo, config, log }).start();
    return new DiscordBed(fake, h, logs, fake.addUser('ada', false, MANAGE_GUILD), running, port!);
  }

  /** Stops the adapter, lets the outbox finish what it is sending, then closes the store and the fake. */
  async stop(): Promise<void> {
    await this.running.stop();
    await this.h.dojo.drain();
    await this.h.store.close();
    await this.fake.stop();
  }

  /** A new guild member with the given permissions (default none). */
  member(name: string, permissions = '0'): FakeUser {
    return this.fake.addUser(name, false, permissions);
  }

  /** Waits until the member sees a non-empty answer to an interaction; returns all its text. */
  async answerTo(id: string, what = `the reply to interaction ${id}`): Promise<string> {
    const msgs = await waitFor(() => {
      const r = this.fake.repliesTo(id);
      return r.some((m) => textOf(m)) ? r : undefined;
    }, what);
    return msgs.map(textOf).join('\n');
  }

  /** `/dojo-admin setup` by the admin in the fake's channel. */
  async setUp(): Promise<void> {
    const reply = await this.answerTo(
      this.fake.command(this.admin, 'dojo-admin', 'setup', { time: '09:00', tz: 'UTC' }),
      'the setup reply',
    );
    if (!reply.includes('This is now a practice channel')) throw new Error(`setup failed: ${reply}`);
  }

  /** `/dojo-admin ask`, then the question post and its round id (from the Answer button). */
  async ask(): Promise<{ question: FakeMessage; roundId: number }> {
    const before = this.fake.botMessages(this.fake.channelId).length;
    await this.answerTo(this.fake.command(this.admin, 'dojo-admin', 'ask'), 'the ask reply');
    const question = await waitFor(
      () =>
        this.fake
          .botMessages(this.fake.channelId)
          .slice(before)
          .findLast((m) => buttonsOf(m).Answer),
      'a question post',
    );
    // The Answer button's custom id ends with the round id (the adapter may prefix it).
    const roundId = Number(/(\d+)$/.exec(buttonsOf(question).Answer!)![1]);
    // The outbox records the post (and its thread) after sending it; replies count from then on.
    await waitFor(async () => (await this.repos.rounds.get(roundId as never)).status !== 'posting', 'the post recorded');
    return { question, roundId };
  }

  /** Answers through the Answer button and the modal; returns the reply the member saw. */
  async answerByModal(user: FakeUser, question: FakeMessage, text: string): Promise<string> {
    const press = this.fake.press(user, question, buttonsOf(question).Answer!);
    const modal = await waitFor(() => this.fake.interactions.get(press)!.callbacks[0], 'the answer modal');
    if (modal.type !== 9) throw new Error(`expected a modal, got callback type ${modal.type}`);
    return this.answerTo(this.fake.submitModal(user, modal.data.custom_id, { answer: text }), 'the modal submission reply');
  }

  /** Log lines at error level, as JSON; a healthy run has none. */
  errors(): string[] {
    return this.logs.filter((l) => l.level === 'error').map((l) => l.json);
  }
}

/** Every body the bot sent that creates or edits a visible message (channel posts, DMs, interaction replies). */
export function discordBodies(fake: FakeDiscord): any[] {
  const sent = fake.calls.filter((c) => c.status < 300 && c.body && c.method !== 'GET');
  return [
    ...sent.filter((c) => /^\/channels\/\d+\/messages(\/\d+)?$/.test(c.path) || /^\/webhooks\//.test(c.path)).map((c) => c.body),
    ...sent.filter((c) => /\/callback$/.test(c.path) && c.body.type === 4).map((c) => c.body.data),
  ];
}

import { createSlackAdapter, type RunningSlack, type SlackAdapterConfig } from '../../adapters/slack/index.js';
import type { ChatPort, DashboardLinks, Dojo, Repos, Store } from '../../src/core/index.js';
import { capturedLogs } from '../support/captured-logs.js';
import { createHarness, type Harness, type TestClock } from '../support/core-harness.js';
import { waitFor } from '../support/wait-for.js';
import { FakeSlack, type FakeEphemeral, type FakeMessage, type FakeUser } from './slack-server.js';
import { signedHeaders } from './slack-signing.js';

export const TEAM = 'T0DOJO001';
export const BOT_TOKEN = 'xoxb-0000-fake-bot-token';
export const APP_TOKEN = 'xapp-1-fake-app-token';
export const SIGNING_SECRET = 'fake-signing-secret-8f2e';
export const BOT_USER = 'U0BOT0001';
export const BOT_ID = 'B0BOT0001';

/** Made-up members: one workspace admin and four members. */
export const USERS = {
  admin: { id: 'U0ADMIN01', name: 'ada', display_name: 'Ada Admin', is_admin: true },
  alice: { id: 'U0ALICE01', name: 'alice', display_name: 'Alice' },
  bob: { id: 'U0BOB0001', name: 'bob', display_name: 'Bob' },
  carol: { id: 'U0CAROL01', name: 'carol', display_name: 'Carol' },
  dave: { id: 'U0DAVE001', name: 'dave', display_name: 'Dave' },
} satisfies Record<string, FakeUser>;
export type Who = keyof typeof USERS;

export interface SendOpts {
  retryNum?: number;
  ageSeconds?: number;
  badSignature?: boolean;
}

type Kind = 'command' | 'event' | 'interactive';

/** A message a member can act on: the bot's posts, an ephemeral (ts only), or a member's reply. */
export interface Target {
  channel: string;
  ts: string;
  thread_ts?: string;
  ephemeral?: boolean;
}

/** The real core and the real Slack adapter, wired to a fake Slack. */
export class SlackBed {
  readonly logs: Record<string, unknown>[] = [];
  /** Requests and envelopes delivered to the adapter so far. */
  deliveries = 0;
  private n = 0;

  private constructor(
    readonly fake: FakeSlack,
    readonly h: Harness,
    readonly running: RunningSlack,
    readonly socket: boolean,
    logs: Record<string, unknown>[],
    /** The Slack port the adapter attached to the core (the real one, on the fake's API). */
    readonly port: ChatPort,
  ) {
    this.logs = logs;
  }

  /** The store's repositories, each call a transaction of its own (for assertions). */
  get repos(): Repos {
    return this.h.repos;
  }

  /**
   * Starts the fake, a core on a fresh database, and the adapter (HTTP on 127.0.0.1:0, or Socket Mode).
   * `path` puts the database in a file (default: memory); `admins` is DOJO_ADMINS.
   */
  static async start(
    opts: {
      socket?: boolean;
      path?: string;
      admins?: string[];
      /** Serves a web dashboard on the Slack HTTP port: its routes and link signer, built on the bed's store and clock. */
      web?: (store: Store, clock: TestClock) => { links: DashboardLinks; routes: NonNullable<SlackAdapterConfig['routes']> };
    } = {},
  ): Promise<SlackBed> {
    const fake = await FakeSlack.start({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      teamId: TEAM,
      botUserId: BOT_USER,
      botId: BOT_ID,
      users: Object.values(USERS),
    });
    const { log, logs } = capturedLogs();
    let routes: SlackAdapterConfig['routes'];
    const h = createHarness({
      start: '2026-11-30T08:00:00Z',
      path: opts.path,
      admins: opts.admins,
      dashboard: opts.web
        ? (store, clock) => {
            const web = opts.web!(store, clock);
            routes = web.routes;
            return web.links;
          }
        : undefined,
    });
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
    const running = await createSlackAdapter({
      dojo,
      config: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: 0,
        ...(opts.socket ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
      },
      log,
      host: '127.0.0.1',
      socketPingTimeoutMs: 300,
      routes,
    }).start();
    return new SlackBed(fake, h, running, Boolean(opts.socket), logs, port!);
  }

  /** Stops the adapter, lets the outbox finish what it is sending, then closes the store and the fake. */
  async stop(): Promise<void> {
    await this.running.stop();
    await this.h.dojo.drain();
    await this.h.store.close();
    await this.fake.close();
  }

  get url(): string {
    return `http://127.0.0.1:${this.running.port}/slack/events`;
  }

  /** Sends a raw body to the HTTP endpoint with a (possibly broken or stale) signature. */
  async postRaw(body: string, contentType: string, opts: SendOpts = {}): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': contentType, ...signedHeaders(SIGNING_SECRET, body, opts.ageSeconds ?? 0) };
    if (opts.badSignature) headers['x-slack-signature'] = headers['x-slack-signature']!.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    if (opts.retryNum) Object.assign(headers, { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' });
    this.deliveries++;
    return fetch(this.url, { method: 'POST', headers, body });
  }

  /** Delivers a payload over HTTP (signed) or Socket Mode; resolves with the HTTP status once acked. */
  async deliver(kind: Kind, payload: Record<string, unknown>, opts: SendOpts = {}): Promise<number> {
    if (this.socket) {
      const type = kind === 'command' ? 'slash_commands' : kind === 'event' ? 'events_api' : 'interactive';
      const id = this.fake.sendEnvelope(type, payload, { retryAttempt: opts.retryNum });
      this.deliveries++;
      await waitFor(() => this.fake.acks.has(id), `ack of ${type} envelope ${id}`);
      return 200;
    }
    const body =
      kind === 'event'
        ? JSON.stringify(payload)
        : kind === 'command'
          ? new URLSearchParams(payload as Record<string, string>).toString()
          : `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const res = await this.postRaw(body, kind === 'event' ? 'application/json' : 'application/x-www-form-urlencoded', opts);
    const answer = await res.text();
    if (kind === 'command' && res.status === 200 && answer.startsWith('{')) {
      this.fake.commandAnswered(String(payload.channel_id), String(payload.user_id), JSON.parse(answer) as Record<string, unknown>);
    }
    return res.status;
  }

  // ---- Slack-shaped payloads (made-up ids) --------------------------------------------------

  commandPayload(who: Who, text: string, channel = 'C0PRACTICE', team = TEAM): Record<string, string> {
    const u = USERS[who];
    return {
      token: 'legacy-verification-token',
      team_id: team,
      team_domain: 'fake',
      channel_id: channel,
      channel_name: 'practice',
      user_id: u.id,
      user_name: u.name,
      command: '/dojo',
      text,
      api_app_id: 'A0DOJO001',
      is_enterprise_install: 'false',
      response_url: this.fake.responseUrl(channel, u.id),
      trigger_id: this.fake.newTrigger(u.id),
    };
  }

  eventPayload(event: Record<string, unknown>, opts: { team?: string; eventId?: string } = {}): Record<string, unknown> {
    return {
      token: 'legacy-verification-token',
      team_id: opts.team ?? TEAM,
      api_app_id: 'A0DOJO001',
      event: { event_ts: `${Date.now() / 1000}`, ...event },
      type: 'event_callback',
      event_id: opts.eventId ?? `Ev0${++this.n}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: opts.team ?? TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
  }

  actionPayload(who: Who, target: Target, actionId: string, team = TEAM): Record<string, unknown> {
    const u = USERS[who];
    return {
      type: 'block_actions',
      user: { id: u.id, username: u.name, name: u.name, team_id: team },
      api_app_id: 'A0DOJO001',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: target.ts, channel_id: target.channel, is_ephemeral: Boolean(target.ephemeral) },
      trigger_id: this.fake.newTrigger(u.id),
      team: { id: team, domain: 'fake' },
      channel: { id: target.channel, name: 'practice' },
      message: { type: 'message', ts: target.ts, ...(target.thread_ts ? { thread_ts: target.thread_ts } : {}), text: '' },
      response_url: this.fake.responseUrl(target.channel, u.id),
      actions: [
        { action_id: actionId, block_id: 'b1', type: 'button', text: { type: 'plain_text', text: 'x' }, action_ts: `${Date.now() / 1000}` },
      ],
    };
  }

  viewPayload(
    who: Who,
    modal: { id: string; view: Record<string, unknown> },
    values: Record<string, string>,
    team = TEAM,
  ): Record<string, unknown> {
    const u = USERS[who];
    // A checklist block (checkboxes or a multi-select) sends the ticked options, as Slack does.
    const kinds = new Map(
      ((modal.view.blocks as { block_id?: string; element?: { type?: string } }[] | undefined) ?? []).map((b) => [
        b.block_id,
        b.element?.type,
      ]),
    );
    const state = Object.fromEntries(
      Object.entries(values).map(([k, v]) => {
        const type = kinds.get(k) ?? 'plain_text_input';
        const picked = v
          .split(',')
          .filter(Boolean)
          .map((value) => ({ value, text: { type: 'plain_text', text: value } }));
        return [k, { [k]: type === 'plain_text_input' ? { type, value: v } : { type, selected_options: picked } }];
      }),
    );
    return {
      type: 'view_submission',
      team: { id: team, domain: 'fake' },
      user: { id: u.id, username: u.name, name: u.name, team_id: team },
      api_app_id: 'A0DOJO001',
      token: 'legacy-verification-token',
      trigger_id: this.fake.newTrigger(u.id),
      view: { ...modal.view, id: modal.id, team_id: team, state: { values: state }, hash: `h${++this.n}` },
    };
  }

  // ---- Member actions: change the fake's state like Slack would, then deliver the event ------

  command(who: Who, text: string, channel = 'C0PRACTICE', team = TEAM, opts: SendOpts = {}): Promise<number> {
    return this.deliver('command', this.commandPayload(who, text, channel, team), opts);
  }

  async reply(who: Who, thread: Target, text: string, opts: { eventId?: string; team?: string } = {}): Promise<FakeMessage> {
    const m = this.fake.userMessage(thread.channel, USERS[who].id, text, thread.ts);
    await this.deliver(
      'event',
      this.eventPayload(
        { type: 'message', channel: thread.channel, user: m.user, text, ts: m.ts, thread_ts: thread.ts, channel_type: 'channel' },
        opts,
      ),
    );
    return m;
  }

  reactionEvent(who: Who, target: Target, name: string, remove = false): Record<string, unknown> {
    return {
      type: remove ? 'reaction_removed' : 'reaction_added',
      user: USERS[who].id,
      reaction: name,
      item: { type: 'message', channel: target.channel, ts: target.ts },
    };
  }

  async react(who: Who, target: Target, name = '+1', remove = false, opts: { eventId?: string; team?: string } = {}): Promise<number> {
    this.fake.react(target.channel, target.ts, name, USERS[who].id, remove);
    return this.deliver('event', this.eventPayload(this.reactionEvent(who, target, name, remove), opts));
  }

  press(who: Who, target: Target, actionId: string, team = TEAM): Promise<number> {
    return this.deliver('interactive', this.actionPayload(who, target, actionId, team));
  }

  submit(who: Who, modal: { id: string; view: Record<string, unknown> }, values: Record<string, string>): Promise<number> {
    return this.deliver('interactive', this.viewPayload(who, modal, values));
  }

  // ---- Waiting for what members see -----------------------------------------------------------

  /** Waits for a private message (ephemeral or response_url) to `who` in `channel` matching `pattern`. */
  privateTo(who: Who, channel: string, pattern: RegExp, what = `${pattern} for ${who}`): Promise<FakeEphemeral> {
    return waitFor(() => this.privateMatching(who, channel, pattern)[0], what);
  }

  /** How many private messages in `channel` the member has seen that match `pattern`. */
  countPrivate(who: Who, channel: string, pattern: RegExp): number {
    return this.privateMatching(who, channel, pattern).length;
  }

  private privateMatching(who: Who, channel: string, pattern: RegExp): FakeEphemeral[] {
    return this.fake.ephemeralsFor(USERS[who].id, channel).filter((e) => pattern.test(blockText(e.blocks)));
  }

  /** Makes `channel` a practice channel and posts a question now; returns the question post. */
  async askIn(channel: string, team = TEAM): Promise<FakeMessage> {
    await this.command('admin', 'setup', channel, team);
    await this.privateTo('admin', channel, /practice channel/, `setup reply in ${channel}`);
    await this.command('admin', 'ask', channel, team);
    await this.privateTo('admin', channel, /Posted a new question/, `ask reply in ${channel}`);
    return waitFor(() => this.fake.inChannel(channel).find((m) => roundOf(m) > 0), `the question in ${channel}`);
  }

  /** Presses Answer on a question and returns the modal Slack opened for `who`. */
  async openAnswerModal(who: Who, question: FakeMessage, team = TEAM): Promise<FakeSlack['modals'][number]> {
    const before = this.fake.modals.length;
    await this.press(who, { channel: question.channel, ts: question.ts }, buttonId(question.blocks, 'Answer'), team);
    return waitFor(() => this.fake.modals.slice(before).find((m) => m.user === USERS[who].id), `the answer modal for ${who}`);
  }

  /** Answers through the Answer button and its modal; returns the bot's copy of the answer in the thread. */
  async answerByModal(who: Who, question: FakeMessage, text: string, team = TEAM): Promise<FakeMessage> {
    await this.deliver('interactive', this.viewPayload(who, await this.openAnswerModal(who, question, team), { answer: text }, team));
    const name = USERS[who].display_name;
    return waitFor(
      () =>
        this.fake
          .inThread(question.channel, question.ts)
          .find((m) => m.bot_id && String(m.metadata?.event_payload.marker).startsWith('answer:') && blockText(m.blocks).includes(name)),
      `the copy of ${who}'s answer`,
    );
  }
}

/** The round id in a question post's metadata marker (`round:<id>`); 0 for any other message. */
export function roundOf(m: FakeMessage): number {
  const marker = String(m.metadata?.event_payload.marker ?? '');
  return marker.startsWith('round:') ? Number(marker.slice('round:'.length)) : 0;
}

/** Every button in a list of blocks. */
export function buttonsIn(blocks: unknown[] | undefined): { label: string; actionId: string }[] {
  const out: { label: string; actionId: string }[] = [];
  for (const b of (blocks ?? []) as { type: string; elements?: { type: string; action_id: string; text: { text: string } }[] }[]) {
    if (b.type !== 'actions') continue;
    for (const e of b.elements ?? []) if (e.type === 'button') out.push({ label: e.text.text, actionId: e.action_id });
  }
  return out;
}

/** The action id of the button labelled `label`; fails loudly when missing. */
export function buttonId(blocks: unknown[] | undefined, label: string): string {
  const found = buttonsIn(blocks).find((b) => b.label === label);
  if (!found) throw new Error(`no [${label}] button in ${JSON.stringify(buttonsIn(blocks))}`);
  return found.actionId;
}

/** All text of a list of blocks (sections, fields, headers, context), for assertions. */
export function blockText(blocks: unknown[] | undefined): string {
  return (JSON.stringify(blocks ?? []).match(/"text":"((?:[^"\\]|\\.)*)"/g) ?? []).map((s) => JSON.parse(s.slice(7)) as string).join('\n');
}

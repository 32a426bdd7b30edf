import { randomBytes } from 'node:crypto';
import { createSlackAdapter, type RunningSlack } from '../../adapters/slack/index.js';
import { capturedLogs } from '../support/captured-logs.js';
import { createHarness, type Harness } from '../support/core-harness.js';
import { waitFor } from '../support/wait-for.js';
import { SIGNING_SECRET } from './slack-harness.js';
import { FakeSlack, type FakeGrant, type FakeUser } from './slack-server.js';
import { signedHeaders } from './slack-signing.js';

export const CLIENT_ID = '1111.2222';
export const CLIENT_SECRET = 'fake-client-secret-3c1d9e';
export const STATE_SECRET = 'fake-state-secret-77aa01';

/**
 * Where a member acts: a Slack workspace (team), maybe inside an Enterprise Grid org, in a channel.
 * `orgWide` says the app was installed for the whole org, which changes the payload shapes.
 */
export interface Place {
  team: string;
  enterprise?: string;
  orgWide?: boolean;
  channel: string;
}

/** The real core and the real Slack adapter in "Add to Slack" mode, against a fake Slack. */
export class SlackOAuthBed {
  readonly logs: Record<string, unknown>[] = [];
  private n = 0;

  private constructor(
    readonly fake: FakeSlack,
    readonly h: Harness,
    readonly running: RunningSlack,
    logs: Record<string, unknown>[],
  ) {
    this.logs = logs;
  }

  /** A fake Slack that knows the app's OAuth credentials and `users`. */
  static fake(users: FakeUser[]): Promise<FakeSlack> {
    return FakeSlack.start({
      botToken: 'xoxb-single-token-not-used-here',
      teamId: 'T0NONE000',
      botUserId: 'U0NOBOT00',
      botId: 'B0NOBOT00',
      users,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
  }

  /** Starts a core on `path` (the same file again = a restart) and the adapter on 127.0.0.1:0. */
  static async start(opts: { fake: FakeSlack; path: string; secretKey: string; start?: string }): Promise<SlackOAuthBed> {
    const { log, logs } = capturedLogs();
    const h = createHarness({ start: opts.start ?? '2026-11-30T08:00:00Z', path: opts.path, log });
    await h.ready;
    const running = await createSlackAdapter({
      dojo: h.dojo,
      config: {
        SLACK_CLIENT_ID: CLIENT_ID,
        SLACK_CLIENT_SECRET: CLIENT_SECRET,
        SLACK_STATE_SECRET: STATE_SECRET,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        DOJO_SECRET_KEY: opts.secretKey,
        SLACK_API_URL: opts.fake.apiUrl,
        PORT: 0,
      },
      log,
      host: '127.0.0.1',
    }).start();
    return new SlackOAuthBed(opts.fake, h, running, logs);
  }

  static newSecretKey(): string {
    return randomBytes(32).toString('base64');
  }

  /** Stops the adapter and the core's store; the fake keeps running (for a restart). */
  async stop(): Promise<void> {
    await this.running.stop();
    await this.h.dojo.drain();
    await this.h.store.close();
  }

  get base(): string {
    return `http://127.0.0.1:${this.running.port}`;
  }

  /**
   * What a browser does: opens the install page (which sets the state cookie), follows its
   * "Add to Slack" link to Slack, where the member approves `grant`, and Slack redirects back
   * with a code and the same state.
   */
  async install(grant: FakeGrant, tamper?: { state?: string; cookie?: string }): Promise<{ status: number; html: string }> {
    const page = await fetch(`${this.base}/slack/install`);
    const html = await page.text();
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const href = /id="add-to-slack" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    if (!href) throw new Error(`no Add to Slack link on the install page: ${html}`);
    const state = new URL(href).searchParams.get('state')!;
    const code = this.fake.approveInstall(grant);
    const back = await fetch(
      `${this.base}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(tamper?.state ?? state)}`,
      { headers: { cookie: tamper?.cookie ?? cookie } },
    );
    return { status: back.status, html: await back.text() };
  }

  private async post(body: string, contentType: string): Promise<number> {
    const res = await fetch(`${this.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...signedHeaders(SIGNING_SECRET, body) },
      body,
    });
    const answer = await res.text();
    this.lastAnswer = answer;
    return res.status;
  }

  /** The body of the last HTTP answer (a slash command's ack can carry its first reply). */
  lastAnswer = '';

  /** A signed slash command from `user` at `place`, shaped as Slack sends it for that kind of install. */
  async command(user: string, text: string, place: Place): Promise<number> {
    const body: Record<string, string> = {
      token: 'legacy-verification-token',
      team_id: place.team,
      team_domain: place.team.toLowerCase(),
      ...(place.enterprise ? { enterprise_id: place.enterprise, enterprise_name: `Org ${place.enterprise}` } : {}),
      channel_id: place.channel,
      channel_name: 'practice',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/dojo',
      text,
      api_app_id: 'A0DOJO001',
      is_enterprise_install: place.orgWide ? 'true' : 'false',
      response_url: this.fake.responseUrl(place.channel, user),
      trigger_id: this.fake.newTrigger(user),
    };
    const status = await this.post(new URLSearchParams(body).toString(), 'application/x-www-form-urlencoded');
    // A reply carried by the ack is shown to the member like a response_url reply.
    if (status === 200 && this.lastAnswer.startsWith('{'))
      this.fake.commandAnswered(place.channel, user, JSON.parse(this.lastAnswer) as Record<string, unknown>);
    return status;
  }

  /** A signed Events API delivery at `place`; org-wide installs carry `authorizations[0].team_id: null`. */
  event(event: Record<string, unknown>, place: Omit<Place, 'channel'>, eventId = `EvO${++this.n}`): Promise<number> {
    const body = {
      token: 'legacy-verification-token',
      team_id: place.team,
      ...(place.enterprise ? { enterprise_id: place.enterprise } : {}),
      api_app_id: 'A0DOJO001',
      event: { event_ts: `${Date.now() / 1000}`, ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: place.enterprise ?? null,
          team_id: place.orgWide ? null : place.team,
          user_id: 'UBOT',
          is_bot: true,
          is_enterprise_install: Boolean(place.orgWide),
        },
      ],
      is_ext_shared_channel: false,
    };
    return this.post(JSON.stringify(body), 'application/json');
  }

  /** A member's thread reply: stored in the fake as Slack would, then delivered. */
  async reply(user: string, place: Place, threadTs: string, text: string): Promise<string> {
    const m = this.fake.userMessage(place.channel, user, text, threadTs);
    await this.event(
      { type: 'message', channel: place.channel, user, text, ts: m.ts, thread_ts: threadTs, channel_type: 'channel' },
      place,
    );
    return m.ts;
  }

  react(user: string, place: Place, ts: string, name = '+1'): Promise<number> {
    return this.event({ type: 'reaction_added', user, reaction: name, item: { type: 'message', channel: place.channel, ts } }, place);
  }

  /** A signed button press; org-wide installs send `team: null` and the org's id as `user.team_id`. */
  press(user: string, place: Place, message: { ts: string; thread_ts?: string; ephemeral?: boolean }, actionId: string): Promise<number> {
    const payload = {
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: place.orgWide ? place.enterprise : place.team },
      api_app_id: 'A0DOJO001',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: message.ts, channel_id: place.channel, is_ephemeral: Boolean(message.ephemeral) },
      trigger_id: this.fake.newTrigger(user),
      team: place.orgWide ? null : { id: place.team, domain: place.team.toLowerCase() },
      enterprise: place.enterprise ? { id: place.enterprise, name: `Org ${place.enterprise}` } : null,
      is_enterprise_install: Boolean(place.orgWide),
      channel: { id: place.channel, name: 'practice' },
      message: { type: 'message', ts: message.ts, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}), text: '' },
      response_url: this.fake.responseUrl(place.channel, user),
      actions: [{ action_id: actionId, block_id: 'b1', type: 'button', text: { type: 'plain_text', text: 'x' }, action_ts: '1' }],
    };
    return this.post(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
  }

  /** Waits for a private reply to `user` in `channel` whose text matches. */
  privateTo(user: string, channel: string, pattern: RegExp): Promise<unknown> {
    return waitFor(
      () => this.fake.ephemeralsFor(user, channel).find((e) => pattern.test(`${e.text}\n${JSON.stringify(e.blocks ?? [])}`)),
      `${pattern} for ${user} in ${channel}`,
    );
  }
}

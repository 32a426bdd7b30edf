import type { FakeSlack, FakeUser } from '../fakes/slack-server.js';
import { signedHeaders } from '../fakes/slack-signing.js';

/** Signed Slack deliveries to a bot's HTTP port, shaped as Slack sends them for one team and channel. */
export class SlackSender {
  constructor(
    readonly secret: string,
    readonly team: string,
    readonly channel: string,
  ) {}

  /** POSTs a signed body; resolves with the status, or 0 when the connection failed (nothing was acked). */
  async post(port: number, body: string, type: string, retry = 0): Promise<number> {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': type,
          ...signedHeaders(this.secret, body),
          ...(retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_error' } : {}),
        },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      await res.text();
      return res.status;
    } catch {
      return 0;
    }
  }

  commandBody(fake: FakeSlack, user: FakeUser, text: string): string {
    return new URLSearchParams({
      team_id: this.team,
      team_domain: 'dojo-test',
      channel_id: this.channel,
      channel_name: 'practice',
      user_id: user.id,
      user_name: user.name,
      command: '/dojo',
      text,
      response_url: fake.responseUrl(this.channel, user.id),
      trigger_id: fake.newTrigger(user.id),
    }).toString();
  }

  eventBody(eventId: string, event: Record<string, unknown>): string {
    return JSON.stringify({
      team_id: this.team,
      api_app_id: 'A0DOJOTEST',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event: { event_ts: `${Date.now() / 1000}`, ...event },
      authorizations: [{ team_id: this.team, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
    });
  }

  command(port: number, fake: FakeSlack, user: FakeUser, text: string): Promise<number> {
    return this.post(port, this.commandBody(fake, user, text), 'application/x-www-form-urlencoded');
  }

  event(port: number, eventId: string, event: Record<string, unknown>): Promise<number> {
    return this.post(port, this.eventBody(eventId, event), 'application/json');
  }

  /** A member's reply in a thread, as a `message` event with a made-up but stable ts. */
  reply(port: number, eventId: string, user: FakeUser, thread: string, ts: string, text: string): Promise<number> {
    return this.event(port, eventId, { type: 'message', channel: this.channel, user: user.id, text, ts, thread_ts: thread });
  }

  /** A 👍 on a message. */
  vote(port: number, eventId: string, user: FakeUser, ts: string): Promise<number> {
    return this.event(port, eventId, {
      type: 'reaction_added',
      user: user.id,
      reaction: '+1',
      item: { type: 'message', channel: this.channel, ts },
    });
  }
}

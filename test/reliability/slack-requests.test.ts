import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, SlackBed, TEAM, USERS } from '../fakes/slack-harness.js';
import type { FakeMessage } from '../fakes/slack-server.js';
import { signedHeaders } from '../fakes/slack-signing.js';
import { rowCounts } from '../support/db-scan.js';
import { loopbackOnly } from '../support/loopback-only.js';

loopbackOnly();

const FORM = 'application/x-www-form-urlencoded';

let bed: SlackBed;
let question: FakeMessage;

beforeAll(async () => {
  bed = await SlackBed.start();
  question = await bed.askIn('C0REQS001');
});
afterAll(async () => {
  await bed?.stop();
});

function post(body: string, contentType: string, headers: Record<string, string>): Promise<Response> {
  return fetch(bed.url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
}

const replyEvent = (eventId: string) =>
  JSON.stringify(
    bed.eventPayload(
      {
        type: 'message',
        channel: 'C0REQS001',
        user: USERS.dave.id,
        text: 'An answer from the future.',
        ts: '1800000001.000100',
        thread_ts: question.ts,
      },
      { eventId },
    ),
  );

/** Interaction payloads of kinds the app has no listener for, in Slack's documented shapes. */
function unusedInteractions(): Record<string, Record<string, unknown>> {
  const user = { id: USERS.bob.id, username: 'bob', name: 'bob', team_id: TEAM };
  const team = { id: TEAM, domain: 'fake' };
  const view = { id: 'V0CLOSED1', type: 'modal', callback_id: 'answer', private_metadata: '{}', state: { values: {} } };
  return {
    view_closed: { type: 'view_closed', team, user, api_app_id: 'A0DOJO001', token: 't', view, is_cleared: false },
    shortcut: {
      type: 'shortcut',
      team,
      user,
      api_app_id: 'A0DOJO001',
      token: 't',
      callback_id: 'open_dojo',
      trigger_id: '1.2.3',
      action_ts: '1',
    },
    message_action: {
      type: 'message_action',
      team,
      user,
      api_app_id: 'A0DOJO001',
      token: 't',
      callback_id: 'save_answer',
      trigger_id: '1.2.4',
      action_ts: '1',
      channel: { id: 'C0REQS001', name: 'practice' },
      message: { type: 'message', user: USERS.bob.id, ts: question.ts, text: 'hi' },
      response_url: bed.fake.responseUrl('C0REQS001', USERS.bob.id),
    },
    'an unknown type': { type: 'something_slack_adds_later', team, user, api_app_id: 'A0DOJO001', token: 't' },
    'block_actions with no actions': {
      ...bed.actionPayload('bob', { channel: 'C0REQS001', ts: question.ts }, 'upvote'),
      actions: [],
    },
  };
}

describe('Slack requests the app must refuse or only acknowledge', () => {
  it('a correctly signed request dated more than five minutes ahead gets 401 and writes nothing, like a stale one', async () => {
    const before = rowCounts(bed.h.db.$client);
    // 302: five minutes and two seconds, so a second ticking over in flight still leaves it past the window.
    for (const ahead of [302, 3600, 86_400 * 365]) {
      const body = replyEvent(`Ev0FUTURE${ahead}`);
      const res = await post(body, 'application/json', signedHeaders(SIGNING_SECRET, body, -ahead));
      expect(res.status, `${ahead} s ahead`).toBe(401);
      await res.text();
    }
    expect(rowCounts(bed.h.db.$client)).toEqual(before);
    // Within the window (a clock a minute fast), the same delivery is taken.
    const body = replyEvent('Ev0FUTURE60');
    const res = await post(body, 'application/json', signedHeaders(SIGNING_SECRET, body, -60));
    expect(res.status).toBe(200);
    expect(rowCounts(bed.h.db.$client).answers).toBe(before.answers! + 1);
  });

  it('a correctly signed body that is not JSON or a form gets 415 and is not parsed', async () => {
    const before = rowCounts(bed.h.db.$client);
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/xml', 'multipart/form-data; boundary=x']) {
      const body = replyEvent(`Ev0PLAIN${type.length}`);
      const res = await post(body, type, signedHeaders(SIGNING_SECRET, body));
      expect(res.status, type).toBe(415);
      await res.text();
    }
    expect(rowCounts(bed.h.db.$client)).toEqual(before);
    expect(bed.logs.filter((l) => l.msg === 'slack delivery failed')).toEqual([]);
  });

  it('interactions the app does not use are acknowledged with 200 and logged at debug, with no error line', async () => {
    const logsBefore = bed.logs.length;
    const before = rowCounts(bed.h.db.$client);
    for (const [kind, payload] of Object.entries(unusedInteractions())) {
      const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const res = await post(body, FORM, signedHeaders(SIGNING_SECRET, body));
      // Bolt alone leaves these unacknowledged and answers 404 after three seconds.
      expect(res.status, kind).toBe(200);
      await res.text();
    }
    const lines = bed.logs.slice(logsBefore);
    // pino levels: 20 debug, 50 error.
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
    const acked = lines.filter((l) => Number(l.level) === 20 && /does not use/.test(String(l.msg)));
    expect(acked.length).toBe(5);
    expect(rowCounts(bed.h.db.$client)).toEqual(before);
  });

  it('in Socket Mode too, an interaction the app does not use is acknowledged at once with no error line', async () => {
    const socket = await SlackBed.start({ socket: true });
    try {
      const logsBefore = socket.logs.length;
      for (const [kind, payload] of Object.entries(unusedInteractions())) {
        // deliver() resolves only once the envelope is acked (Slack would redeliver an unacked one).
        expect(await socket.deliver('interactive', payload), kind).toBe(200);
      }
      expect(socket.logs.slice(logsBefore).filter((l) => Number(l.level) >= 50)).toEqual([]);
    } finally {
      await socket.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, SlackBed, USERS, buttonId, roundOf } from '../fakes/slack-harness.js';
import type { FakeMessage } from '../fakes/slack-server.js';
import { signedHeaders } from '../fakes/slack-signing.js';
import { rowCounts } from '../support/db-scan.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

let bed: SlackBed;
let question: FakeMessage;
let copy: FakeMessage;

beforeAll(async () => {
  bed = await SlackBed.start();
  question = await bed.askIn('C0SIGN001');
  copy = await bed.answerByModal('carol', question, 'Verify the signature before parsing anything.');
});
afterAll(async () => {
  await bed?.stop();
});

/** Headers for `body` with one thing wrong about the signature. */
const forged: Record<string, (body: string) => Record<string, string>> = {
  'a wrong signature': (body) => {
    const h = signedHeaders(SIGNING_SECRET, body);
    return { ...h, 'x-slack-signature': h['x-slack-signature']!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) };
  },
  'a signature made with another secret': (body) => signedHeaders('not-the-signing-secret', body),
  'no signature header': (body) => {
    const { 'x-slack-signature': _gone, ...rest } = signedHeaders(SIGNING_SECRET, body);
    return rest;
  },
  'no timestamp header': (body) => {
    const { 'x-slack-request-timestamp': _gone, ...rest } = signedHeaders(SIGNING_SECRET, body);
    return rest;
  },
  'no signature headers at all': () => ({}),
  // Slack's window is five minutes; one second past it is stale (correctly signed for that moment).
  'a timestamp five minutes and one second old': (body) => signedHeaders(SIGNING_SECRET, body, 301),
};

function post(body: string, contentType: string, headers: Record<string, string>): Promise<Response> {
  return fetch(bed.url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
}

describe('Slack request signatures', () => {
  it('a bad, missing or five-minute-old signature gets 401 and writes nothing, for commands, events and button presses', async () => {
    const reply = bed.fake.userMessage('C0SIGN001', USERS.dave.id, 'A forged answer.', question.ts);
    const requests = [
      { kind: 'slash command', type: FORM, body: new URLSearchParams(bed.commandPayload('admin', 'setup', 'C0SIGN002')).toString() },
      {
        kind: 'thread reply event',
        type: JSON_TYPE,
        body: JSON.stringify(
          bed.eventPayload(
            { type: 'message', channel: 'C0SIGN001', user: USERS.dave.id, text: reply.text, ts: reply.ts, thread_ts: question.ts },
            { eventId: 'Ev0FORGED1' },
          ),
        ),
      },
      {
        kind: 'uninstall event',
        type: JSON_TYPE,
        body: JSON.stringify(bed.eventPayload({ type: 'app_uninstalled' }, { eventId: 'Ev0FORGED2' })),
      },
      {
        kind: 'Upvote press',
        type: FORM,
        body: `payload=${encodeURIComponent(JSON.stringify(bed.actionPayload('dave', { channel: 'C0SIGN001', ts: copy.ts, thread_ts: question.ts }, buttonId(copy.blocks, 'Upvote'))))}`,
      },
    ];
    const client = bed.h.db.$client;
    const rowsBefore = rowCounts(client);
    const callsBefore = bed.fake.calls.length;
    const ephemeralsBefore = bed.fake.ephemerals.length;
    for (const r of requests) {
      for (const [what, headers] of Object.entries(forged)) {
        const res = await post(r.body, r.type, headers(r.body));
        expect(res.status, `${r.kind} with ${what}`).toBe(401);
        await res.text();
      }
    }
    expect(rowCounts(client)).toEqual(rowsBefore);
    expect(bed.fake.calls.length).toBe(callsBefore);
    expect(bed.fake.ephemerals.length).toBe(ephemeralsBefore);
    expect(bed.logs.filter((l) => l.msg === 'slack delivery failed')).toEqual([]);

    // The same bodies, correctly signed, do write: the refusals above were the signature's doing.
    for (const r of requests.filter((x) => x.kind !== 'uninstall event')) {
      const res = await post(r.body, r.type, signedHeaders(SIGNING_SECRET, r.body));
      expect(res.status, r.kind).toBe(200);
      const ack = await res.text();
      // The setup command is answered in its ack, which Slack shows the admin privately.
      if (r.kind === 'slash command') expect(JSON.parse(ack).text).toMatch(/practice channel/);
    }
    const answers = async () => await bed.h.repos.answers.listByRound(roundOf(question) as never);
    await waitFor(async () => {
      const all = await answers();
      return all.some((a) => a.text === 'A forged answer.') && all.find((a) => a.authorName === 'Carol')?.votes === 1;
    }, 'the signed answer and vote');
    const after = rowCounts(client);
    expect(after.channels).toBe(rowsBefore.channels! + 1);
    expect(after.answers).toBe(rowsBefore.answers! + 1);
    expect(after.votes).toBe(rowsBefore.votes! + 1);
  });
});

import { BOT_ID, BOT_TOKEN, BOT_USER, SIGNING_SECRET, TEAM } from '../test/fakes/slack-harness.js';
import { FakeSlack } from '../test/fakes/slack-server.js';
import { fanOutRows } from './fan-out.js';
import type { Row } from './lib.js';
import { slackAckRows } from './slack-ack.js';
import { measureStart, type StartResult } from './startup.js';

/** Rows 3 and 4, which need the Slack adapter, fakes and child processes. */
export function platformRows(): [string, () => Promise<Row[]>][] {
  return [
    ['Slack HTTP acknowledgement (row 3)', slackAckRows],
    ['daily fan-out (row 4)', fanOutRows],
  ];
}

/**
 * Row 5 in Slack HTTP mode: `node dist/src/main.js` with a bot token and signing secret, its
 * Web API pointed at a fake Slack in this process (start-up calls auth.test), from process start
 * to the "slack ready" log line on stderr; one warm-up, then the median of three.
 */
export async function measureSlackStart(): Promise<StartResult> {
  const fake = await FakeSlack.start({ botToken: BOT_TOKEN, teamId: TEAM, botUserId: BOT_USER, botId: BOT_ID, users: [] });
  try {
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: '0',
      SLACK_API_URL: fake.apiUrl,
      LOG_LEVEL: 'info',
    };
    await measureStart(env, /slack ready/, 'stderr');
    const runs: StartResult[] = [];
    for (let i = 0; i < 3; i++) runs.push(await measureStart(env, /slack ready/, 'stderr'));
    runs.sort((a, b) => a.readyMs - b.readyMs);
    return runs[1]!;
  } finally {
    await fake.close();
  }
}

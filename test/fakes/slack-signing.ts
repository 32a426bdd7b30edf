import { createHmac } from 'node:crypto';

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256(secret, `v0:<timestamp>:<raw body>`),
 * sent with the timestamp; Slack rejects requests whose timestamp is over 5 minutes old.
 */
export function slackSignature(secret: string, body: string, timestamp: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Headers for a signed request, `ageSeconds` in the past (0 = now). */
export function signedHeaders(secret: string, body: string, ageSeconds = 0): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000) - ageSeconds;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(secret, body, timestamp) };
}

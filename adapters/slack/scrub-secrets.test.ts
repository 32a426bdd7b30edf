import { describe, expect, it } from 'vitest';
import { scrubSecrets } from './app.js';

describe('library log lines', () => {
  it('lose bot and user tokens, the OAuth client secret, code and state, and keep the rest', () => {
    const line =
      'http request body: {"client_id":"1111.2222","client_secret":"s3cr3t-value","code":"code-17","redirect_uri":"x"} ' +
      'token xoxb-123-456-abcDEF and xoxp-9-8-7; form client_secret=abc&code=def&state=eyJhbGci.x.y';
    const out = scrubSecrets(line);
    for (const secret of ['s3cr3t-value', 'code-17', 'xoxb-123', 'xoxp-9', '=abc', '=def', 'eyJhbGci']) expect(out).not.toContain(secret);
    expect(out).toContain('"client_id":"1111.2222"');
    expect(out).toContain('"redirect_uri":"x"');
  });
});

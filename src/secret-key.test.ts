import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeSecretKey, secretBox } from './secret-key.js';

describe('DOJO_SECRET_KEY and sealed secrets', () => {
  const key = randomBytes(32);

  it('reads a key written in hex or in base64 (standard or URL-safe) and refuses anything else', () => {
    expect(decodeSecretKey(key.toString('hex'))).toEqual(key);
    expect(decodeSecretKey(key.toString('base64'))).toEqual(key);
    expect(decodeSecretKey(key.toString('base64url'))).toEqual(key);
    expect(decodeSecretKey('not a key!')).toBeUndefined();
  });

  it('opens what it sealed, and the sealed text shows nothing of the secret', () => {
    const box = secretBox(key, 'test');
    const sealed = box.seal('xoxb-secret-token', 'slack:T1');
    expect(sealed).not.toContain('xoxb');
    expect(box.seal('xoxb-secret-token', 'slack:T1')).not.toBe(sealed);
    expect(box.open(sealed, 'slack:T1')).toBe('xoxb-secret-token');
  });

  it('refuses to open with another key, another purpose, another context, or after a change', () => {
    const sealed = secretBox(key, 'test').seal('xoxb-secret-token', 'slack:T1');
    expect(() => secretBox(randomBytes(32), 'test').open(sealed, 'slack:T1')).toThrow();
    expect(() => secretBox(key, 'other').open(sealed, 'slack:T1')).toThrow();
    expect(() => secretBox(key, 'test').open(sealed, 'slack:T2')).toThrow();
    const flipped = sealed.slice(0, -3) + (sealed.at(-3) === 'A' ? 'B' : 'A') + sealed.slice(-2);
    expect(() => secretBox(key, 'test').open(flipped, 'slack:T1')).toThrow();
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => secretBox(randomBytes(16), 'test')).toThrow(/32 or more bytes/);
  });
});

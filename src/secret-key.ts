import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The fewest random bytes DOJO_SECRET_KEY may hold. */
export const SECRET_KEY_MIN_BYTES = 32;

/**
 * DOJO_SECRET_KEY's bytes: hex when it is only hex digits (an even number of them), else base64
 * (standard or URL-safe). Undefined when it is neither.
 */
export function decodeSecretKey(text: string): Buffer | undefined {
  const s = text.trim();
  if (/^(?:[0-9a-f]{2})+$/i.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return undefined;
}

/** DOJO_SECRET_KEY's bytes when it holds enough of them, else undefined. */
export function secretKeyBytes(text: string): Buffer | undefined {
  const bytes = decodeSecretKey(text);
  return bytes && bytes.length >= SECRET_KEY_MIN_BYTES ? bytes : undefined;
}

/** Seals and opens short secrets (platform tokens) with AES-256-GCM. */
export interface SecretBox {
  /** `context` binds the sealed text to where it is stored: opening it with another context fails. */
  seal(plain: string, context: string): string;
  /** Throws when the text was not sealed by this key for this context, or was changed. */
  open(sealed: string, context: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A SecretBox over a key derived from DOJO_SECRET_KEY for one purpose (HKDF-SHA256), so the same
 * secret can also sign other things without the keys meeting. Sealed text is
 * `v1.<base64 of iv | tag | ciphertext>`; the context is the GCM additional data.
 */
export function secretBox(secretKey: Buffer, purpose: string): SecretBox {
  if (secretKey.length < SECRET_KEY_MIN_BYTES) throw new Error(`DOJO_SECRET_KEY must hold ${SECRET_KEY_MIN_BYTES} or more bytes`);
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), `interview-dojo:${purpose}`, 32));
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed, context) {
      const [version, data] = sealed.split('.', 2);
      if (version !== VERSION || !data) throw new Error('not a sealed secret of a known version');
      const raw = Buffer.from(data, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

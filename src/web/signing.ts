import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DashboardGrant } from '../core/index.js';

/** How long a dashboard link works. */
export const LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A verified link: the grant it carries and when it stops working. */
export interface LinkClaims extends DashboardGrant {
  expiresAt: number;
}

const b64 = (b: Buffer) => b.toString('base64url');
// A separate key per purpose: the same DOJO_SECRET_KEY also encrypts stored tokens.
const linkKey = (secret: Buffer) => createHmac('sha256', secret).update('interview-dojo dashboard links v1').digest();

/**
 * Signs a grant into an opaque token: `v1.<claims>.<HMAC-SHA256>`, both base64url. The claims are
 * readable by whoever holds the link (ids and an expiry, nothing secret); the MAC keeps them unforgeable.
 */
export function signLink(secret: Buffer, grant: DashboardGrant, expiresAt: number): string {
  const claims = b64(Buffer.from(JSON.stringify({ w: grant.workspaceId, m: grant.memberId, a: grant.isAdmin ? 1 : 0, e: expiresAt })));
  const mac = b64(createHmac('sha256', linkKey(secret)).update(`v1.${claims}`).digest());
  return `v1.${claims}.${mac}`;
}

/** The claims of a token signed with `secret` that has not expired at `now`; undefined for anything else. */
export function verifyLink(secret: Buffer, token: string | null | undefined, now: number): LinkClaims | undefined {
  if (!token || token.length > 512) return undefined;
  const [version, claims, mac, ...rest] = token.split('.');
  if (version !== 'v1' || !claims || !mac || rest.length) return undefined;
  const expected = createHmac('sha256', linkKey(secret)).update(`v1.${claims}`).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const p = parsed as { w?: unknown; m?: unknown; a?: unknown; e?: unknown };
  if (!Number.isSafeInteger(p.w) || !Number.isSafeInteger(p.m) || !Number.isSafeInteger(p.e)) return undefined;
  if ((p.e as number) <= now) return undefined;
  return { workspaceId: p.w as number, memberId: p.m as number, isAdmin: p.a === 1, expiresAt: p.e as number };
}

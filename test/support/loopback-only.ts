import net from 'node:net';
import { afterAll } from 'vitest';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Hosts the code under test tried to reach that are not loopback; a test fails if any appear. */
export const blockedHosts: string[] = [];

const original = net.Socket.prototype.connect;

/**
 * Refuses every outbound TCP connection that is not to 127.0.0.1 (or ::1) for the rest of the
 * test file, records the attempt, and fails the file at the end if anything tried.
 */
export function loopbackOnly(): void {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = args[0] as { host?: string; path?: string } | number | string | undefined;
    const host =
      typeof first === 'object' && first !== null
        ? first.path
          ? 'localhost'
          : (first.host ?? 'localhost')
        : typeof args[1] === 'string'
          ? args[1]
          : 'localhost';
    if (!LOOPBACK.has(host)) {
      blockedHosts.push(host);
      const err = new Error(`blocked non-loopback connection to ${host}`);
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  afterAll(() => {
    net.Socket.prototype.connect = original;
    if (blockedHosts.length) throw new Error(`code under test tried to reach non-loopback hosts: ${[...new Set(blockedHosts)].join(', ')}`);
  });
}

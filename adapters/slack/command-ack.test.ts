import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandAck, type CommandAckFn } from './command-ack.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function recorder() {
  const acks: unknown[] = [];
  const ack: CommandAckFn = async (response) => void acks.push(response ?? null);
  return { acks, ack };
}

afterEach(() => vi.useRealTimers());

describe('a slash command ack', () => {
  it('carries the first reply and only that one; later replies go another way', async () => {
    const { acks, ack } = recorder();
    const a = new CommandAck(ack, silent);
    expect(await a.carry({ text: 'first', blocks: [] })).toBe(true);
    expect(await a.carry({ text: 'second', blocks: [] })).toBe(false);
    await a.empty();
    expect(acks).toEqual([{ response_type: 'ephemeral', text: 'first', blocks: [] }]);
  });

  it('goes empty when the budget runs out before a reply, and a late reply is not carried', async () => {
    vi.useFakeTimers();
    const { acks, ack } = recorder();
    const a = new CommandAck(ack, silent, 1_500);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(acks).toEqual([null]);
    expect(await a.carry({ text: 'late', blocks: [] })).toBe(false);
    expect(acks).toEqual([null]);
  });

  it('logs a failed empty ack instead of throwing', async () => {
    const warned: unknown[] = [];
    const a = new CommandAck(async () => Promise.reject(new Error('socket closed')), {
      ...silent,
      warn: (o: unknown) => void warned.push(o),
    });
    await a.empty();
    expect(warned).toEqual([{ adapter: 'slack', err: 'socket closed' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { CommandAck, type CommandAckFn } from './command-ack.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function recorder() {
  const acks: unknown[] = [];
  const ack: CommandAckFn = async (response) => void acks.push(response ?? null);
  return { acks, ack };
}

describe('a slash command ack', () => {
  it('carries the first reply and only that one; later replies go another way', async () => {
    const { acks, ack } = recorder();
    const a = new CommandAck(ack, silent);
    expect(await a.carry({ text: 'first', blocks: [] })).toBe(true);
    expect(await a.carry({ text: 'second', blocks: [] })).toBe(false);
    await a.empty();
    expect(acks).toEqual([{ response_type: 'ephemeral', text: 'first', blocks: [] }]);
  });

  it('once sent empty (the delivery was accepted while the core was slow), carries no late reply', async () => {
    const { acks, ack } = recorder();
    const a = new CommandAck(ack, silent);
    await a.empty();
    expect(await a.carry({ text: 'late', blocks: [] })).toBe(false);
    await a.empty();
    expect(acks).toEqual([null]);
  });

  it('of an interaction never carries a reply and goes empty once', async () => {
    const { acks, ack } = recorder();
    const a = new CommandAck(ack, silent, { carries: false });
    expect(await a.carry({ text: 'reply', blocks: [] })).toBe(false);
    await a.empty();
    await a.empty();
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

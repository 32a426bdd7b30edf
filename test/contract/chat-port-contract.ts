import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRef, ChatPort, MessageRef, NeutralMessage, UserRef } from '../../src/core/index.js';

/** One platform's port, with what its members would see and do, for the chat-port contract. */
export interface PortDriver {
  name: string;
  port: ChatPort;
  channel: ChannelRef;
  user: UserRef;
  /** The visible text of a posted message, undefined when there is none under that ref. */
  textOf(ref: MessageRef): Promise<string | undefined>;
  /** The texts of the messages in the thread `ref` starts. */
  threadOf(ref: MessageRef): Promise<string[]>;
  /** Everything shown to `user` privately so far. */
  privateTo(user: UserRef): Promise<string[]>;
  /**
   * Optional (platforms members act on): presses the button labelled `label` on the posted
   * message `ref`, as `user`, `times` times as the same platform delivery; resolves with the
   * private replies the member saw.
   */
  press?(ref: MessageRef, label: string, times: number): Promise<string[]>;
  /** Optional: the bot's own reply in the thread of `ref`; resolves with whether the core stored it as an answer. */
  botRepliesIn?(ref: MessageRef): Promise<boolean>;
  stop(): Promise<void>;
}

const posted = (n: string): NeutralMessage => ({ title: `Contract ${n}`, text: `contract post ${n}`, startsThread: true });

/**
 * What every chat port does for the core, whatever the platform: posts land in the right channel
 * and thread, refs round-trip, updates edit in place, private messages reach one member, a post
 * is found again by its marker, pressed buttons come back as actions once per delivery, and the
 * bot's own messages are never taken for a member's.
 */
export function chatPortContract(start: () => Promise<PortDriver>): void {
  let d: PortDriver;
  describe('the chat-port contract', () => {
    beforeAll(async () => {
      d = await start();
    });
    afterAll(() => d.stop());

    it('posts land in the channel, and a reply to the returned ref lands in that post’s thread', async () => {
      const ref = await d.port.postMessage(d.channel, posted('one'));
      expect(await d.textOf(ref)).toContain('contract post one');
      const reply = await d.port.replyInThread(d.channel, ref, { text: 'contract reply one' });
      expect(reply).not.toBe(ref);
      expect((await d.threadOf(ref)).join('\n')).toContain('contract reply one');
    });

    it('an update changes the posted message in place', async () => {
      const ref = await d.port.postMessage(d.channel, posted('two'));
      await d.port.updateMessage(ref, { title: 'Contract two', text: 'contract post two, edited' });
      expect(await d.textOf(ref)).toContain('contract post two, edited');
    });

    it('a private message reaches the member and nobody else', async () => {
      await d.port.tellPrivately(d.channel, d.user, { text: 'contract private note' });
      expect((await d.privateTo(d.user)).join('\n')).toContain('contract private note');
    });

    it('a post is found again by its marker, and nothing is found for a marker never used', async () => {
      const message = { ...posted('three'), marker: 'contract-marker-three' };
      const ref = await d.port.postMessage(d.channel, message);
      if (!d.port.findPosted) return expect(d.name).toBe('a port that cannot look back');
      expect(await d.port.findPosted(d.channel, message)).toBe(ref);
      expect(await d.port.findPosted(d.channel, { ...message, marker: 'contract-marker-unused' })).toBeUndefined();
    });

    it('a pressed button comes back to the core as its action, once per platform delivery', async () => {
      if (!d.press) return expect(d.name).toMatch(/in-memory/);
      const ref = await d.port.postMessage(d.channel, {
        text: 'contract buttons',
        buttons: [{ label: 'Keep my data', actionId: 'dojo:forget:cancel' }],
      });
      expect(await d.press(ref, 'Keep my data', 2)).toEqual(['Nothing was erased.']);
    });

    it('the bot’s own messages are never a member’s answer', async () => {
      if (!d.botRepliesIn) return expect(d.name).toMatch(/in-memory|terminal/);
      const ref = await d.port.postMessage(d.channel, posted('four'));
      expect(await d.botRepliesIn(ref)).toBe(false);
    });
  });
}

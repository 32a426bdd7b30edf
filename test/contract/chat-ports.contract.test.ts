import { PassThrough, Writable } from 'node:stream';
import { describe } from 'vitest';
import { createShellAdapter } from '../../adapters/shell/app.js';
import { SimClock } from '../../adapters/shell/sim-clock.js';
import { channelRef, userRef, type MessageRef } from '../../src/core/index.js';
import { BOT_ID, BOT_USER, blockText, buttonId, SlackBed, USERS } from '../fakes/slack-harness.js';
import { DiscordBed } from '../fakes/discord-harness.js';
import { buttonsOf, textOf as discordText } from '../fakes/discord-server.js';
import { createHarness } from '../support/core-harness.js';
import { waitFor } from '../support/wait-for.js';
import { chatPortContract, type PortDriver } from './chat-port-contract.js';

const tsOf = (ref: MessageRef) => ref.split(':').at(-1)!;

describe('in-memory port (the core tests’ recording port)', () => {
  chatPortContract(async () => {
    const h = createHarness();
    const { port } = h;
    return {
      name: 'in-memory',
      port,
      channel: channelRef('C1'),
      user: userRef('alice'),
      textOf: async (ref) => port.posts.find((p) => p.ref === ref)?.message.text,
      threadOf: async (ref) => port.inThread(ref).map((p) => p.message.text),
      privateTo: async (user) => port.posts.filter((p) => p.to === user).map((p) => p.message.text),
      stop: () => h.store.close(),
    };
  });
});

describe('terminal port (the playground)', () => {
  chatPortContract(async () => {
    const h = createHarness();
    await h.ready;
    const state = new Map<string, string>();
    const shellState = { get: (k: string) => state.get(k), set: (k: string, v: string) => void state.set(k, v) };
    let out = '';
    const output = new Writable({
      write(chunk, _e, done) {
        out += String(chunk);
        done();
      },
    });
    const input = new PassThrough();
    const clock = new SimClock(h.clock.ms);
    const shell = createShellAdapter({ dojo: h.dojo, clock, state: shellState, input, output, interactive: false, dbPath: ':memory:' });
    const running = shell.start();
    const { port } = shell;
    const shown = (ref: MessageRef) => port.shown.find((s) => s.ref === ref);
    return {
      name: 'terminal',
      port,
      channel: channelRef('#practice'),
      user: userRef('you'),
      textOf: async (ref) => shown(ref)?.message.text,
      threadOf: async (ref) => port.shown.filter((s) => s.thread === ref).map((s) => s.message.text),
      privateTo: async (user) => port.shown.filter((s) => s.to === user).map((s) => s.message.text),
      // A terminal line is never delivered twice, so one press stands for every delivery of it.
      async press(_ref, label) {
        const before = out.length;
        input.write(`press ${label}\n`);
        const seen = await waitFor(() => (out.slice(before).includes('Nothing was erased.') ? out.slice(before) : undefined), 'the reply');
        return seen.match(/Nothing was erased\./g) ?? [];
      },
      async stop() {
        input.end();
        await running;
        await h.store.close();
      },
    } satisfies PortDriver;
  });
});

describe('Slack port (real Bolt against the fake Web API)', () => {
  chatPortContract(async () => {
    const bed = await SlackBed.start();
    const message = (ref: MessageRef) => bed.fake.messages.find((m) => m.ts === tsOf(ref));
    const shown = (m: { text: string; blocks?: unknown[] } | undefined) => (m ? `${m.text}\n${blockText(m.blocks)}` : undefined);
    return {
      name: 'slack',
      port: bed.port,
      channel: channelRef('C0PRACTICE'),
      user: userRef(USERS.alice.id),
      textOf: async (ref) => shown(message(ref)),
      threadOf: async (ref) => bed.fake.messages.filter((m) => m.thread_ts === tsOf(ref) && m.ts !== tsOf(ref)).map((m) => shown(m)!),
      privateTo: async (user) => bed.fake.ephemerals.filter((e) => e.user === user).map((e) => shown(e)!),
      async press(ref, label, times) {
        const m = message(ref)!;
        const payload = bed.actionPayload('alice', { channel: m.channel, ts: m.ts }, buttonId(m.blocks, label));
        const before = bed.fake.ephemerals.length;
        for (let i = 0; i < times; i++) await bed.deliver('interactive', payload);
        await waitFor(() => bed.fake.ephemerals.length > before, 'a reply to the press');
        await bed.h.dojo.drain();
        return bed.fake.ephemerals.slice(before).map((e) => blockText(e.blocks) || e.text);
      },
      async botRepliesIn() {
        const question = await bed.askIn('C0PRACTICE');
        await waitFor(() => bed.fake.messages.some((m) => m.thread_ts === question.ts || m.ts === question.ts), 'the question');
        const status = await bed.deliver(
          'event',
          bed.eventPayload({
            type: 'message',
            subtype: 'bot_message',
            channel: 'C0PRACTICE',
            user: BOT_USER,
            bot_id: BOT_ID,
            text: 'an answer written by the bot',
            ts: `${Number(question.ts) + 1}`,
            thread_ts: question.ts,
          }),
        );
        const round = await bed.repos.rounds.findByMessage(`slack:C0PRACTICE:${question.ts}` as MessageRef);
        return status === 200 && (await bed.repos.answers.listByRound(round!.id)).length > 0;
      },
      stop: () => bed.stop(),
    } satisfies PortDriver;
  });
});

describe('Discord port (real discord.js against the fake REST and gateway)', () => {
  chatPortContract(async () => {
    const bed = await DiscordBed.start();
    await bed.setUp();
    const alice = bed.member('alice');
    const message = (ref: MessageRef) => {
      const [, channel, id] = ref.split(':');
      return bed.fake.messages.get(channel!)?.find((m) => m.id === id);
    };
    return {
      name: 'discord',
      port: bed.port,
      channel: channelRef(bed.fake.channelId),
      user: userRef(alice.id),
      textOf: async (ref) => {
        const m = message(ref);
        return m ? discordText(m) : undefined;
      },
      threadOf: async (ref) => (bed.fake.messages.get(ref.split(':').at(-1)!) ?? []).map((m) => discordText(m)),
      privateTo: async () => bed.fake.dmTo(alice).map((m) => discordText(m)),
      async press(ref, label, times) {
        const id = bed.fake.press(alice, message(ref)!, buttonsOf(message(ref))[label]!);
        for (let i = 1; i < times; i++) bed.fake.redeliver(id);
        const text = await bed.answerTo(id);
        await bed.h.dojo.drain();
        return text
          ? bed.fake
              .repliesTo(id)
              .map((m) => discordText(m))
              .filter(Boolean)
          : [];
      },
      async botRepliesIn() {
        const { question, roundId } = await bed.ask();
        bed.fake.say(bed.fake.bot, question.id, 'an answer written by the bot');
        await bed.h.dojo.drain();
        return (await bed.repos.answers.listByRound(roundId as never)).length > 0;
      },
      stop: () => bed.stop(),
    } satisfies PortDriver;
  });
});

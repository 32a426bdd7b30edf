import { afterEach, expect, it } from 'vitest';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';
import { createHarness } from '../support/core-harness.js';
import { FakeDiscord } from '../fakes/discord-server.js';
import { createDiscordAdapter } from '../../adapters/discord/index.js';

loopbackOnly();
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanup.reverse()) await c(); cleanup = []; });

it('smoke', async () => {
  const fake = await FakeDiscord.start();
  cleanup.push(() => fake.stop());
  const h = createHarness();
  const lines: string[] = [];
  const log = { debug: (o: object, m?: string) => lines.push(JSON.stringify({ ...o, m })), info: (o: object, m?: string) => lines.push(JSON.stringify({ ...o, m })), warn: (o: object, m?: string) => lines.push(JSON.stringify({ ...o, m })), error: (o: object, m?: string) => lines.push(JSON.stringify({ ...o, m })) };
  const running = await createDiscordAdapter({ dojo: h.dojo, log, config: { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.appId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_URL: fake.apiUrl + '/', DISCORD_MESSAGE_CONTENT: true } }).start();
  cleanup.push(() => running.stop());
  console.log(lines.join('\n'));
  console.log(fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`).join('\n'));
  const alice = fake.addUser('alice', false, '32');
  const id = fake.command(alice, 'dojo-admin', 'setup', { time: '09:00' });
  await waitFor(() => fake.repliesTo(id)[0]?.embeds.length, "reply").catch(() => undefined);
  console.log(fake.calls.map((c) => `${c.method} ${c.path} ${c.status} ${JSON.stringify(c.body)?.slice(0,300)}`).join("\n"));
  console.log(JSON.stringify(fake.repliesTo(id), null, 1).slice(0, 1500));
  console.log(lines.join('\n'));
  expect(1).toBe(1);
});

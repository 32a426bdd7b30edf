import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordBed, discordBodies } from '../fakes/discord-harness.js';
import { buttonsOf, textOf, type FakeUser } from '../fakes/discord-server.js';
import { SlackBed, USERS, blockText, roundOf } from '../fakes/slack-harness.js';
import { everythingPosted, type FakeMessage } from '../fakes/slack-server.js';
import { expectWithinDiscordLimits, expectWithinSlackLimits } from '../support/platform-limits.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

const HUGE = `${'All work and no play. '.repeat(4_546)}end`.slice(0, 100_000);
const REFUSAL = /at most 4000 characters/;
// Invisible and direction-changing characters: zero-width space/joiner, BOM, RTL override, isolates.
const INVISIBLE = '\u200b\u200d\ufeff\u202e\u2066\u2069';

/** Hostile answers as Slack members could type them (Slack sends <!channel> etc. as markup). */
const SLACK_NASTY = {
  thread: `<!channel> <!here> <!everyone> <!subteam^S0DEVS|@devs> <@${USERS.bob.id}> @everyone @here ${INVISIBLE}reversed \`\`\`js\nunclosed(fence **bold <https://evil.example|click me>`,
  modal: `<!chan${INVISIBLE}nel> \u200b<!channel> <!channel|channel> @${INVISIBLE}everyone \`\`\` one \`\`\` two \`\`\`three *_~ &amp; &lt;!here&gt;`,
  // The modal's input takes 3000 characters; escaping makes this one far longer on the wire.
  atLimit: `\`\`\`${'&<>*_~`@here <!channel> '.repeat(200)}`.slice(0, 3_000),
};

/** What a pinging mention looks like in anything the bot sent to Slack. */
const SLACK_PING = /<!(channel|here|everyone|subteam)|<@U/;
const BARE_MASS_MENTION = /(?<!\u200b)@(everyone|here|channel)\b/;

describe('hostile answers through Slack', () => {
  const C = 'C0HOSTILE';
  let bed: SlackBed;
  let question: FakeMessage;
  const answers = async () => await bed.h.repos.answers.listByRound(roundOf(question) as never);

  beforeAll(async () => {
    bed = await SlackBed.start();
    question = await bed.askIn(C);
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('a 100 KB answer by thread reply or by modal is refused with a short message and posts nothing', async () => {
    const before = bed.fake.messages.filter((m) => m.bot_id).length;
    await bed.reply('alice', { channel: C, ts: question.ts }, HUGE);
    const byReply = await bed.privateTo('alice', C, REFUSAL);
    await bed.submit('bob', await bed.openAnswerModal('bob', question), { answer: HUGE });
    const byModal = await bed.privateTo('bob', C, REFUSAL);
    for (const refusal of [byReply, byModal]) expect(blockText(refusal.blocks).length).toBeLessThan(200);
    expect(await answers()).toEqual([]);
    expect(bed.fake.messages.filter((m) => m.bot_id)).toHaveLength(before);
  });

  it('mass mentions, invisible and RTL characters and broken code fences in answers never ping anyone or break a post', async () => {
    await bed.reply('alice', { channel: C, ts: question.ts }, SLACK_NASTY.thread);
    await bed.answerByModal('carol', question, SLACK_NASTY.modal);
    await bed.answerByModal('dave', question, SLACK_NASTY.atLimit);
    await waitFor(async () => (await answers()).length === 3, 'three hostile answers');
    await bed.command('alice', 'export', C);
    await bed.privateTo('alice', C, /Your data/);
    await bed.command('admin', 'close', C);
    const summary = blockText(
      (await waitFor(() => bed.fake.inThread(C, question.ts).find((m) => /Round closed/.test(blockText(m.blocks))), 'the close summary'))
        .blocks,
    );
    // Nobody voted: the summary must still count the answers, not claim there were none.
    expect(summary).toContain('3 answers but no votes');
    expect(summary).toMatch(/Alice \+10 · Carol \+10 · Dave \+10/);

    // Slack pings only through markup (<!channel>, <@U…>); no bot message or ephemeral carries any.
    expect(everythingPosted(bed.fake)).not.toMatch(SLACK_PING);
    // Posts others see also break the plain words; the member's own export keeps their text verbatim.
    expect(JSON.stringify(bed.fake.messages.filter((m) => m.bot_id))).not.toMatch(BARE_MASS_MENTION);
    expectWithinSlackLimits([...bed.fake.messages.filter((m) => m.bot_id), ...bed.fake.ephemerals]);
    // The fake answers ok:false to a post over Slack's limits, which the bot would log as an error.
    expect(bed.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});

/** Hostile answers as Discord members could type them. */
const discordNasty = (bob: FakeUser) => ({
  thread: `@everyone @here <@&123456789012345678> <@${bob.id}> <@!${bob.id}> ||spoiler|| ${INVISIBLE}reversed \`\`\`js\nunclosed(fence **bold [click](https://evil.example)`,
  modal: `@${INVISIBLE}everyone \u200b@everyone @@here @everyone\u200b <@&1> \`\`\` one \`\`\` two \`\`\`three > quote # heading`,
  atLimit: `\`\`\`${'`@everyone <@&42> **_~ '.repeat(200)}`.slice(0, 4_000),
});

const DISCORD_PING = /<@&\d+>/;

describe('hostile answers through Discord', () => {
  let bed: DiscordBed;
  let question: Awaited<ReturnType<DiscordBed['ask']>>['question'];
  let roundId: number;
  const answers = async () => await bed.h.repos.answers.listByRound(roundId as never);

  beforeAll(async () => {
    bed = await DiscordBed.start({ messageContent: true });
    await bed.setUp();
    ({ question } = await bed.ask());
    // The round id ends the Answer button's custom_id (after the adapter's form-button prefix).
    roundId = Number(buttonsOf(question).Answer!.split(':').at(-1));
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('a 100 KB answer through the modal is refused with a short message and posts nothing', async () => {
    const before = bed.fake.botMessages(question.id).length;
    const reply = await bed.answerByModal(bed.member('mallory'), question, HUGE);
    expect(reply).toMatch(REFUSAL);
    expect(reply.length).toBeLessThan(200);
    expect(await answers()).toEqual([]);
    expect(bed.fake.botMessages(question.id)).toHaveLength(before);
  });

  it('mass mentions, invisible and RTL characters and broken code fences in answers never ping anyone or break a post', async () => {
    const { fake } = bed;
    const [alice, bob, carol] = [bed.member('alice'), bed.member('bob'), bed.member('carol')];
    const nasty = discordNasty(bob);
    fake.say(alice, question.id, nasty.thread);
    expect(await bed.answerByModal(bob, question, nasty.modal)).toContain('posted in the thread');
    expect(await bed.answerByModal(carol, question, nasty.atLimit)).toContain('posted in the thread');
    await waitFor(async () => (await answers()).length === 3, 'three hostile answers');
    await waitFor(() => fake.botMessages(question.id).filter((m) => buttonsOf(m).Upvote).length === 2, 'two answer copies');
    expect(await bed.answerTo(fake.command(alice, 'dojo', 'export'))).toContain('Your data');
    expect(await bed.answerTo(fake.command(bed.admin, 'dojo-admin', 'close'))).toMatch(/closed/i);
    const summary = textOf(
      await waitFor(() => fake.botMessages(question.id).find((m) => m.embeds[0]?.title === 'Round closed'), 'the close summary'),
    );
    expect(summary).toContain('3 answers but no votes');
    expect(summary).toMatch(/alice \+10 · bob \+10 · carol \+10/);

    const bodies = discordBodies(fake);
    expect(bodies.length).toBeGreaterThan(5);
    // allowed_mentions { parse: [] } on every body (DMs and interaction replies too): no @everyone, role or user ping whatever the text says.
    expectWithinDiscordLimits(bodies);
    // Posts others see also break the words themselves; the member's own export keeps their text verbatim.
    const inPublic = fake.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.status < 300 &&
        (c.path === `/channels/${fake.channelId}/messages` || c.path === `/channels/${question.id}/messages`),
    );
    expect(inPublic.length).toBeGreaterThanOrEqual(4);
    const shown = JSON.stringify(inPublic.map((c) => c.body));
    expect(shown).not.toMatch(DISCORD_PING);
    expect(shown).not.toMatch(BARE_MASS_MENTION);
    expect(bed.errors()).toEqual([]);
  });
});

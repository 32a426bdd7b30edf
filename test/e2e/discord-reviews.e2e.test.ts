import { ComponentType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordBed } from '../fakes/discord-harness.js';
import { buttonsOf, textOf, type FakeMessage, type FakeUser } from '../fakes/discord-server.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { waitFor } from '../support/wait-for.js';

loopbackOnly();

let bed: DiscordBed;
beforeAll(async () => {
  bed = await DiscordBed.start();
});
afterAll(async () => {
  await bed?.stop();
});

const dmsMatching = (user: FakeUser, pattern: RegExp) => bed.fake.dmTo(user).filter((m) => pattern.test(textOf(m)));

/** Presses Review on the bot's copy and returns the modal Discord was asked to show. */
async function openReview(user: FakeUser, copy: FakeMessage) {
  const press = bed.fake.press(user, copy, buttonsOf(copy).Review!);
  const modal = await waitFor(() => bed.fake.interactions.get(press)!.callbacks[0], 'the review modal');
  expect(modal.type).toBe(9);
  return modal.data as { custom_id: string; title: string; components: any[] };
}

describe('peer reviews on Discord (real discord.js against FakeDiscord)', () => {
  let alice: FakeUser;
  let bob: FakeUser;
  let carol: FakeUser;
  let question: FakeMessage;
  let copy: FakeMessage;
  let answerId: number;

  it('puts a Review button on the bot’s copy of a form answer', async () => {
    [alice, bob, carol] = ['alice', 'bob', 'carol'].map((n) => bed.fake.addUser(n)) as [FakeUser, FakeUser, FakeUser];
    await bed.setUp();
    ({ question } = await bed.ask());
    expect(await bed.answerByModal(alice, question, 'Profile first, then fix the hottest path and measure again.')).toContain(
      'Your answer is in',
    );
    copy = await waitFor(() => bed.fake.botMessages(question.id).find((m) => buttonsOf(m).Review), 'the answer copy');
    answerId = Number(/(\d+)$/.exec(buttonsOf(copy).Review!)![1]);
    expect(Object.keys(buttonsOf(copy))).toEqual(['Upvote', 'Review']);
  });

  it('opens a modal with the key points as a multi-select inside a label, and an optional comment', async () => {
    const modal = await openReview(bob, copy);
    const [intro, covered, comment] = modal.components;
    expect(intro.type).toBe(ComponentType.TextDisplay);
    expect(intro.content).toContain('Key points');
    expect(covered).toMatchObject({
      type: ComponentType.Label,
      component: { type: ComponentType.StringSelect, custom_id: 'covered', min_values: 0 },
    });
    expect(covered.component.max_values).toBe(covered.component.options.length);
    expect(comment).toMatchObject({
      type: ComponentType.Label,
      component: { type: ComponentType.TextInput, custom_id: 'comment', required: false, max_length: 500 },
    });
  });

  it('records the picked options once when the submission is delivered twice, and DMs the author', async () => {
    const id = bed.fake.submitModal(bob, `dojo:review-form:${answerId}`, { covered: ['1', '3'], comment: 'Say how you would measure.' });
    bed.fake.redeliver(id);
    expect(await bed.answerTo(id)).toMatch(/Review sent to alice \(2 of \d+ key points, \+2\)/);
    // A later interaction answered means the repeat was handled before it (one gateway, in order).
    expect(await bed.answerTo(bed.fake.command(bob, 'dojo', 'help'))).toContain('Interview Dojo');
    await waitFor(() => dmsMatching(alice, /New review of your answer/).length, 'the review DM to alice');
    expect(textOf(dmsMatching(alice, /New review/)[0])).toContain('Say how you would measure.');
    const reviews = await bed.repos.peerReviews.listByAnswer(answerId as never);
    expect(reviews).toEqual([expect.objectContaining({ covered: [1, 3], points: 2 })]);
    expect(bed.fake.repliesTo(id).filter((m) => /Review sent/.test(textOf(m)))).toHaveLength(1);
    expect(dmsMatching(alice, /New review of your answer/)).toHaveLength(1);
  });

  it('shows the earlier picks when the review is opened again', async () => {
    const modal = await openReview(bob, copy);
    const picked = modal.components[1].component.options
      .filter((o: { default?: boolean }) => o.default)
      .map((o: { value: string }) => o.value);
    expect(picked).toEqual(['1', '3']);
  });

  it('takes key point numbers typed into a text input (the fallback where a select cannot be shown)', async () => {
    const id = bed.fake.submitModal(carol, `dojo:review-form:${answerId}`, { covered: '2, 3', comment: '' });
    expect(await bed.answerTo(id)).toMatch(/Review sent to alice \(2 of \d+ key points/);
    const covered = (await bed.repos.peerReviews.listByAnswer(answerId as never)).map((r) => r.covered);
    expect(covered).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  it('refuses a self-review, and sends the author one summary at close', async () => {
    const press = bed.fake.press(alice, copy, buttonsOf(copy).Review!);
    expect(await bed.answerTo(press)).toContain("can't review your own answer");
    await bed.answerTo(bed.fake.command(bed.admin, 'dojo-admin', 'close'), 'the close reply');
    await waitFor(() => dmsMatching(alice, /Your peer reviews/).length, 'the review summary DM');
    const summary = dmsMatching(alice, /Your peer reviews/)[0]!;
    expect(textOf(summary)).toMatch(/covers \d+ of \d+ key points \(2 reviews\)/);
    expect(textOf(summary)).toContain('bob: Say how you would measure.');
    expect(buttonsOf(summary)['Self-check']).toMatch(/dojo:self-check:\d+$/);
    // A button in a DM carries no server, so the self-check is also a command.
    const command = bed.fake.command(alice, 'dojo', 'self-check');
    const modal = await waitFor(() => bed.fake.interactions.get(command)!.callbacks[0], 'the self-check modal');
    expect(modal.type).toBe(9);
    const id = bed.fake.submitModal(alice, modal.data.custom_id, { covered: ['1', '2'] });
    expect(await bed.answerTo(id)).toMatch(/You think you covered 2 of \d+ key points; your reviewers found \d+ \(2 reviews\)/);
    expect(bed.errors()).toEqual([]);
  });
});

describe('the "Review answer" message menu on a thread-reply answer (message content on)', () => {
  let content: DiscordBed;
  beforeAll(async () => {
    content = await DiscordBed.start({ messageContent: true });
  });
  afterAll(async () => {
    await content?.stop();
  });

  it('opens the review form from the member’s own reply, and refuses it on a message that is not an answer', async () => {
    const [dan, eve] = ['dan', 'eve'].map((n) => content.fake.addUser(n)) as [FakeUser, FakeUser];
    await content.setUp();
    const { question, roundId } = await content.ask();
    // A thread started from a message has the message's id.
    const reply = content.fake.say(dan, question.id, 'I would cache at the edge and invalidate on write.');
    await waitFor(
      async () => (await content.repos.answers.findByMessage(`discord:${question.id}:${reply.id}` as never)) ?? undefined,
      'dan’s answer',
    );
    const pick = content.fake.messageCommand(eve, 'Review answer', reply);
    const modal = await waitFor(() => content.fake.interactions.get(pick)!.callbacks[0], 'the review modal');
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toMatch(/^dojo:review-form:\d+$/);
    const sent = content.fake.submitModal(eve, modal.data.custom_id, { covered: ['2'], comment: '' });
    expect(await content.answerTo(sent)).toMatch(/Review sent to dan/);
    const answer = (await content.repos.answers.listByRound(roundId as never))[0]!;
    expect(await content.repos.peerReviews.listByAnswer(answer.id)).toEqual([expect.objectContaining({ covered: [2] })]);
    expect(await content.answerTo(content.fake.messageCommand(eve, 'Review answer', question))).toMatch(/not an answer/);
    expect(content.errors()).toEqual([]);
  });
});

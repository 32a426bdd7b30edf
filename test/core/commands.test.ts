import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commandList, userRef } from '../../src/core/index.js';
import { tokenize, parseUserArg } from '../../src/core/commands/tokenize.js';
import { createHarness } from '../support/core-harness.js';

describe('the /dojo command grammar', () => {
  it('answers unknown and malformed input with a short usage message, never a stack trace', async () => {
    const h = createHarness();
    const unknown = await h.command('ann', 'frobnicate');
    expect(unknown.private[0]!.text).toBe('I don\'t know "frobnicate". Try `/dojo help`.');
    const bad = await h.command('ann', 'top fortnight');
    expect(bad.private[0]!.text).toMatch(/^I don't know "fortnight"[\s\S]*Usage: `\/dojo top/);
    const setup = await h.command('admin', 'setup time=25:00', { admin: true });
    expect(setup.private[0]!.text).toMatch(/time: use 24-hour HH:MM/);
    const tz = await h.command('admin', 'setup tz=Mars/Olympus', { admin: true });
    expect(tz.private[0]!.text).toMatch(/IANA zone/);
  });

  it('treats an empty command as help', async () => {
    const h = createHarness();
    expect((await h.command('ann', '')).private[0]!.title).toBe('Interview Dojo');
  });

  it('never throws on any input and every reply is short', async () => {
    const h = createHarness({ content: false });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc
            .array(
              fc.constantFrom(
                'top',
                'stats',
                'setup',
                'config',
                'days=',
                'x=y',
                '"',
                '@u',
                '<@U1>',
                'week',
                'quiz',
                'packs',
                'enable',
                'suggest',
                '\u200b',
                '‮',
              ),
              { maxLength: 6 },
            )
            .map((w) => w.join(' ')),
        ),
        async (text) => {
          const reply = await h.command('fuzzer', text);
          for (const m of reply.private) expect(m.text.length).toBeLessThan(4000);
        },
      ),
      { numRuns: 10_000 },
    );
  }, 120_000);

  it('refuses every admin command to a non-admin', async () => {
    const h = createHarness();
    for (const cmd of commandList().filter((c) => c.admin)) {
      const reply = await h.command('member', cmd.name);
      expect(reply.private[0]!.text).toBe(`Only admins can use /dojo ${cmd.name}.`);
    }
  });

  it('accepts admins from the platform, DOJO_ADMINS and /dojo config admins', async () => {
    const h = createHarness({ admins: ['boss'] });
    expect((await h.command('boss', 'pause')).private[0]!.text).toMatch(/not a practice channel/);
    expect((await h.command('dana', 'pause')).private[0]!.text).toMatch(/Only admins/);
    await h.command('owner', 'config admins add <@dana>', { admin: true });
    expect((await h.command('dana', 'setup')).private[0]!.title).toBe('This is now a practice channel');
    await h.command('owner', 'config admins remove dana', { admin: true });
    expect((await h.command('dana', 'pause')).private[0]!.text).toMatch(/Only admins/);
  });

  it('runs a repeated delivery of a command once, whether it was carried out, refused or only read', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    const suggest = 'suggest "How does the event loop order timers and I/O?"';
    expect((await h.as('bob', { kind: 'command', text: suggest, deliveryId: 'cmd-1' })).private[0]!.text).toMatch(/thank|suggest/i);
    expect((await h.as('bob', { kind: 'command', text: suggest, deliveryId: 'cmd-1' })).duplicate).toBe(true);
    expect((await h.as('bob', { kind: 'command', text: 'frobnicate', deliveryId: 'cmd-2' })).private[0]!.text).toMatch(/don't know/);
    expect((await h.as('bob', { kind: 'command', text: 'frobnicate', deliveryId: 'cmd-2' })).duplicate).toBe(true);
    expect((await h.as('bob', { kind: 'command', text: 'top', deliveryId: 'cmd-3' })).private[0]!.text).toMatch(/No points yet/);
    expect((await h.as('bob', { kind: 'command', text: 'top', deliveryId: 'cmd-3' })).duplicate).toBe(true);
    const claims = h.db.$client
      .prepare("SELECT delivery_id AS id, done_at IS NOT NULL AS done FROM processed_events WHERE delivery_id LIKE 'cmd-%' ORDER BY 1")
      .all();
    expect(claims).toEqual([
      { id: 'cmd-1', done: 1 },
      { id: 'cmd-2', done: 1 },
      { id: 'cmd-3', done: 1 },
    ]);
    expect(await h.repos.suggestions.listPending((await h.repos.workspaces.findByRef('test', 'T1' as never))!.id)).toHaveLength(1);
  });

  it('splits words with quotes and reads platform mentions', () => {
    expect(tokenize('suggest "two words" \'and more\' end')).toEqual(['suggest', 'two words', 'and more', 'end']);
    expect(tokenize('“curly quotes” ok')).toEqual(['curly quotes', 'ok']);
    expect(parseUserArg('<@U123|ann>')).toEqual({ rawId: 'U123', name: 'ann' });
    expect(parseUserArg('<@!42>')).toEqual({ rawId: '42' });
  });
});

describe('admin commands', () => {
  it('setup with no arguments uses the defaults and explains how to change them', async () => {
    const h = createHarness();
    const r = await h.command('admin', 'setup', { admin: true });
    expect(r.private[0]!.text).toMatch(/mon-fri at 09:00 \(UTC\)/);
    expect(r.private[0]!.text).toMatch(/\/dojo setup days=mon-fri time=09:00 tz=Europe\/Berlin categories=security,nodejs/);
    const changed = await h.command('admin', 'setup days=mon,wed time=10:30 tz=Europe/Berlin categories=security,node', { admin: true });
    expect(changed.private[0]!.text).toMatch(/mon,wed at 10:30 \(Europe\/Berlin\)/);
    expect(changed.private[0]!.text).toMatch(/Security, Node.js Advanced/);
  });

  it('pause stops scheduled posts and resume restarts them without posting missed days', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    await h.command('admin', 'pause', { admin: true });
    h.clock.set('2026-11-30T09:00:00Z');
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(0);
    h.clock.set('2026-11-30T09:30:00Z');
    await h.command('admin', 'resume', { admin: true });
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(0);
    h.clock.set('2026-12-01T09:00:00Z');
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(1);
  });

  it('ask posts now, close posts the summary, skip replaces the question without points', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    await h.command('admin', 'ask', { admin: true });
    const first = h.port.questions()[0]!;
    await h.as('ann', { kind: 'reply-posted', thread: first.ref, message: 'a' as never, text: 'answer' });
    await h.command('admin', 'skip', { admin: true });
    expect(h.port.questions()).toHaveLength(2);
    expect(h.port.questions()[1]!.message.text).not.toBe(first.message.text);
    expect(h.port.inThread(first.ref)).toHaveLength(0);
    expect((await h.command('admin', 'close', { admin: true })).private[0]!.text).toMatch(/closed/);
    expect(h.port.inThread(h.port.questions()[1]!.ref)[0]!.message.title).toBe('Round closed');
    expect((await h.command('admin', 'close', { admin: true })).private[0]!.text).toMatch(/no open round/);
  });

  it('ask <question id> posts that question, whatever the channel categories, and names an unknown id', async () => {
    const h = createHarness();
    await h.command('admin', 'setup categories=security', { admin: true });
    expect((await h.command('admin', 'ask pitch-hr-final-round', { admin: true })).private[0]!.text).toMatch(/^Posted a new question\./);
    expect(h.port.questions()[0]!.message.text).toMatch(/^Final HR round: why should we hire you/);
    const unknown = await h.command('admin', 'ask no-such-question', { admin: true });
    expect(unknown.private[0]!.text).toBe('No open question has the id "no-such-question" in this workspace\'s enabled packs.');
    expect(h.port.questions()).toHaveLength(1);
  });

  it('ask shortly before a scheduled post stands in for it instead of making a one-hour round', async () => {
    const h = createHarness({ start: '2026-11-30T08:00:00Z' });
    await h.command('admin', 'setup', { admin: true });
    expect((await h.command('admin', 'ask', { admin: true })).private[0]!.text).toBe(
      'Posted a new question. It stands in for the one due Mon 30 Nov 09:00 UTC and closes Tue 1 Dec 08:00 UTC.',
    );
    h.clock.set('2026-11-30T09:00:00Z');
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(1);
    // Far from the next post, a manual round closes an hour before it, as before.
    h.clock.set('2026-11-30T14:00:00Z');
    expect((await h.command('admin', 'ask', { admin: true })).private[0]!.text).toBe('Posted a new question.');
    expect(h.port.questions()[1]!.message.footer).toMatch(/Closes Tue 1 Dec 08:00 UTC\.$/);
    h.clock.set('2026-12-01T09:00:00Z');
    await h.dojo.tick();
    expect(h.port.questions()).toHaveLength(3);
  });

  it('packs can be disabled and enabled per workspace', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    expect((await h.command('admin', 'packs', { admin: true })).private[0]!.text).toMatch(/module-lead-nodejs.*enabled/);
    await h.command('admin', 'packs disable module-lead-nodejs', { admin: true });
    expect((await h.command('admin', 'ask', { admin: true })).private[0]!.text).toMatch(/no question left/);
    await h.command('admin', 'packs enable module-lead-nodejs', { admin: true });
    expect((await h.command('admin', 'ask', { admin: true })).private[0]!.text).toMatch(/^Posted a new question\./);
    expect((await h.command('admin', 'packs enable nope', { admin: true })).private[0]!.text).toMatch(/no pack "nope"/);
  });

  it('approved suggestions join the team pack and can be asked', async () => {
    const h = createHarness();
    await h.command('admin', 'setup categories=general', { admin: true });
    expect((await h.command('ann', 'suggest How would you roll back a bad deploy in five minutes?')).private[0]!.text).toMatch(
      /Suggestion #1/,
    );
    const list = await h.command('admin', 'suggestions', { admin: true });
    expect(list.private[0]!.buttons!.map((b) => b.label)).toEqual(['Approve', 'Reject']);
    await h.as('admin', { kind: 'button-pressed', actionId: list.private[0]!.buttons![0]!.actionId }, { admin: true });
    await h.command('admin', 'ask', { admin: true });
    expect(h.port.questions()[0]!.message.text).toBe('How would you roll back a bad deploy in five minutes?');
    expect((await h.command('admin', 'suggestions approve 1', { admin: true })).private[0]!.text).toMatch(/already approved/);
    // The author is told once, through the outbox after the decision's commit; a repeat decides and tells nothing.
    expect(h.port.posts.filter((p) => p.to === userRef('ann')).map((p) => p.message.text)).toEqual([
      'Your suggested question was approved and is now in the team pack: "How would you roll back a bad deploy in five minutes?". Thank you!',
    ]);
  });

  it('config changes points and seasons reset the season board but keep all-time', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    await h.command('admin', 'config points.answer=12', { admin: true });
    await h.command('admin', 'ask', { admin: true });
    await h.as('ann', { kind: 'reply-posted', thread: h.port.questions()[0]!.ref, message: 'a' as never, text: 'answer' });
    expect((await h.command('ann', 'top season')).private[0]!.text).toMatch(/ann — 12/);
    await h.command('admin', 'config season new', { admin: true });
    expect((await h.command('ann', 'top season')).private[0]!.text).toMatch(/No points yet/);
    expect((await h.command('ann', 'top all')).private[0]!.text).toMatch(/ann — 12/);
    expect((await h.command('admin', 'config points.bogus=1', { admin: true })).private[0]!.text).toMatch(/Unknown setting/);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { messageRef, safeUserText, splitText } from '../../src/core/index.js';
import { parseShellLine } from '../../adapters/shell/grammar.js';
import { createHarness } from '../support/core-harness.js';

describe('hostile input', () => {
  it('the playground grammar never throws and explains every bad line briefly', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc
            .constantFrom('as', 'clock', 'vote', 'press', 'submit', 'reply', '/dojo')
            .chain((w) => fc.string({ maxLength: 50 }).map((s) => `${w} ${s}`)),
        ),
        (line) => {
          const parsed = parseShellLine(line);
          if (parsed.kind === 'error') expect(parsed.message.length).toBeLessThan(160);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('form submissions of any shape are answered with a short message and never crash', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    await h.command('admin', 'ask', { admin: true });
    const roundId = h.db.$client.prepare('SELECT id FROM rounds').pluck().get() as number;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 30 }),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 200 })),
        fc.nat(40),
        async (formId, values, who) => {
          const id = who % 2 ? `dojo:answer-form:${roundId}` : formId;
          const reply = await h.as(`u${who}`, { kind: 'form-submitted', formId: id, values });
          for (const m of reply.private) expect(m.text.length).toBeLessThan(300);
        },
      ),
      { numRuns: 10_000 },
    );
    const ws = (await h.repos.workspaces.findByRef('test', 'T1' as never))!;
    expect(await h.repos.scores.rebuildTotals(ws.id)).toEqual([]);
  }, 120_000);

  it('mass mentions, zero-width and RTL characters and code fences never ping or break a post', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    await h.command('admin', 'ask', { admin: true });
    const thread = h.port.questions()[0]!.ref;
    const nasty = '<!channel> <!here> @everyone @here <@&123> ```unclosed **bold [x](javascript:alert(1)) \u200b\u202e reversed';
    await h.as('eve', { kind: 'reply-posted', thread, message: messageRef('e1'), text: nasty });
    const form = await h.as('mal', { kind: 'button-pressed', actionId: h.port.questions()[0]!.message.buttons![0]!.actionId });
    await h.as('mal', { kind: 'form-submitted', formId: form.form!.formId, values: { answer: nasty } });
    await h.as('bob', { kind: 'reaction-added', message: messageRef('e1'), emoji: '+1' });
    await h.command('admin', 'close', { admin: true });
    const posted = h.port.posts.filter((p) => p.message.hasUserText).map((p) => `${p.message.text}${p.message.code ?? ''}`);
    expect(posted.length).toBeGreaterThan(1);
    for (const text of posted) {
      expect(text).not.toMatch(/<!channel>|<!here>|@everyone|@here|<@&\d+>/);
    }
    expect(safeUserText('@everyone')).not.toBe('@everyone');
  });

  it('a 100 KB answer is refused with a short reason and a long text splits within limits', async () => {
    const h = createHarness();
    await h.command('admin', 'setup', { admin: true });
    await h.command('admin', 'ask', { admin: true });
    const huge = 'x'.repeat(100_000);
    const reply = await h.as('big', { kind: 'reply-posted', thread: h.port.questions()[0]!.ref, message: messageRef('b1'), text: huge });
    expect(reply.private[0]!.text).toMatch(/at most 4000 characters/);
    const chunks = splitText(`intro\n\`\`\`\n${'line of code\n'.repeat(600)}\`\`\`\n${'word '.repeat(2000)}`, 2000);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(2000);
      expect((c.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LIMITS, fallbackText, renderForm, renderHome, renderMessage, toMrkdwn } from './render.js';

type AnyBlock = {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { type: string; text?: { text: string } }[];
};

function assertWithinLimits(posts: ReturnType<typeof renderMessage>): void {
  for (const p of posts) {
    expect(p.blocks.length).toBeGreaterThan(0);
    expect(p.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(JSON.stringify(p.blocks).length + p.text.length).toBeLessThanOrEqual(LIMITS.messageChars);
    for (const b of p.blocks as AnyBlock[]) {
      if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.headerChars);
      if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionChars);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldChars);
      for (const e of b.elements ?? []) if (e.type === 'button') expect(e.text!.text.length).toBeLessThanOrEqual(LIMITS.buttonChars);
    }
  }
}

describe('neutral Markdown to Slack mrkdwn', () => {
  it('escapes &, < and > so member text can never ping anyone', () => {
    expect(toMrkdwn('a <!channel> & <@U123> <!here|here> b')).toBe('a &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;!here|here&gt; b');
  });

  it('turns **bold**, links and bullets into Slack forms', () => {
    expect(toMrkdwn('**Key points**\n- one\n- two [docs](https://nodejs.org/api?a=1&b=2)')).toBe(
      '*Key points*\n• one\n• two <https://nodejs.org/api?a=1&amp;b=2|docs>',
    );
  });

  it('turns dojo-message links into permalinks and drops unknown schemes to text', () => {
    expect(toMrkdwn('[open](dojo-message:slack:C0ABC:1764493201.000001)')).toBe(
      '<https://slack.com/archives/C0ABC/p1764493201000001|open>',
    );
    expect(toMrkdwn('[x](javascript:alert)')).toBe('x (javascript:alert)');
    expect(toMrkdwn('[open](dojo-message:test:m1)')).toBe('open');
  });

  it('leaves code alone apart from escaping', () => {
    expect(toMrkdwn('run `a **b** <c>` then\n```\n- x & **y**\n```')).toBe('run `a **b** &lt;c&gt;` then\n```\n- x &amp; **y**\n```');
  });

  it('never produces a Slack control sequence from any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const out = toMrkdwn(s) + fallbackText(s);
        expect(out).not.toMatch(/<[!@#]/);
      }),
    );
  });
});

describe('splitting to Slack limits', () => {
  it('keeps a short message in one post with header, section, context and buttons', () => {
    const [post, ...rest] = renderMessage({
      title: 'Question',
      text: 'Why?',
      footer: 'Closes soon',
      buttons: [{ label: 'Answer', actionId: 'dojo:answer:1', style: 'primary' }],
    });
    expect(rest).toEqual([]);
    expect(post!.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions']);
    expect(post!.text).toBe('Question: Why?');
  });

  it('splits 120,000 characters into posts within 50 blocks, 3,000 a section and 40,000 a post', () => {
    const para = 'word '.repeat(500).trim();
    const posts = renderMessage({
      title: 'T'.repeat(400),
      text: Array.from({ length: 48 }, () => para).join('\n\n'),
      code: 'x & y\n'.repeat(2000),
      buttons: [{ label: 'L'.repeat(200), actionId: 'dojo:x' }],
    });
    expect(posts.length).toBeGreaterThan(2);
    assertWithinLimits(posts);
    expect(posts.at(-1)!.blocks.at(-1)!.type).toBe('actions');
  });

  it('splits a text made only of characters that grow when escaped', () => {
    assertWithinLimits(renderMessage({ text: '&'.repeat(20_000) }));
    assertWithinLimits(renderMessage({ text: '<>'.repeat(5000) }));
  });

  it('stays within limits for arbitrary messages', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 9000 }),
        fc.string({ maxLength: 400 }),
        fc.array(fc.string({ minLength: 1, maxLength: 120 }), { maxLength: 30 }),
        (text, title, labels) => {
          assertWithinLimits(renderMessage({ title, text, buttons: labels.map((label, i) => ({ label, actionId: `dojo:b:${i}` })) }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('puts 26 buttons into two actions blocks (25 elements each at most)', () => {
    const [post] = renderMessage({
      text: 'x',
      buttons: Array.from({ length: 26 }, (_, i) => ({ label: `b${i}`, actionId: `dojo:b:${i}` })),
    });
    expect(post!.blocks.filter((b) => b.type === 'actions')).toHaveLength(2);
  });
});

describe('views', () => {
  it('renders a form as a modal with the intro, a multiline input capped at 3,000, and the channel in metadata', () => {
    const view = renderForm(
      {
        formId: 'dojo:answer-form:7',
        title: 'Your answer to today’s question',
        intro: '**Why** <b>?',
        inputs: [{ id: 'answer', label: 'Answer', multiline: true, maxLength: 4000 }],
      },
      { channel: 'C0ABC', formId: 'dojo:answer-form:7' },
    );
    expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitleChars);
    expect(view.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Why* &lt;b&gt;?' } });
    expect(view.blocks[1]).toMatchObject({
      type: 'input',
      block_id: 'answer',
      element: { type: 'plain_text_input', action_id: 'answer', multiline: true, max_length: 3000 },
    });
    expect(JSON.parse(view.private_metadata!)).toEqual({ c: 'C0ABC', f: 'dojo:answer-form:7' });
  });

  it('opens a form again with the current answer in the input, within the input limit', () => {
    const view = renderForm(
      {
        formId: 'dojo:answer-form:7',
        title: 'Edit your answer',
        inputs: [{ id: 'answer', label: 'Answer', multiline: true, maxLength: 4000, value: `${'x'.repeat(3500)}` }],
      },
      { channel: 'C0ABC', formId: 'dojo:answer-form:7' },
    );
    expect(view.blocks[0]).toMatchObject({ element: { initial_value: 'x'.repeat(3000), max_length: 3000 } });
  });

  it('renders a checklist as optional checkboxes with the ticked ones preselected, and above ten choices as a multi-select', () => {
    const choices = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ label: `${i + 1}. ${'point '.repeat(30)}`, value: String(i + 1) }));
    const form = (n: number) =>
      renderForm(
        {
          formId: 'dojo:review-form:7',
          title: 'Review an answer',
          inputs: [
            { id: 'covered', label: 'Key points the answer covers', choices: choices(n), value: '2,3', optional: true },
            { id: 'comment', label: 'Comment (optional)', multiline: true, maxLength: 500, optional: true },
          ],
        },
        { formId: 'dojo:review-form:7' },
      ).blocks as any[];
    const [covered, comment] = form(7);
    expect(covered).toMatchObject({
      type: 'input',
      block_id: 'covered',
      optional: true,
      element: { type: 'checkboxes', action_id: 'covered' },
    });
    expect(covered.element.options).toHaveLength(7);
    expect(covered.element.options.every((o: any) => o.text.text.length <= LIMITS.optionChars)).toBe(true);
    expect(covered.element.initial_options.map((o: any) => o.value)).toEqual(['2', '3']);
    expect(comment).toMatchObject({ optional: true, element: { type: 'plain_text_input', max_length: 500 } });
    expect(form(12)[0].element).toMatchObject({ type: 'multi_static_select', action_id: 'covered' });
    expect(form(12)[0].element.options).toHaveLength(12);
  });

  it('caps the App Home at 100 blocks', () => {
    const view = renderHome(Array.from({ length: 40 }, (_, i) => ({ title: `t${i}`, text: `x${i}`, footer: 'f' })));
    expect(view.blocks.length).toBe(LIMITS.blocksPerView);
  });
});

import { ComponentType, TextInputStyle } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Form } from '../../src/core/index.js';
import { LIMITS, renderForm } from './render.js';

const reviewForm = (choices: number): Form => ({
  formId: 'dojo:review-form:9',
  title: 'Review an answer',
  intro: '**alice** answered: …\n\n**Key points**\n1. First\n2. Second',
  inputs: [
    {
      id: 'covered',
      label: 'Key points the answer covers',
      choices: Array.from({ length: choices }, (_, i) => ({ label: `${i + 1}. ${'x'.repeat(120)}`, value: String(i + 1) })),
      value: '1,2',
      optional: true,
    },
    { id: 'comment', label: 'Comment (optional)', multiline: true, maxLength: 500, optional: true },
  ],
});

describe('forms as Discord modals', () => {
  it('renders a checklist as a string select in a label, options within limits and the ticked ones as defaults', () => {
    const modal = renderForm(reviewForm(7));
    const select = (modal.components[1] as any).component;
    expect(modal.components[1]!.type).toBe(ComponentType.Label);
    expect(select).toMatchObject({ type: ComponentType.StringSelect, custom_id: 'covered', min_values: 0, max_values: 7, required: false });
    expect(select.options.every((o: { label: string }) => o.label.length <= LIMITS.selectOption)).toBe(true);
    expect(select.options.filter((o: { default?: boolean }) => o.default).map((o: { value: string }) => o.value)).toEqual(['1', '2']);
  });

  it('falls back to a text input of key point numbers above 25 choices or where selects are off', () => {
    for (const modal of [renderForm(reviewForm(26)), renderForm(reviewForm(3), { selects: false })]) {
      const input = (modal.components[1] as any).component;
      expect(input).toMatchObject({
        type: ComponentType.TextInput,
        custom_id: 'covered',
        style: TextInputStyle.Short,
        required: false,
        value: '1, 2',
      });
      expect(input.placeholder).toMatch(/Numbers of the key points/);
      // The numbered key points the member types from are in the intro.
      expect((modal.components[0] as any).content).toContain('1. First');
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandList } from './registry.js';
import { parseParams, usageOf, type Param } from './params.js';

const find = (name: string) => commandList().find((c) => c.name === name)!;
const parse = (name: string, text: string) => parseParams(find(name).params, text.split(/\s+/).filter(Boolean));

describe('command parameters as the text grammar', () => {
  it('reads choices, categories and numbers in any order, categories also written as several words', () => {
    const quiz = parse('quiz', 'hard System Design mcq');
    expect(quiz.ok && [quiz.value.get('difficulty'), quiz.value.get('category'), quiz.value.get('type')]).toEqual([
      'hard',
      'system-design',
      'mcq',
    ]);
    const challenge = parse('challenge', '90s node');
    expect(challenge.ok && [challenge.value.get('category'), challenge.value.num('seconds')]).toEqual(['nodejs', 90]);
    const top = parse('top', 'all-time');
    expect(top.ok && top.value.get('period')).toBe('all');
  });

  it('refuses a parameter given twice, a word nothing accepts (listing the options) and a number out of range', () => {
    expect(parse('quiz', 'hard easy')).toMatchObject({ ok: false, code: 'repeated' });
    const unknown = parse('top', 'yesterday');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.message).toMatch(/"yesterday".*week, month, season, all.*categories: leadership, system-design/);
    expect(parse('challenge', '5')).toMatchObject({ ok: false, code: 'bad-seconds' });
  });

  it('reads switches, settings with their allowed values, prefixed categories and free text', () => {
    const review = parse('review', 'nudge off');
    expect(review.ok && review.value.get('nudge')).toBe('off');
    const setup = parse('setup', 'time=10:30 mode=blind blind=4h');
    expect(setup.ok && [...setup.value.settings]).toEqual([
      ['time', '10:30'],
      ['mode', 'blind'],
      ['blind', '4h'],
    ]);
    expect(parse('setup', 'mode=hidden')).toMatchObject({ ok: false, code: 'bad-value' });
    expect(parse('setup', 'colour=red')).toMatchObject({ ok: false, code: 'bad-key' });
    const suggest = parse('suggest', 'security: How would you rotate a leaked key?');
    expect(suggest.ok && [suggest.value.get('category'), suggest.value.get('question')]).toEqual([
      'security',
      'How would you rotate a leaked key?',
    ]);
    const plain = parse('suggest', 'Design a rate limiter for login');
    expect(plain.ok && [plain.value.get('category'), plain.value.get('question')]).toEqual([undefined, 'Design a rate limiter for login']);
  });

  it('derives each usage line from the parameters', () => {
    expect(find('top').usage).toBe('/dojo top [week|month|season|all] [category]');
    expect(find('quiz').usage).toBe('/dojo quiz [category] [easy|medium|hard] [mcq|open]');
    expect(find('review').usage).toBe('/dojo review [nudge on|off]');
    expect(usageOf('x', [{ kind: 'text', name: 'question', description: '', required: true }] as Param[])).toBe('/dojo x <question>');
  });

  it('never throws, whatever the words', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...commandList().map((c) => c.name)),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 8 }),
        (name, words) => {
          const out = parseParams(find(name).params, words);
          expect(typeof out.ok).toBe('boolean');
        },
      ),
      { numRuns: 2000, seed: 7 },
    );
  });
});

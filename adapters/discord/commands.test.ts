import { describe, expect, it } from 'vitest';
import { commandList } from '../../src/core/index.js';
import { commandText, slashCommands } from './commands.js';

type Opt = { name: string; type: number; choices?: { value: string }[]; options?: Opt[] };
const subcommands = () => slashCommands().flatMap((c) => (c as { options?: Opt[] }).options ?? []);
const sub = (name: string) => subcommands().find((s) => s.name === name)!;

describe('Discord slash commands come from the core command parameters', () => {
  it('offers every core command and every parameter, e.g. quiz type mcq|open and setup blind=', () => {
    expect(
      subcommands()
        .map((s) => s.name)
        .sort(),
    ).toEqual(
      commandList()
        .map((c) => c.name)
        .sort(),
    );
    for (const cmd of commandList()) expect(sub(cmd.name).options?.length ?? 0).toBe(cmd.params.length);
    expect(
      sub('quiz')
        .options!.find((o) => o.name === 'type')!
        .choices!.map((c) => c.value),
    ).toEqual(['mcq', 'open']);
    expect(sub('setup').options!.map((o) => o.name)).toContain('blind');
    for (const s of subcommands()) for (const o of s.options ?? []) expect(o.name).toMatch(/^[-_a-z0-9]{1,32}$/);
  });

  it('turns option values back into the text the core parses', () => {
    expect(
      commandText('quiz', [
        { name: 'type', value: 'open' },
        { name: 'category', value: 'security' },
      ]),
    ).toBe('quiz security open');
    expect(commandText('review', [{ name: 'nudge', value: 'on' }])).toBe('review nudge on');
    expect(
      commandText('setup', [
        { name: 'blind', value: '4h' },
        { name: 'cap', value: 3 },
      ]),
    ).toBe('setup blind=4h cap=3');
    expect(commandText('config', [{ name: 'points-answer', value: 12 }])).toBe('config points.answer=12');
    expect(
      commandText('suggest', [
        { name: 'question', value: 'Why pool connections?' },
        { name: 'category', value: 'databases' },
      ]),
    ).toBe('suggest databases: Why pool connections?');
    expect(commandText('stats', [{ name: 'member', value: '42' }])).toBe('stats <@42>');
  });
});

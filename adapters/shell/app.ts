import { createInterface } from 'node:readline';
import type { Dojo, Form, InboundEvent, Reply } from '../../src/core/index.js';
import { channelRef, reviewMessageAction, userRef, workspaceRef } from '../../src/core/index.js';
import { DEFAULT_USER, GRAMMAR_HELP, parseShellLine, type ShellLine } from './grammar.js';
import { ShellPort, type ShellState } from './port.js';
import { ansi, plain } from './render.js';
import type { SimClock } from './sim-clock.js';

export interface ShellAdapterConfig {
  dojo: Dojo;
  clock: SimClock;
  state: ShellState;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Interactive terminal: prompt and colours. Otherwise lines are echoed and output is plain. */
  interactive: boolean;
  /** Where the playground keeps its state, shown in the banner. */
  dbPath: string;
  /** The start-up mode line (which mode and why), shown in the banner. */
  mode?: string;
}

const PLATFORM = 'shell';
const WORKSPACE = workspaceRef('playground');
const CHANNEL = channelRef('#practice');

/** The terminal playground: one workspace, #practice, simulated members and a simulated clock. */
export function createShellAdapter(config: ShellAdapterConfig) {
  const { dojo, clock, state } = config;
  const style = config.interactive ? ansi : plain;
  const write = (text: string): void => {
    config.output.write(`${text}\n`);
  };
  const port = new ShellPort(write, state, style, () => clock.now());
  const forms = new Map<string, Form>();
  dojo.attach(PLATFORM, port);

  const actor = (name: string) => ({ ref: userRef(name), name, isBot: false, isPlatformAdmin: name === DEFAULT_USER });
  const base = (user: string) => ({
    platform: PLATFORM,
    workspace: WORKSPACE,
    workspaceName: 'Playground',
    channel: CHANNEL,
    channelName: 'practice',
    actor: actor(user),
  });

  const shorten = (s: string) => (s.length > 80 ? `${s.slice(0, 79).trimEnd()}…` : s);
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const saveClock = () => state.set('shell.clock', String(clock.now().getTime()));

  function deliver(user: string, reply: Reply): void {
    for (const m of reply.private) port.show({ channel: CHANNEL, to: user, message: m });
    if (reply.form?.inputs.some((i) => i.choices)) {
      forms.set(user, reply.form);
      showChecklistForm(user, reply.form);
    } else if (reply.form) {
      forms.set(user, reply.form);
      write(
        style.dim(
          `  (form "${reply.form.title}" is open for ${user}${reply.form.intro ? `: ${shorten(reply.form.intro)}` : ''} — answer with: as ${user} submit <text>)`,
        ),
      );
      const current = reply.form.inputs[0]?.value;
      if (current) write(style.dim(`  (it holds your current answer: ${shorten(current)})`));
    }
  }

  /** A form with a checklist: its intro in full (the numbered items), then how to submit it. */
  function showChecklistForm(user: string, form: Form): void {
    write(style.dim(`  (form "${form.title}" is open for ${user}:`));
    for (const line of (form.intro ?? '').split('\n')) write(style.dim(`  ${line.replace(/\*\*/g, '')}`));
    const example = form.inputs.map((i) => (i.choices ? '<numbers, e.g. 1,3>' : `<${i.label.toLowerCase()}>`)).join(' | ');
    const ticked = form.inputs.find((i) => i.choices)?.value;
    write(style.dim(`  answer with: as ${user} submit ${example}${ticked ? `; ticked now: ${ticked}` : ''})`));
  }

  /** What `submit` typed, by input: one input takes the whole text; several are separated by " | " in order. */
  function formValues(form: Form, text: string): Record<string, string> {
    if (form.inputs.length === 1) return { [form.inputs[0]!.id]: text };
    const parts = text.split('|');
    return Object.fromEntries(
      form.inputs.map((input, i) => [input.id, (i === form.inputs.length - 1 ? parts.slice(i).join('|') : (parts[i] ?? '')).trim()]),
    );
  }

  async function send(user: string, event: InboundEvent): Promise<void> {
    deliver(user, await dojo.handle(event));
    // What the command posted goes out before the next line is read, as it would in a chat.
    await dojo.drain();
  }

  async function moveClock(to: number): Promise<void> {
    // Step through every due moment on the way, so each post and close happens at its own time.
    for (let guard = 0; guard < 10_000; guard++) {
      const next = await dojo.nextDueAt();
      if (next === undefined || next > to) break;
      clock.set(Math.max(next, clock.now().getTime()));
      await dojo.tick();
      if ((await dojo.nextDueAt()) === next) break;
    }
    clock.set(to);
    await dojo.tick();
  }

  async function run(line: ShellLine): Promise<void> {
    const thread = port.currentThread(CHANNEL);
    switch (line.kind) {
      case 'empty':
        return;
      case 'help':
        write(GRAMMAR_HELP);
        return;
      case 'error':
        write(`! ${line.message}`);
        return;
      case 'quit':
        return;
      case 'clock': {
        const target =
          'relativeMs' in line.to
            ? clock.now().getTime() + line.to.relativeMs
            : Date.parse(/[Zz]|[+-]\d\d:?\d\d$/.test(line.to.absolute) ? line.to.absolute : `${line.to.absolute}Z`);
        if (Number.isNaN(target)) return write('! that is not a valid date-time');
        const nowMs = clock.now().getTime();
        if (target < nowMs) {
          // Only a fresh playground (nothing done since #practice was set up) may start in the past:
          // a script picks its start date first. Later, time only moves forward, as it does in chat.
          if (!state.get('shell.pristine'))
            return write(`! the clock only moves forward (it is ${stamp(nowMs)} UTC); use another DOJO_DB_PATH to start over`);
          await restartAt(target);
        } else {
          state.set('shell.pristine', '');
          await moveClock(target);
        }
        saveClock();
        write(style.dim(`  ⏱ ${stamp(clock.now().getTime())} UTC`));
        return;
      }
      case 'command':
        return send(line.user, { ...base(line.user), kind: 'command', text: line.text });
      case 'reply': {
        if (!thread) return write('! there is no question thread yet — try: /dojo ask');
        const ref = port.show({ channel: CHANNEL, thread, from: line.user, message: { text: line.text, hasUserText: true } });
        port.rememberAnswer(thread, line.user, ref);
        return send(line.user, { ...base(line.user), kind: 'reply-posted', thread, message: ref, text: line.text });
      }
      case 'edit':
      case 'delete': {
        const ref = thread && port.answerRef(thread, line.user);
        if (!ref) return write(`! ${line.user} has no reply in the current thread`);
        if (line.kind === 'edit') return send(line.user, { ...base(line.user), kind: 'reply-edited', message: ref, text: line.text });
        return send(line.user, { ...base(line.user), kind: 'reply-deleted', message: ref });
      }
      case 'vote':
      case 'unvote': {
        const ref = thread && port.answerRef(thread, line.author);
        if (!ref) return write(`! ${line.author} has no answer in the current thread`);
        return send(line.user, {
          ...base(line.user),
          kind: line.kind === 'vote' ? 'reaction-added' : 'reaction-removed',
          message: ref,
          emoji: '+1',
        });
      }
      case 'review': {
        const ref = thread && port.answerRef(thread, line.author);
        if (!ref) return write(`! ${line.author} has no answer in the current thread`);
        return send(line.user, { ...base(line.user), kind: 'button-pressed', actionId: reviewMessageAction(), message: ref });
      }
      case 'press': {
        const label = line.label.toLowerCase();
        const target = [...port.shown]
          .reverse()
          .find((s) => (!s.to || s.to === line.user) && s.message.buttons?.some((b) => b.label.toLowerCase() === label));
        if (!target) return write(`! no message shown to ${line.user} has a [${line.label}] button`);
        const button = target.message.buttons!.find((b) => b.label.toLowerCase() === label)!;
        return send(line.user, { ...base(line.user), kind: 'button-pressed', actionId: button.actionId, message: target.ref });
      }
      case 'submit': {
        const form = forms.get(line.user);
        if (!form) return write(`! no form is open for ${line.user} — press a button that opens one first`);
        forms.delete(line.user);
        return send(line.user, {
          ...base(line.user),
          kind: 'form-submitted',
          formId: form.formId,
          values: formValues(form, line.text),
        });
      }
      case 'home':
        return send(line.user, { ...base(line.user), kind: 'home-opened' });
    }
  }

  async function setUpPractice(): Promise<void> {
    write(style.dim('Setting up #practice with the default schedule…'));
    await send(DEFAULT_USER, { ...base(DEFAULT_USER), kind: 'command', text: 'setup' });
    state.set('shell.ready', '1');
    state.set('shell.pristine', '1');
  }

  /** A fresh playground moved into the past: #practice's schedule starts again from that moment. */
  async function restartAt(ms: number): Promise<void> {
    clock.set(ms);
    // resume restarts the schedule from now, so the slots between the new time and the set-up are posted.
    await dojo.handle({ ...base(DEFAULT_USER), kind: 'command', text: 'resume' });
    await dojo.tick();
  }

  /** Processes lines until end of input or `quit`; resolves (never exits the process) then. */
  async function start(): Promise<void> {
    saveClock();
    write(
      style.dim(
        `Interview Dojo playground · clock ${stamp(clock.now().getTime())} UTC · type help for the grammar, quit to leave · data in ${config.dbPath}`,
      ),
    );
    if (config.mode) write(style.dim(config.mode));
    // #practice exists from the start, so the first clock move across a slot posts its question.
    if (!state.get('shell.ready')) await setUpPractice();
    // On a terminal readline needs the output to show the prompt and echo what is typed.
    const rl = createInterface({
      input: config.input,
      ...(config.interactive ? { output: config.output } : {}),
      terminal: config.interactive,
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    if (config.interactive) {
      rl.setPrompt('dojo> ');
      rl.prompt();
    }
    for await (const raw of rl) {
      if (!config.interactive && raw.trim() && !raw.trim().startsWith('#')) write(`\n> ${raw.trim()}`);
      const line = parseShellLine(raw);
      if (line.kind === 'quit') break;
      try {
        if (line.kind !== 'empty' && line.kind !== 'clock' && line.kind !== 'help') state.set('shell.pristine', '');
        await run(line);
      } catch (err) {
        write(`! something went wrong: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (config.interactive) rl.prompt();
    }
    rl.close();
    saveClock();
  }

  return { start, port };
}

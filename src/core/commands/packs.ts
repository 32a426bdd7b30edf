import { DojoUserError, fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { defineCommand } from './command.js';

export const packs = defineCommand({
  name: 'packs',
  summary: 'List question packs, or switch one on or off.',
  admin: true,
  params: [
    { kind: 'choice', name: 'action', description: 'Switch a pack on or off', values: ['enable', 'disable'] },
    { kind: 'word', name: 'pack', description: 'The pack id', autocomplete: 'pack' },
  ],
  check(a) {
    const action = a.get('action');
    const id = a.get('pack');
    if (!action && !id) return ok(undefined);
    if (!action || !id) return fail('usage', 'Use /dojo packs, /dojo packs enable <pack> or /dojo packs disable <pack>.');
    return ok({ enable: action === 'enable', id });
  },
  async run(c, args) {
    const list = await c.ctx.db.content.listPacks(c.ws.id);
    if (args) {
      const pack = list.find((p) => p.id === args.id);
      if (!pack) throw new DojoUserError('unknown-pack', `There is no pack "${args.id}". Packs: ${list.map((p) => p.id).join(', ')}.`);
      await c.ctx.db.content.setPackEnabled(c.ws.id, pack.id, args.enable);
      return privately({ text: `Pack ${pack.id} ${args.enable ? 'enabled' : 'disabled'}.` });
    }
    return privately({
      title: 'Question packs',
      text:
        list
          .map(
            (p) =>
              `- \`${p.id}\` ${p.title} v${p.version} · ${p.questionCount} question${p.questionCount === 1 ? '' : 's'} · ${p.enabled ? 'enabled' : 'disabled'}`,
          )
          .join('\n') || 'No packs loaded.',
    });
  },
});

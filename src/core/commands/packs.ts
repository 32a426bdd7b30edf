import { DojoUserError, fail, ok } from '../errors.js';
import { privately } from '../messages.js';
import { defineCommand } from './command.js';

export const packs = defineCommand({
  name: 'packs',
  usage: '/dojo packs [enable|disable <pack>]',
  summary: 'List question packs, or switch one on or off.',
  admin: true,
  parse(args) {
    if (!args.length) return ok(undefined);
    const [verb, id] = args;
    if ((verb !== 'enable' && verb !== 'disable') || !id)
      return fail('usage', 'Use /dojo packs, /dojo packs enable <pack> or /dojo packs disable <pack>.');
    return ok({ enable: verb === 'enable', id });
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
          .map((p) => `- \`${p.id}\` ${p.title} v${p.version} · ${p.questionCount} questions · ${p.enabled ? 'enabled' : 'disabled'}`)
          .join('\n') || 'No packs loaded.',
    });
  },
});

import type { Command } from './command.js';
import { ask } from './ask.js';
import { challenge } from './challenge.js';
import { close } from './close.js';
import { config } from './config.js';
import { dashboard } from './dashboard.js';
import { exportCommand } from './export.js';
import { forgetMe } from './forget-me.js';
import { help } from './help.js';
import { packs } from './packs.js';
import { pause } from './pause.js';
import { quiz } from './quiz.js';
import { resume } from './resume.js';
import { review } from './review.js';
import { selfCheck } from './self-check.js';
import { setup } from './setup.js';
import { skip } from './skip.js';
import { stats } from './stats.js';
import { suggest } from './suggest.js';
import { suggestions } from './suggestions.js';
import { top } from './top.js';
import { voidAnswer } from './void.js';

/** Every subcommand, listed explicitly so none can be skipped silently; order is help order. */
const ALL = [
  help,
  quiz,
  review,
  challenge,
  top,
  stats,
  selfCheck,
  dashboard,
  suggest,
  exportCommand,
  forgetMe,
  setup,
  pause,
  resume,
  ask,
  close,
  skip,
  voidAnswer,
  packs,
  suggestions,
  config,
] as Command<any>[];

let byName: Map<string, Command<any>> | undefined;

/** Builds the name table once; a duplicate name or alias is a programming error. */
function table(): Map<string, Command<any>> {
  if (byName) return byName;
  const map = new Map<string, Command<any>>();
  for (const cmd of ALL) {
    for (const name of [cmd.name, ...(cmd.aliases ?? [])]) {
      if (map.has(name)) throw new Error(`duplicate /dojo command name: ${name}`);
      map.set(name, cmd);
    }
  }
  byName = map;
  return map;
}

export const commandList = (): readonly Command<any>[] => ALL;
export const findCommand = (name: string) => table().get(name.toLowerCase());
export const assertRegistry = () => void table();

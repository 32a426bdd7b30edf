// Run by `npm start` after the code is compiled: parses the shipped packs into dist/ (see
// src/content/compiled-packs.ts). Problems are reported when the bot loads them, as always.
import { COMPILED_PACKS, writeCompiledPacks } from '../content/compiled-packs.js';
import { DEFAULT_CONTENT_DIR } from '../content/load-packs.js';

const { packs } = writeCompiledPacks(DEFAULT_CONTENT_DIR, COMPILED_PACKS);
process.stdout.write(`compiled ${packs.length} content pack(s)\n`);

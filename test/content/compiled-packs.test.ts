import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentFingerprint, readCompiledPacks, writeCompiledPacks } from '../../src/content/compiled-packs.js';
import { DEFAULT_CONTENT_DIR, readPacks } from '../../src/content/load-packs.js';
import { tempDir } from '../support/temp-dir.js';

describe('content packs compiled ahead of start', () => {
  it('read back exactly what parsing the folder gives, and only for the folder state they were made from', () => {
    const file = join(tempDir('dojo-compiled-'), 'packs.json');
    writeCompiledPacks(DEFAULT_CONTENT_DIR, file);
    const fingerprint = contentFingerprint(DEFAULT_CONTENT_DIR);
    const compiled = readCompiledPacks(fingerprint, file);
    expect(compiled).toEqual(JSON.parse(JSON.stringify(readPacks(DEFAULT_CONTENT_DIR))));
    expect(compiled!.packs.flatMap((p) => p.questions)).toHaveLength(168);
    expect(readCompiledPacks(`${fingerprint}-changed`, file)).toBeUndefined();
    writeFileSync(file, '{"fingerprint": "torn');
    expect(readCompiledPacks(fingerprint, file)).toBeUndefined();
    expect(readCompiledPacks(fingerprint, join(tmpdir(), 'no-such-dojo-file.json'))).toBeUndefined();
  });
});

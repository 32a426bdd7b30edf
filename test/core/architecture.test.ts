import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = [
  /from ['"](\.\.\/)+storage\//,
  /from ['"].*adapters\//,
  /from ['"]@slack\//,
  /from ['"]discord\.js['"]/,
  /from ['"]better-sqlite3['"]/,
  /from ['"]node-cron['"]/,
  /from ['"]drizzle-orm/,
  /from ['"]node:(fs|net|http|child_process)['"]/,
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('dependency direction', () => {
  it('the core imports no storage, adapter, platform, database, scheduler or I/O module', () => {
    const offenders = files('src/core').flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((line) => FORBIDDEN.some((re) => re.test(line)))
        .map((line) => `${f}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the core knows no SQL and nothing of the engine’s locking: no savepoints, lock waits, busy errors or commit batching', () => {
    const ENGINE = [
      /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|PRAGMA|BEGIN|COMMIT|SAVEPOINT)\b/,
      /savepoint|StoreBusyError|busy_timeout|commitBatcher|\bwait: (true|false)\b/i,
    ];
    const offenders = files('src/core')
      .filter((f) => !f.includes('/content/'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .filter((line) => ENGINE.some((re) => re.test(line)))
          .map((line) => `${f}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it('adapters import the core only through its public index', () => {
    const offenders = ['adapters/shell', 'adapters/slack', 'adapters/discord', 'adapters/shared'].flatMap((dir) =>
      files(dir).flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .filter((line) => /from ['"](\.\.\/)+src\/(core\/(?!index\.js)|storage)/.test(line))
          .map((line) => `${f}: ${line.trim()}`),
      ),
    );
    expect(offenders).toEqual([]);
  });
});

import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { round, tmpFile } from './lib.js';

export interface StartResult {
  readyMs: number;
  idleRssMb: number;
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** What `npm start` runs before the bot: strip types into dist/, then compile the content packs. */
export const transpile = () => {
  execFileSync(process.execPath, ['src/tools/transpile.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/src/tools/compile-content.js'], { stdio: 'ignore' });
};

/**
 * Starts the bot the way `npm start` runs it (compiled JavaScript), waits for the line that says
 * it is ready, samples resident memory after a moment of idleness, then stops it.
 */
export function measureStart(env: Record<string, string>, readyPattern: RegExp, stream: 'stdout' | 'stderr'): Promise<StartResult> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/src/main.js'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DOJO_DB_PATH: tmpFile('start.sqlite'), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let seen = '';
    let readyMs = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready in 20 s: ${seen.slice(-500)}`));
    }, 20_000);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (!readyMs && readyPattern.test(seen)) {
        readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
        setTimeout(() => {
          const idleRssMb = rssMb(child.pid!);
          clearTimeout(timer);
          child.once('exit', () => resolve({ readyMs: round(readyMs, 0), idleRssMb: round(idleRssMb, 1) }));
          child.stdin.end();
          child.kill('SIGTERM');
        }, 1_000);
      }
    };
    child[stream].on('data', onData);
    child[stream === 'stdout' ? 'stderr' : 'stdout'].on('data', (d: Buffer) => (seen += d.toString()));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  transpile();
  console.log('playground', await measureStart({ LOG_LEVEL: 'warn' }, /Interview Dojo playground/, 'stdout'));
}

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/**
 * Pipes a script into the real entry point (no platform variables: the terminal playground),
 * reads stdout and stderr to the end, and kills the child if it runs past 60 s.
 */
export function play(
  script: string,
  env: Record<string, string>,
  opts: { cwd?: string } = {},
): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    // In the repository folder, empty platform tokens win over a developer's own .env, so the child
    // is the playground; `cwd` runs it in a test's own folder, whose .env it then reads as it is.
    const noTokens = opts.cwd ? {} : { SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' };
    const child = spawn(process.execPath, ['--import', TSX, MAIN], {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...noTokens, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`playground did not finish within 60 s\n${out}\n${err}`));
    }, 60_000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ out, err, code });
    });
    child.stdin.end(script);
  });
}

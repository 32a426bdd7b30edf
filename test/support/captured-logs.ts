import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.js';

/** The app's real logger (redaction included) writing to memory: each JSON line parsed into `logs`. */
export function capturedLogs(level = 'debug'): { log: ReturnType<typeof createLogger>; logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger(level, sink), logs };
}

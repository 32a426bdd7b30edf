import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface IdleCollectorOptions {
  /** How often the process looks at its own load. */
  intervalMs?: number;
  /** Event-loop utilisation under which an interval counts as quiet. */
  quietBelow?: number;
  /** Heap growth since the last collection that makes one worth it. */
  minGrowthBytes?: number;
  /** Told what each collection freed (operators see it at debug level). */
  onCollect?: (freedBytes: number) => void;
}

/**
 * After a burst of work, one full garbage collection once the process goes quiet. V8 collects
 * when JavaScript allocates, so garbage left by a burst (200 requests in flight) stays in the
 * heap, and in resident memory, until the next burst; collected while nothing else runs, it is
 * released at once. Bench row 9 measures resident memory after such a burst.
 */
export function startIdleCollector({
  intervalMs = 500,
  quietBelow = 0.05,
  minGrowthBytes = 16 * 2 ** 20,
  onCollect,
}: IdleCollectorOptions = {}): () => void {
  const gc = exposedGc();
  if (!gc) return () => undefined;
  const collect = () => {
    const used = process.memoryUsage().heapUsed;
    // The first collection frees the burst's objects; the second returns the pages and young
    // generation space that freed (measured: 50 MB of growth left after one, 2–9 MB after two).
    gc();
    gc();
    baseline = process.memoryUsage().heapUsed;
    onCollect?.(used - baseline);
  };
  let baseline = 0;
  // What loading the app left behind (parsed modules and content) goes at once: the process starts idle.
  collect();
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    const used = process.memoryUsage().heapUsed;
    if (busy < quietBelow && used - baseline > minGrowthBytes) collect();
    else if (used < baseline) baseline = used;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** V8's collector as a function; node starts without it unless given --expose-gc. */
function exposedGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

import type { Clock } from '../../src/core/index.js';

/** The playground's hand-moved clock. */
export class SimClock implements Clock {
  constructor(private ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  set(ms: number): void {
    this.ms = ms;
  }
  get ms_(): number {
    return this.ms;
  }
}

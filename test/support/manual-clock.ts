/** A clock for the agent's tests: time moves only when the test says, timers fire in order. */
import type { Clock, Timer } from '../../reconciler/agent/clock.js';

interface Pending { readonly at: number; readonly f: () => void; cancelled: boolean }

/** Lets promises started by a timer (a probe, a job) run to their next wait. */
export const settle = async (): Promise<void> => { for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); };

export class ManualClock implements Clock {
  private t: number;
  private timers: Pending[] = [];

  constructor(start = Date.parse('2030-01-02T03:04:05Z')) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  after(ms: number, f: () => void): Timer {
    const p: Pending = { at: this.t + ms, f, cancelled: false };
    this.timers.push(p);
    return { cancel: () => { p.cancelled = true; } };
  }

  /** Timers still to fire. */
  get pending(): number {
    return this.timers.filter((p) => !p.cancelled).length;
  }

  /** Moves time forward by `ms`, firing each timer due on the way (and what it starts) in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((p) => !p.cancelled && p.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.cancelled = true;
      this.t = due.at;
      due.f();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

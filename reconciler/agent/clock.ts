/** The agent's time and timers, passed in so its rules can be run in a test without waiting. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `f` once after `ms`. */
  after(ms: number, f: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, f) {
    const t = setTimeout(f, ms);
    return { cancel: () => clearTimeout(t) };
  },
};

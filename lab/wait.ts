/** Waiting on a condition, polled, with a deadline: never a fixed sleep. */
import { LabError } from './errors.js';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Stop waiting (Aborted) when this is aborted, e.g. on Ctrl-C. */
  readonly signal?: AbortSignal;
}

/** Aborted when `signal` is: the caller takes down what it made. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LabError('Aborted', 'interrupted', {});
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `test` until it returns a truthy value, which is returned; Timeout after the deadline. */
export async function waitFor<T>(what: string, test: () => T | Promise<T>, opts: WaitOptions): Promise<NonNullable<T>> {
  const deadline = performance.now() + opts.timeoutMs;
  let last: unknown;
  for (;;) {
    throwIfAborted(opts.signal);
    try {
      const v = await test();
      if (v) return v as NonNullable<T>;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (performance.now() >= deadline) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new LabError('Timeout', `timed out after ${opts.timeoutMs} ms waiting for ${what}${why}`, { what, timeoutMs: opts.timeoutMs });
    }
    await sleep(opts.intervalMs ?? 50);
  }
}

/**
 * When the next scheduled reconcile runs: after the interval, or at the cron expression's next
 * time, plus a random jitter so routers do not poll in step. The `cron` package (and luxon,
 * ~6 MB resident) is loaded only when a config asks for a cron expression. Time is an argument.
 */
import type { AgentConfig } from '../agent-config.js';

/** Milliseconds from `now` (ms since the epoch) until the expression's next time (UTC, as cron's own scheduler). */
export type CronNext = (expression: string, now: number) => number;

export async function loadCronNext(): Promise<CronNext> {
  const { CronTime } = await import('cron');
  return (expression, now) => new CronTime(expression).getNextDateFrom(new Date(now), 'UTC').toMillis() - now;
}

/** Delay before the next run; `random` in [0, 1). Without `cronNext` yet, the interval is used. */
export function scheduleDelay(s: AgentConfig['schedule'], random: number, now: number, cronNext?: CronNext): number {
  const jitter = Math.floor(random * s.jitterMs);
  if (s.cron && cronNext) return Math.max(0, cronNext(s.cron, now)) + jitter;
  return s.intervalMs + jitter;
}

/**
 * When the next scheduled reconcile runs: after the interval, or at the cron expression's next
 * time, plus a random jitter so routers do not poll in step. The `cron` package (and luxon,
 * ~6 MB resident) is loaded only when a config asks for a cron expression.
 */
import type { AgentConfig } from './config.js';

/** Milliseconds from now until the expression's next time. */
export type CronNext = (expression: string) => number;

export async function loadCronNext(): Promise<CronNext> {
  const { CronTime } = await import('cron');
  return (expression) => new CronTime(expression).sendAt().toMillis() - Date.now();
}

/** Delay before the next run; `random` in [0, 1). Without `cronNext` yet, the interval is used. */
export function scheduleDelay(s: AgentConfig['schedule'], random: number, cronNext?: CronNext): number {
  const jitter = Math.floor(random * s.jitterMs);
  if (s.cron && cronNext) return Math.max(0, cronNext(s.cron)) + jitter;
  return s.intervalMs + jitter;
}

/**
 * The agent's work, one job at a time: reconciles and self-rollbacks never overlap. A rollback
 * goes first; one queued reconcile is enough (it reads the tip and the router as they are when
 * it runs). A job that throws is logged and the queue moves on. After `stop`, nothing new starts
 * and the job in progress is waited for.
 */
import type { Logger } from '../log.js';
import type { ConfirmWatch } from './confirm.js';

export type Job =
  | { readonly kind: 'reconcile'; readonly reason: string }
  | { readonly kind: 'rollback'; readonly watch: ConfirmWatch; readonly lostForMs: number };

export class JobQueue {
  private readonly queue: Job[] = [];
  private draining: Promise<void> | undefined;
  private stopping = false;

  /** `idle` runs each time the queue empties (the agent schedules the next tick then). */
  constructor(private readonly run: (job: Job) => Promise<void>, private readonly idle: () => void, private readonly log: Logger) {}

  enqueue(job: Job): void {
    if (this.stopping) return;
    if (job.kind === 'rollback') this.queue.unshift(job);
    else if (!this.queue.some((j) => j.kind === 'reconcile')) this.queue.push(job);
    if (!this.draining) this.draining = this.drain().finally(() => { this.draining = undefined; if (!this.stopping) this.idle(); });
  }

  /** Jobs waiting (not the one running). */
  get waiting(): readonly Job[] {
    return this.queue;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.draining;
  }

  private async drain(): Promise<void> {
    for (let job = this.queue.shift(); job && !this.stopping; job = this.queue.shift()) {
      try {
        await this.run(job);
      } catch (e) {
        this.log.log('error', job.kind === 'reconcile' ? 'reconcile-crashed' : 'self-rollback-failed', { error: e as Error });
      }
    }
  }
}

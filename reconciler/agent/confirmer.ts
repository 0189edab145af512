/**
 * Commit-confirmed over time: probes the router every `every` ms while a watch is on, applies
 * the rule (confirm.ts) to each reading, and hands a lost router to `rollBack`. One watch at a
 * time: a newer apply replaces the watch, and a reading taken for the old one is dropped.
 */
import type { Logger } from '../log.js';
import type { Clock, Timer } from './clock.js';
import { type ConfirmWatch, judge, type Reading } from './confirm.js';

export interface ConfirmerOptions {
  readonly clock: Clock;
  readonly log: Logger;
  /** Read at each probe: a reloaded config applies to the watch in progress. */
  readonly windowMs: () => number;
  readonly everyMs: () => number;
  readonly probe: (w: ConfirmWatch) => Promise<Reading>;
  readonly rollBack: (w: ConfirmWatch, lostForMs: number) => void;
}

export class Confirmer {
  private current: ConfirmWatch | undefined;
  private timer: Timer | undefined;
  private stopped = false;

  constructor(private readonly o: ConfirmerOptions) {}

  /** The watch in progress, if any. */
  get watching(): ConfirmWatch | undefined {
    return this.current;
  }

  watch(w: ConfirmWatch): void {
    this.current = w;
    this.o.log.log('info', 'confirm-watch', { commit: w.commit, peers: w.peers, windowMs: this.o.windowMs() });
    this.next();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private next(): void {
    this.timer?.cancel();
    if (this.stopped || !this.current) return;
    this.timer = this.o.clock.after(this.o.everyMs(), () => {
      this.probeOnce().catch((e) => this.o.log.log('error', 'confirm-probe-crashed', { error: e as Error }));
    });
  }

  private async probeOnce(): Promise<void> {
    const w = this.current;
    if (!w || this.stopped) return;
    const reading = await this.o.probe(w);
    if (this.current !== w || this.stopped) return;
    const now = this.o.clock.now();
    const v = judge(w, reading, now, this.o.windowMs());
    switch (v.kind) {
      case 'confirmed':
        this.current = undefined;
        this.o.log.log('info', 'confirmed', { commit: w.commit });
        return;
      case 'rollBack':
        this.current = undefined;
        this.o.rollBack(w, v.lostForMs);
        return;
      case 'watching':
        this.current = v.watch;
        if (v.evidence === 'lost') this.o.log.log('warn', 'confirm-lost', { commit: w.commit, remote: false, peersUp: reading.peers, forMs: now - (v.watch.lostSince ?? now) });
        this.next();
    }
  }
}

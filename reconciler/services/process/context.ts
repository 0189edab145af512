/** What every process-flavour driver works with. */
import type { Host } from '../../host.js';
import type { ProcessTable } from '../procs.js';
import type { DaemonName, DaemonStatus } from '../types.js';

export interface ProcessContext {
  readonly host: Host;
  readonly procs: ProcessTable;
  readonly startTimeoutMs: number;
  readonly stopTimeoutMs: number;
}

/** One daemon under the process flavour. */
export interface DaemonDriver {
  readonly name: DaemonName;
  start(): Promise<void>;
  stop(): Promise<void>;
  reload(): Promise<void>;
  status(): Promise<DaemonStatus>;
}

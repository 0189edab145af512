/**
 * ServiceManager: start, stop, reload, restart and observe the daemons dlan drives. Two flavours:
 * `systemdServices` (real routers: systemctl and Debian's units) and `processServices` (hosts
 * without systemd — containers, the lab: dlan starts the daemons itself with per-instance pid
 * files and watches them by PID, never by name).
 *
 * Contract, both flavours: `start` and `stop` are idempotent; `reload` applies the daemon's
 * changed configuration with the least disruption that works (nginx: new workers, connections
 * kept; FRR: incremental, adjacencies kept; dnsmasq: restart, as SIGHUP does not re-read its
 * config; wireguard: nothing — peers are synced with `wg syncconf` by apply) and starts a daemon
 * that is not running; every failure throws a ServiceError. Config checks before writing are
 * reconciler/check's (the daemons' own checkers on candidate files).
 */
import { DlanError, type ErrorKind } from '../../model/errors.js';

import type { DaemonName, DaemonStatus } from '../plan/live-state.js';

export { DAEMONS, isDaemon, type DaemonName, type DaemonPart, type DaemonStatus } from '../plan/live-state.js';

export interface ServiceManager {
  readonly flavour: 'systemd' | 'process';
  start(name: DaemonName): Promise<void>;
  stop(name: DaemonName): Promise<void>;
  reload(name: DaemonName): Promise<void>;
  restart(name: DaemonName): Promise<void>;
  status(name: DaemonName): Promise<DaemonStatus>;
  isRunning(name: DaemonName): Promise<boolean>;
}

export type ServiceErrorCode =
  | 'StartFailed'   // the command failed, or the daemon died or never became ready before the deadline
  | 'StopFailed'    // still alive after SIGTERM, the deadline and SIGKILL
  | 'ReloadFailed'
  | 'Unsupported';  // e.g. FRR's compile-time paths under a host rooted elsewhere than /

export type ServiceErrorData = {
  readonly daemon: DaemonName;
  readonly cmd?: string;
  readonly pid?: number;
  /** End of the command's stderr or of the daemon's log (never a secret: daemons do not log keys). */
  readonly output?: string;
};

/** Unsupported is Stalled (a setup to change); a daemon failing to start, stop or reload is Transient. */
export class ServiceError extends DlanError {
  readonly kind: ErrorKind;
  declare readonly code: ServiceErrorCode;
  declare readonly data: ServiceErrorData;
  constructor(code: ServiceErrorCode, message: string, data: ServiceErrorData) {
    super(code, message, data);
    this.kind = code === 'Unsupported' ? 'Stalled' : 'Transient';
  }
}

/** The process-supervising ServiceManager (hosts without systemd: containers, the lab). */
import type { Host } from '../../host.js';
import { localProcesses, type ProcessTable } from '../procs.js';
import type { DaemonName, DaemonStatus, ServiceManager } from '../types.js';
import type { DaemonDriver, ProcessContext } from './context.js';
import { dnsmasqDriver } from './dnsmasq.js';
import { frrDriver } from './frr.js';
import { nginxDriver } from './nginx.js';
import { wireguardDriver } from './wireguard.js';

export interface ProcessServicesOptions {
  readonly host: Host;
  /** Default: this machine's /proc and kill(2) (PIDs are shared with nsenter'd commands). */
  readonly procs?: ProcessTable;
  /** Logical directory for the pid files and logs of nginx, dnsmasq and wireguard-go. Default /run/dlan. */
  readonly runDir?: string;
  /** Logical paths of the configs the daemons are started with. */
  readonly nginxConfig?: string;   // default /etc/nginx/nginx.conf
  readonly dnsmasqConfig?: string; // default /etc/dnsmasq.d/dlan.conf
  readonly wireguardIfname?: string; // default wg-dlan
  /** FRR pathspace (-N): /etc/frr/NAME, /var/run/frr/NAME. Default none. */
  readonly frrPathspace?: string;
  readonly startTimeoutMs?: number; // default 15 s
  readonly stopTimeoutMs?: number;  // default 10 s, then SIGKILL
}

export function processServices(o: ProcessServicesOptions): ServiceManager {
  const ctx: ProcessContext = {
    host: o.host, procs: o.procs ?? localProcesses(),
    startTimeoutMs: o.startTimeoutMs ?? 15_000, stopTimeoutMs: o.stopTimeoutMs ?? 10_000,
  };
  const runDir = o.runDir ?? '/run/dlan';
  const drivers: Record<DaemonName, DaemonDriver> = {
    nginx: nginxDriver(ctx, { config: o.nginxConfig ?? '/etc/nginx/nginx.conf', runDir }),
    dnsmasq: dnsmasqDriver(ctx, { config: o.dnsmasqConfig ?? '/etc/dnsmasq.d/dlan.conf', runDir }),
    frr: frrDriver(ctx, o.frrPathspace ? { pathspace: o.frrPathspace } : {}),
    wireguard: wireguardDriver(ctx, { ifname: o.wireguardIfname ?? 'wg-dlan', runDir }),
  };
  return {
    flavour: 'process',
    start: (n) => drivers[n].start(),
    stop: (n) => drivers[n].stop(),
    reload: (n) => drivers[n].reload(),
    async restart(n) {
      await drivers[n].stop();
      await drivers[n].start();
    },
    status: (n): Promise<DaemonStatus> => drivers[n].status(),
    isRunning: async (n) => (await drivers[n].status()).running,
  };
}

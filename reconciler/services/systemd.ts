/**
 * The systemd ServiceManager (real routers): Debian's units `nginx.service`, `dnsmasq.service`,
 * `frr.service`. Reload is `systemctl reload-or-restart` for nginx (ExecReload: `nginx -s reload`)
 * and FRR (ExecReload: `frrinit.sh reload`, i.e. frr-reload.py), which also starts a stopped
 * unit; dnsmasq is restarted (its ExecReload is SIGHUP, which does not re-read the config).
 * WireGuard: with the kernel module (`wireguardUnit: null`) there is no daemon — the interface is
 * kernel state that apply creates, so start/stop/reload do nothing and "running" means the link
 * exists; with wireguard-go, a template unit running `wireguard-go -f %i` (default name
 * `dlan-wireguard-go@<if>.service`, shipped in systemd/).
 */
import type { Host } from '../host.js';
import { ServiceError, type DaemonName, type DaemonStatus, type ServiceManager } from './types.js';

export interface SystemdServicesOptions {
  readonly host: Host;
  /** Unit names; defaults are Debian's. */
  readonly units?: Partial<Record<Exclude<DaemonName, 'wireguard'>, string>>;
  readonly wireguardIfname?: string; // default wg-dlan
  /** The unit running wireguard-go, or null for kernel WireGuard. Default `dlan-wireguard-go@<if>.service`. */
  readonly wireguardUnit?: string | null;
}

/** `systemctl show` output (Key=Value lines) → a status. Pure. */
export function parseSystemctlShow(name: DaemonName, text: string): DaemonStatus {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) kv.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  const active = kv.get('ActiveState') ?? 'unknown';
  const sub = kv.get('SubState') ?? 'unknown';
  const load = kv.get('LoadState');
  const pid = Number(kv.get('MainPID') ?? '0');
  const running = active === 'active' || active === 'reloading';
  return {
    name, running, ...(running && pid > 0 ? { pid } : {}),
    detail: `${active}/${sub}${load && load !== 'loaded' ? ` (${load})` : ''}`,
    sameRoot: true,
  };
}

export function systemdServices(o: SystemdServicesOptions): ServiceManager {
  const h = o.host;
  const ifname = o.wireguardIfname ?? 'wg-dlan';
  const wgUnit = o.wireguardUnit === undefined ? `dlan-wireguard-go@${ifname}.service` : o.wireguardUnit;
  const unit = (n: DaemonName): string | null =>
    n === 'wireguard' ? wgUnit : (o.units?.[n] ?? `${n}.service`);

  const systemctl = async (n: DaemonName, code: 'StartFailed' | 'StopFailed' | 'ReloadFailed', verb: string): Promise<void> => {
    const u = unit(n);
    if (u === null) return; // kernel WireGuard: nothing to run
    const r = await h.run('systemctl', [verb, u]);
    if (r.code !== 0) {
      const output = r.stderr.trim();
      throw new ServiceError(code, `systemctl ${verb} ${u}: ${output.split('\n')[0] ?? `exit code ${r.code}`}`, { daemon: n, cmd: `systemctl ${verb} ${u}`, output });
    }
  };

  const status = async (n: DaemonName): Promise<DaemonStatus> => {
    const u = unit(n);
    if (u === null) {
      const r = await h.run('ip', ['link', 'show', 'dev', ifname]);
      return { name: n, running: r.code === 0, detail: r.code === 0 ? 'kernel link' : 'no link' };
    }
    const r = await h.run('systemctl', ['show', '--property=LoadState,ActiveState,SubState,MainPID', u], { check: true });
    return parseSystemctlShow(n, r.stdout);
  };

  return {
    flavour: 'systemd',
    start: (n) => systemctl(n, 'StartFailed', 'start'),
    stop: (n) => systemctl(n, 'StopFailed', 'stop'),
    restart: (n) => systemctl(n, 'StartFailed', 'restart'),
    reload: (n) => {
      if (n === 'dnsmasq') return systemctl(n, 'ReloadFailed', 'restart');
      if (n === 'wireguard') return systemctl(n, 'ReloadFailed', 'start');
      return systemctl(n, 'ReloadFailed', 'reload-or-restart');
    },
    status,
    isRunning: async (n) => (await status(n)).running,
  };
}

/**
 * The programs the lab runs, and the Debian package of each, so that a missing one is named
 * with the `apt-get install` that fixes it before anything is made.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { LabError } from './errors.js';

/** Program → Debian package. The physical lab needs these; the routers' daemons are below. */
export const labPrograms: Readonly<Record<string, string>> = {
  ip: 'iproute2', ss: 'iproute2', nsenter: 'util-linux', unshare: 'util-linux', mount: 'mount',
  nft: 'nftables', sysctl: 'procps', git: 'git', 'ssh-keygen': 'openssh-client', dhclient: 'isc-dhcp-client',
};

/** What `dlan agent` starts in a router node (an absolute path is a file that must exist). */
export const routerPrograms: Readonly<Record<string, string>> = {
  'wireguard-go': 'wireguard-go', wg: 'wireguard-tools', dnsmasq: 'dnsmasq', nginx: 'nginx',
  '/usr/lib/nginx/modules/ngx_stream_module.so': 'libnginx-mod-stream',
  '/usr/lib/frr/frrinit.sh': 'frr', '/usr/lib/frr/frr-reload.py': 'frr-pythontools',
};

/** What the demo runs in the servers besides (pings by name). */
export const demoPrograms: Readonly<Record<string, string>> = { ping: 'iputils-ping' };

function found(program: string, path: string): boolean {
  const candidates = program.startsWith('/') ? [program] : [...path.split(':'), '/usr/sbin', '/sbin'].filter(Boolean).map((d) => join(d, program));
  return candidates.some((c) => {
    try {
      accessSync(c, program.startsWith('/') ? constants.F_OK : constants.X_OK);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR') return false; // try the next folder
      throw e;
    }
  });
}

/** Throws MissingPrograms naming the packages to install, if any program is missing. */
export function checkPrograms(programs: Readonly<Record<string, string>>, path = process.env.PATH ?? ''): void {
  const missing = Object.entries(programs).filter(([p]) => !found(p, path));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map(([, pkg]) => pkg))].sort();
  throw new LabError('MissingPrograms', `missing ${missing.map(([p]) => p).join(', ')}: apt-get install --no-install-recommends ${packages.join(' ')}`,
    { programs: missing.map(([p]) => p), packages });
}

/** Whether this machine can run the lab: root, and every program there; else what is missing, as people read it. */
export function labReadiness(uid: number | undefined, programs: Readonly<Record<string, string>>, path = process.env.PATH ?? ''): { readonly ready: boolean; readonly missing: readonly string[] } {
  const missing: string[] = [];
  if (uid !== 0) missing.push('root (network and mount namespaces): run it with sudo, or as root');
  try {
    checkPrograms(programs, path);
  } catch (e) {
    if (!(e instanceof LabError) || e.code !== 'MissingPrograms') throw e;
    missing.push(`${(e.data.programs as string[]).join(', ')}: ${e.message.slice(e.message.indexOf('apt-get'))}`);
  }
  return { ready: missing.length === 0, missing };
}

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

/** What `dlan agent` starts in a router node. */
export const routerPrograms: Readonly<Record<string, string>> = {
  'wireguard-go': 'wireguard-go', wg: 'wireguard-tools', dnsmasq: 'dnsmasq', nginx: 'nginx',
  '/usr/lib/frr/frrinit.sh': 'frr', '/usr/lib/frr/frr-reload.py': 'frr-pythontools',
};

function found(program: string, path: string): boolean {
  const candidates = program.startsWith('/') ? [program] : [...path.split(':'), '/usr/sbin', '/sbin'].filter(Boolean).map((d) => join(d, program));
  return candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
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

/**
 * Distro defaults that fight dlan: Debian's nginx default site on a port a forward needs, an
 * nftables.service whose config starts with `flush ruleset` (it wipes dlan's table whenever it
 * runs), and FRR's daemons file, a conffile of the frr package with OSPF and BFD off.
 */
import { error, type Finding, ok, warning } from '../finding.js';
import { flushesRuleset, nginxListenPorts } from '../parse-distro.js';
import type { DoctorSystem } from '../system.js';
import type { DoctorTarget } from '../target.js';

/** Whether a unit is enabled: a link to it in one of /etc/systemd/system/*.wants (what `systemctl enable` makes). */
export async function unitEnabled(sys: DoctorSystem, unit: string): Promise<boolean> {
  const dir = '/etc/systemd/system';
  for (const d of (await sys.list(dir)) ?? []) {
    if (d.endsWith('.wants') && ((await sys.list(`${dir}/${d}`)) ?? []).includes(unit)) return true;
  }
  return false;
}

/** Whether systemd is the init here (sd_booted(3): /run/systemd/system exists); else no unit starts by itself. */
export const systemdRuns = async (sys: DoctorSystem): Promise<boolean> => (await sys.host.stat('/run/systemd/system')) !== undefined;

const DEFAULT_SITE = '/etc/nginx/sites-enabled/default';

export async function checkNginxDefaultSite(sys: DoctorSystem, t: DoctorTarget): Promise<Finding[]> {
  const id = 'nginx:default-site';
  const text = await sys.host.readFile(DEFAULT_SITE);
  if (text === undefined) return [ok(id, `${DEFAULT_SITE} is not enabled`)];
  const ports = nginxListenPorts(text);
  const forwards = t.router?.slice.forwards.filter((f) => f.protocol === 'tcp' && ports.includes(f.port)) ?? [];
  const fix = `rm ${DEFAULT_SITE} && systemctl reload nginx (or systemctl disable --now nginx: dlan runs its own nginx)`;
  if (forwards.length > 0) {
    const what = `Debian's default nginx site (${DEFAULT_SITE}) listens on ${ports.join(', ')}, which the forward${forwards.length > 1 ? 's' : ''} ${forwards.map((f) => `${f.service} (tcp/${f.port})`).join(', ')} need${forwards.length > 1 ? '' : 's'}`;
    // Only Debian's nginx.service reads it (dlan's nginx has its own config).
    if (await systemdRuns(sys) && !(await unitEnabled(sys, 'nginx.service'))) return [ok(id, `${DEFAULT_SITE} is enabled, but nginx.service (the only nginx that reads it) is not`)];
    if (!(await systemdRuns(sys))) return [warning(id, `${what}, should Debian's nginx.service run (systemd does not run here)`, fix)];
    return [error(id, what, fix)];
  }
  if (!t.router) return [warning(id, `Debian's default nginx site (${DEFAULT_SITE}) listens on ${ports.join(', ')}: a forward on one of those ports would not start`, fix)];
  return [ok(id, `${DEFAULT_SITE} listens on ${ports.join(', ')}; no forward of this router needs ${ports.length > 1 ? 'them' : 'it'}`)];
}

const NFT_CONF = '/etc/nftables.conf';

export async function checkNftablesService(sys: DoctorSystem): Promise<Finding[]> {
  const id = 'nftables:flush';
  const text = await sys.host.readFile(NFT_CONF);
  if (text === undefined || !flushesRuleset(text)) return [ok(id, `${NFT_CONF} does not flush the whole ruleset`)];
  if (!(await unitEnabled(sys, 'nftables.service'))) return [ok(id, `${NFT_CONF} flushes the ruleset, but nftables.service is not enabled`)];
  return [warning(id, `nftables.service is enabled and ${NFT_CONF} starts with \`flush ruleset\`: whenever it runs (a restart, a boot after dlan) it deletes dlan's table inet dlan until the next reconcile`,
    `in ${NFT_CONF}, replace \`flush ruleset\` by deleting only your own tables (e.g. \`table inet filter\` then \`delete table inet filter\` before redefining it), or systemctl disable nftables if you keep no rules of your own`)];
}

const DAEMONS = '/etc/frr/daemons';
const DLAN_BANNER = 'rendered by dlan';

export async function checkFrrDaemonsFile(sys: DoctorSystem): Promise<Finding[]> {
  const id = 'frr:daemons-file';
  const text = await sys.host.readFile(DAEMONS);
  if (text === undefined) return [warning(id, `${DAEMONS} is missing`, 'apt install frr (dlan writes the file, but the package provides the rest of /etc/frr)')];
  if (text.includes(DLAN_BANNER)) return [ok(id, `${DAEMONS} is dlan's (ospfd, ospf6d, bfdd on)`)];
  const on = (d: string) => new RegExp(`^\\s*${d}=(yes|"yes")\\s*$`, 'm').test(text);
  const off = ['ospfd', 'ospf6d', 'bfdd'].filter((d) => !on(d));
  if (off.length === 0) return [ok(id, `${DAEMONS} enables ospfd, ospf6d and bfdd`)];
  return [warning(id, `${DAEMONS} has ${off.join(', ')} off (the frr package's default); dlan replaces this conffile at its first apply, and an frr upgrade will ask about it`,
    `nothing before the first apply; on frr upgrades keep the installed version (dpkg's N), or set ${off.map((d) => `${d}=yes`).join(' ')} in ${DAEMONS} now`)];
}

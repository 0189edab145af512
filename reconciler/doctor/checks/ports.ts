/**
 * The ports dlan's daemons bind are free, or held by dlan's own processes (a running agent's
 * daemons, or kernel WireGuard's socket on the port of dlan's interface). A program of the distro
 * on one of them (Debian's dnsmasq.service, nginx's default site, another DHCP server) makes the
 * daemon fail to start. Listening sockets come from `ss -H -lnptu`, which names the processes
 * it may see: a daemon that dropped to its own user (dnsmasq) is hidden from a root without
 * CAP_SYS_PTRACE (the agent's unit), so a socket without a visible owner on the port of a dlan
 * daemon that runs is taken to be that daemon's.
 */
import { WG_IFNAME } from '../../../renderers/wireguard.js';
import { error, type Finding, ok, warning } from '../finding.js';
import { ANY, type Listener, parseSs } from '../parse-ss.js';
import type { DoctorSystem } from '../system.js';
import { type DoctorTarget, neededPorts, type PortNeed } from '../target.js';

/** Distro services known to sit on dlan's ports, and how to move them off. */
const STOP: Readonly<Record<string, string>> = {
  dnsmasq: 'systemctl disable --now dnsmasq (dlan runs its own dnsmasq with its own config; dnsmasq-base is enough)',
  nginx: 'systemctl disable --now nginx, or rm /etc/nginx/sites-enabled/default (dlan runs its own nginx with its own config)',
  'systemd-resolve': 'set DNSStubListener=no in /etc/systemd/resolved.conf, then systemctl restart systemd-resolved',
  dhcpd: 'systemctl disable --now isc-dhcp-server (dnsmasq is the LAN\'s DHCP server)',
  'apache2': 'systemctl disable --now apache2',
};

const collides = (need: PortNeed, l: Listener): boolean =>
  l.protocol === need.protocol && l.port === need.port && (l.address === ANY || need.addresses.includes(ANY) || need.addresses.includes(l.address));

export async function checkPorts(sys: DoctorSystem, t: DoctorTarget): Promise<Finding[]> {
  if (!t.router) return [];
  const [ss, wg, own] = await Promise.all([
    sys.host.run('ss', ['-H', '-lnptu'], { check: true }),
    sys.host.run('wg', ['show', WG_IFNAME, 'listen-port']),
    t.own(),
  ]);
  const listeners = parseSs(ss.stdout);
  const wgPort = wg.code === 0 ? Number(wg.stdout.trim()) : undefined;
  return neededPorts(t.router.slice).map((need) => {
    const id = `port:${need.protocol}/${need.port}`;
    const holders = listeners.filter((l) => collides(need, l));
    const foreign = holders.filter((l) => {
      if (l.processes.some((p) => own.pids.has(p.pid))) return false;
      if (l.processes.length > 0) return true;
      // Kernel WireGuard's socket has no process; a daemon's may be hidden (see above).
      return !((need.daemon === 'wireguard' && wgPort === need.port) || own.running.has(need.daemon));
    });
    if (foreign.length === 0) {
      return ok(id, holders.length ? `held by dlan's ${need.why}` : `free for ${need.why}`);
    }
    const who = foreign.map((l) => {
      const procs = l.processes.length ? l.processes.map((p) => `${p.name} (pid ${p.pid})`).filter((x, i, a) => a.indexOf(x) === i).join(', ') : 'the kernel or a process dlan cannot see';
      return `${procs} on ${l.address === ANY ? 'every address' : l.address}`;
    });
    const names = [...new Set(foreign.flatMap((l) => l.processes.map((p) => p.name)))];
    const fix = names.map((n) => STOP[n]).filter((x): x is string => x !== undefined).join('; ')
      || `stop ${names.length ? names.join(', ') : 'what listens there'} (ss -lnptu '( sport = :${need.port} )' shows it), or choose another port in the topology`;
    const message = `${need.protocol}/${need.port}, needed by ${need.why}, is taken by ${who.join('; ')}`;
    return need.needed ? error(id, message, fix) : warning(id, `${message} (no forward uses it yet)`, fix);
  });
}

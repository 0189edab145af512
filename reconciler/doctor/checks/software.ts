/**
 * What must be installed: Node, the commands dlan runs (with the Debian package that has each),
 * FRR's daemons and frr-reload.py, nginx's stream module (loaded by dlan's nginx.conf by absolute
 * path), and a WireGuard (the choice made at start, reconciler/wireguard).
 */
import { NGINX_STREAM_MODULE } from '../../../renderers/nginx.js';
import { checkNginx } from '../../check/nginx.js';
import { CheckerUnavailable } from '../../check/rejected.js';
import { error, type Finding, ok } from '../finding.js';
import { type DoctorSystem, which } from '../system.js';
import type { DoctorTarget } from '../target.js';

export const MIN_NODE = 20;

export function checkNode(sys: DoctorSystem): Finding[] {
  const major = Number(sys.nodeVersion.split('.')[0]);
  return [major >= MIN_NODE
    ? ok('node', `Node ${sys.nodeVersion}`)
    : error('node', `Node ${sys.nodeVersion} is too old: dlan needs Node ≥ ${MIN_NODE}`, `apt install nodejs (Debian 13 has Node 20; on Debian 12 use Node ≥ ${MIN_NODE} from NodeSource or backports)`)];
}

interface Needed { readonly command: string; readonly pkg: string; readonly why: string }

function neededCommands(t: DoctorTarget): Needed[] {
  const forwards = t.router === undefined || t.router.slice.forwards.length > 0;
  return [
    { command: 'ip', pkg: 'iproute2', why: 'links and addresses' },
    { command: 'nft', pkg: 'nftables', why: 'the firewall table' },
    { command: 'wg', pkg: 'wireguard-tools', why: 'WireGuard peers' },
    { command: 'unshare', pkg: 'util-linux', why: 'config checks in private namespaces' },
    { command: 'dnsmasq', pkg: 'dnsmasq-base', why: 'DHCP and DNS' },
    { command: 'vtysh', pkg: 'frr', why: 'OSPF state' },
    ...(forwards ? [{ command: 'nginx', pkg: 'nginx', why: 'port forwards' }] : []),
    ...(t.wireguard.implementation === 'userspace' ? [{ command: 'wireguard-go', pkg: 'wireguard-go', why: 'userspace WireGuard' }] : []),
  ];
}

export async function checkCommands(sys: DoctorSystem, t: DoctorTarget): Promise<Finding[]> {
  return Promise.all(neededCommands(t).map(async (n): Promise<Finding> => {
    const at = await which(sys, n.command);
    return at ? ok(`command:${n.command}`, `${at} (${n.why})`)
      : error(`command:${n.command}`, `${n.command} is not installed (${n.why})`, `apt install ${n.pkg}`);
  }));
}

const FRR_DIR = '/usr/lib/frr';
const FRR_PROGRAMS = ['watchfrr', 'zebra', 'ospfd', 'ospf6d', 'bfdd', 'staticd', 'frrinit.sh'];

export async function checkFrr(sys: DoctorSystem): Promise<Finding[]> {
  const missing = (await Promise.all(FRR_PROGRAMS.map(async (p) => ((await sys.host.stat(`${FRR_DIR}/${p}`)) ? undefined : p)))).filter((p) => p !== undefined);
  const reload = await sys.host.stat(`${FRR_DIR}/frr-reload.py`);
  const python = await which(sys, 'python3');
  return [
    missing.length === 0 ? ok('frr:daemons', `${FRR_DIR}: ${FRR_PROGRAMS.join(', ')}`)
      : error('frr:daemons', `FRR is missing ${missing.join(', ')} in ${FRR_DIR}`, 'apt install frr'),
    reload && python ? ok('frr:reload', `${FRR_DIR}/frr-reload.py (incremental reloads keep adjacencies)`)
      : error('frr:reload', reload ? 'frr-reload.py needs python3, which is not installed' : `${FRR_DIR}/frr-reload.py is missing: FRR could only be restarted, dropping every adjacency`,
        reload ? 'apt install python3' : 'apt install frr-pythontools'),
  ];
}

/** The stream module must load into the nginx that is installed (a module of another nginx build is refused). */
export async function checkNginxStream(sys: DoctorSystem, t: DoctorTarget): Promise<Finding[]> {
  if (t.router && t.router.slice.forwards.length === 0) return [ok('nginx:stream', 'no port forward on this router: nginx is not needed')];
  if (!(await which(sys, 'nginx'))) return []; // command:nginx says it
  const id = 'nginx:stream';
  const fix = 'apt install libnginx-mod-stream (the stream module of the installed nginx)';
  if (!(await sys.host.stat(NGINX_STREAM_MODULE))) return [error(id, `${NGINX_STREAM_MODULE} is missing: port forwards need nginx's stream module`, fix)];
  const conf = `load_module ${sys.host.realPath(NGINX_STREAM_MODULE)};\npid /run/dlan-doctor-nginx.pid;\nevents {}\nstream {}\n`;
  try {
    const r = await checkNginx(conf, '/etc/dlan/nginx.conf');
    return [r.ok ? ok(id, `${NGINX_STREAM_MODULE} loads`) : error(id, `nginx cannot load ${NGINX_STREAM_MODULE}: ${r.errors[0]?.message ?? ''}`, fix)];
  } catch (e) {
    if (e instanceof CheckerUnavailable) return [error(id, `could not try loading ${NGINX_STREAM_MODULE}: ${e.message}`, 'run dlan doctor as root')];
    throw e;
  }
}

export function checkWireguardChoice(t: DoctorTarget): Finding[] {
  const c = t.wireguard;
  const what = c.implementation === 'kernel' ? 'kernel WireGuard' : 'wireguard-go (userspace)';
  if (!c.problem) return [ok('wireguard', `${what}: ${c.reason}`)];
  return [error('wireguard', c.problem.message, c.problem.fix)];
}

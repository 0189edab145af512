/**
 * FRR (8.4, integrated config): `/etc/frr/frr.conf` for zebra, ospfd, ospf6d and bfdd, and
 * `/etc/frr/daemons` enabling them. Follows the FRR user guide (OSPFv2, OSPFv3, BFD chapters).
 *
 * - `router ospf` / `router ospf6` with their router-id come BEFORE the interface blocks: an
 *   interface's `ip ospf area` creates the instance on the spot, with a router-id picked from
 *   whatever address is up, and a later `ospf router-id` then only takes effect after
 *   `clear ip ospf process`, i.e. after bouncing every adjacency.
 * - Areas are set per interface (`ip ospf area`, `ipv6 ospf6 area`), not with `network`
 *   statements: the two styles cannot be mixed, and per-interface lines reload one interface.
 * - Both OSPF versions use `point-to-point` on the VXLAN links: on a broadcast link they would
 *   wait the dead interval to elect a DR before the adjacency comes up.
 * - On a link, `ip ospf area` / `ipv6 ospf6 area` come after the timers and network type: the
 *   area line enables OSPF on the interface at once, so written first, its first hello went out
 *   with FRR's defaults (dead 40, broadcast) and the peer logged a dead-interval mismatch (seen
 *   in the lab). frr-reload.py compares an interface's lines as a set: the order costs nothing.
 * - OSPFv3 runs over link-local IPv6, which the VXLAN links have and WireGuard has not.
 * - Loopback and LAN are passive (announced, no hellos sent to hosts).
 * - BFD (bfdd, enabled in the daemons file) on every link through one profile; 100 ms × 3
 *   failed over in under 0.3 s in a hand-built lab.
 * - The file is written the way `show running-config` prints it (`exit` closing blocks, areas
 *   as dotted quads), so `frr-reload.py` sees no difference for lines that did not change and
 *   never bounces an unrelated adjacency. test/renderers/frr-reload.test.ts checks this with
 *   the real daemons.
 * - Logs go to a file: there is no syslog in containers and namespaces.
 */
import { defaultRenderOptions, type RenderOptions } from './options.js';
import type { Rendered } from './rendered.js';
import type { PeerSlice, RouterSlice } from '../model/slice.js';
import { banner, lines, type Part } from './text.js';

export const FRR_CONFIG_PATH = '/etc/frr/frr.conf';
export const FRR_DAEMONS_PATH = '/etc/frr/daemons';
export const BFD_PROFILE = 'dlan';
const AREA = '0.0.0.0';

/**
 * FRR leaves values equal to its defaults out of `show running-config`; writing them would make
 * frr-reload.py see a difference on every run. So a value equal to FRR's default is not written.
 */
const FRR_DEFAULT = { hello: 10, dead: 40, retransmit: 5, bfdInterval: 300, bfdMultiplier: 3 } as const;
const unlessDefault = (value: number, dflt: number, line: string): string | false => value !== dflt && line;

function block(head: string, body: Part): Part {
  return ['!', head, body, 'exit'];
}

function linkInterface(s: RouterSlice, p: PeerSlice): Part {
  const { ospf, bfd } = s.network;
  return block(`interface ${p.ifname}`, [
    ` description dlan link to ${p.name}`,
    bfd.enabled && [' ip ospf bfd', ` ip ospf bfd profile ${BFD_PROFILE}`],
    ` ip ospf cost ${p.cost}`,
    unlessDefault(ospf.dead, FRR_DEFAULT.dead, ` ip ospf dead-interval ${ospf.dead}`),
    unlessDefault(ospf.hello, FRR_DEFAULT.hello, ` ip ospf hello-interval ${ospf.hello}`),
    ' ip ospf network point-to-point',
    unlessDefault(ospf.retransmit, FRR_DEFAULT.retransmit, ` ip ospf retransmit-interval ${ospf.retransmit}`),
    ` ip ospf area ${AREA}`,
    bfd.enabled && [' ipv6 ospf6 bfd', ` ipv6 ospf6 bfd profile ${BFD_PROFILE}`],
    ` ipv6 ospf6 cost ${p.cost}`,
    unlessDefault(ospf.dead, FRR_DEFAULT.dead, ` ipv6 ospf6 dead-interval ${ospf.dead}`),
    unlessDefault(ospf.hello, FRR_DEFAULT.hello, ` ipv6 ospf6 hello-interval ${ospf.hello}`),
    ' ipv6 ospf6 network point-to-point',
    unlessDefault(ospf.retransmit, FRR_DEFAULT.retransmit, ` ipv6 ospf6 retransmit-interval ${ospf.retransmit}`),
    ` ipv6 ospf6 area ${AREA}`,
  ]);
}

function passiveInterface(ifname: string, description: string, v4: boolean, v6: boolean): Part {
  return block(`interface ${ifname}`, [
    ` description ${description}`,
    v4 && [` ip ospf area ${AREA}`, ' ip ospf passive'],
    v6 && [` ipv6 ospf6 area ${AREA}`, ' ipv6 ospf6 passive'],
  ]);
}

export function frrConfig(s: RouterSlice, opts: RenderOptions = defaultRenderOptions): string {
  const { bfd } = s.network;
  const lan = s.router.lan;
  return lines(
    'frr defaults traditional',
    banner('!', 'FRR configuration', s.router.name),
    `hostname ${s.router.name}`,
    `log file ${opts.frrLogFile} informational`,
    '!',
    '! The OSPF instances and their router-id come before any interface (see renderers/frr.ts).',
    block('router ospf', ` ospf router-id ${s.addresses.routerId}`),
    block('router ospf6', ` ospf6 router-id ${s.addresses.routerId}`),
    bfd.enabled && block('bfd', [
      ` profile ${BFD_PROFILE}`,
      unlessDefault(bfd.multiplier, FRR_DEFAULT.bfdMultiplier, `  detect-multiplier ${bfd.multiplier}`),
      unlessDefault(bfd.interval, FRR_DEFAULT.bfdInterval, `  transmit-interval ${bfd.interval}`),
      unlessDefault(bfd.interval, FRR_DEFAULT.bfdInterval, `  receive-interval ${bfd.interval}`),
      ' exit',
    ]),
    s.peers.map((p) => linkInterface(s, p)),
    lan && (lan.ipv4 || lan.ipv6) && passiveInterface(lan.interface, 'dlan LAN', lan.ipv4 !== undefined, lan.ipv6 !== undefined),
    passiveInterface('lo', 'dlan loopback', true, true),
    '!',
  );
}

/** FRR's daemons file (read by frrinit.sh / the Debian unit): the daemons dlan needs. */
export function frrDaemons(s: RouterSlice): string {
  return lines(
    banner('#', 'FRR daemons', s.router.name),
    '# zebra and staticd always run; dlan needs OSPFv2, OSPFv3 and BFD.',
    'zebra=yes',
    'ospfd=yes',
    'ospf6d=yes',
    'bfdd=yes',
    'bgpd=no', 'ripd=no', 'ripngd=no', 'isisd=no', 'pimd=no', 'pim6d=no', 'ldpd=no', 'nhrpd=no',
    'eigrpd=no', 'babeld=no', 'sharpd=no', 'pbrd=no', 'fabricd=no', 'vrrpd=no', 'pathd=no',
    'vtysh_enable=yes',
    'zebra_options="  -A 127.0.0.1 -s 90000000"',
    'ospfd_options="  -A 127.0.0.1"',
    'ospf6d_options=" -A ::1"',
    'bfdd_options="   -A 127.0.0.1"',
    'staticd_options="-A 127.0.0.1"',
  );
}

export function renderFrr(s: RouterSlice, opts: RenderOptions = defaultRenderOptions): Rendered {
  return {
    files: [
      { path: FRR_CONFIG_PATH, content: frrConfig(s, opts), mode: 0o644, service: 'frr' },
      // A daemon switched on or off needs FRR restarted; frr-reload cannot start daemons.
      { path: FRR_DAEMONS_PATH, content: frrDaemons(s), mode: 0o644, service: 'frr', onChange: 'restart' },
    ],
    services: [{ name: 'frr', onChange: 'frr-reload', daemon: true }],
  };
}

/**
 * Two routers as the lab builds them, for tests of live state and health: nodes `a` and `b`
 * joined by a veth (192.0.2.1 / 192.0.2.2, the "internet"), wireguard-go `wg-dlan` on each with
 * the other as peer, a VXLAN over it (`vx-b` on a, `vx-a` on b, VNI 4098, MTU from `dev`), the
 * loopback and link addresses of the address plan, and FRR (ospfd, ospf6d, bfdd) with fast timers
 * (hello 1 / dead 3, BFD 100 ms × 3), every daemon started by the process service manager.
 * Keys are generated at set-up inside each node's private /etc/wireguard and never leave it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { processServices, type ServiceManager } from '../../reconciler/services/index.js';
import { makeNode, nodeName, removeNode, type NodeNs } from './ns-node.js';

const exec = promisify(execFile);

export interface PairRouter {
  readonly node: NodeNs;
  readonly sm: ServiceManager;
  readonly id: 1 | 2;
  readonly publicKey: string;
  readonly vxlan: string;
}

export interface RouterPair {
  readonly a: PairRouter;
  readonly b: PairRouter;
}

export const frrConf = (id: number, vx: string): string => `frr defaults traditional
log file /var/run/frr/frr.log
router ospf
 ospf router-id 10.255.0.${id}
 timers throttle spf 0 50 500
exit
router ospf6
 ospf6 router-id 10.255.0.${id}
exit
interface ${vx}
 ip ospf network point-to-point
 ip ospf area 0
 ip ospf hello-interval 1
 ip ospf dead-interval 3
 ip ospf bfd
 ip ospf bfd profile dlan
 ipv6 ospf6 area 0
 ipv6 ospf6 network point-to-point
 ipv6 ospf6 hello-interval 1
 ipv6 ospf6 dead-interval 3
 ipv6 ospf6 bfd
 ipv6 ospf6 bfd profile dlan
exit
interface lo
 ip ospf area 0
 ip ospf passive
 ipv6 ospf6 area 0
 ipv6 ospf6 passive
exit
bfd
 profile dlan
  receive-interval 100
  transmit-interval 100
  detect-multiplier 3
 exit
exit
`;

async function sh(node: NodeNs, cmd: string, ...args: string[]): Promise<string> {
  return (await node.host.run(cmd, args, { check: true })).stdout;
}

export async function makePair(prefix = 'dlx'): Promise<RouterPair> {
  const binds = ['/etc/frr', '/etc/wireguard'];
  const nodes: NodeNs[] = [];
  try {
    nodes.push(await makeNode(nodeName(prefix, 'a'), { binds }));
    nodes.push(await makeNode(nodeName(prefix, 'b'), { binds }));
    const [na, nb] = nodes as [NodeNs, NodeNs];
    await exec('ip', ['link', 'add', `${prefix}${process.pid}va`.slice(-15), 'netns', na.name, 'type', 'veth',
      'peer', 'name', `${prefix}${process.pid}vb`.slice(-15), 'netns', nb.name]);
    const ends = [
      { node: na, id: 1 as const, veth: `${prefix}${process.pid}va`.slice(-15), wan: '192.0.2.1', vxlan: 'vx-b' },
      { node: nb, id: 2 as const, veth: `${prefix}${process.pid}vb`.slice(-15), wan: '192.0.2.2', vxlan: 'vx-a' },
    ];
    const keys: string[] = [];
    for (const e of ends) {
      await sh(e.node, 'ip', 'addr', 'add', `${e.wan}/24`, 'dev', e.veth);
      await sh(e.node, 'ip', 'link', 'set', e.veth, 'up');
      await sh(e.node, 'sh', '-c', 'umask 077; wg genkey > /etc/wireguard/dlan.key');
      keys.push((await sh(e.node, 'sh', '-c', 'wg pubkey < /etc/wireguard/dlan.key')).trim());
    }
    const routers: PairRouter[] = [];
    for (const [i, e] of ends.entries()) {
      const other = ends[1 - i]!;
      const sm = processServices({ host: e.node.host });
      await sm.start('wireguard');
      await sh(e.node, 'wg', 'set', 'wg-dlan', 'private-key', '/etc/wireguard/dlan.key', 'listen-port', '51820',
        'peer', keys[1 - i]!, 'endpoint', `${other.wan}:51820`, 'allowed-ips', `10.255.64.${other.id}/32`, 'persistent-keepalive', '25');
      await sh(e.node, 'ip', 'addr', 'add', `10.255.64.${e.id}/32`, 'peer', `10.255.64.${other.id}/32`, 'dev', 'wg-dlan');
      await sh(e.node, 'ip', 'link', 'set', 'wg-dlan', 'mtu', '1420', 'up');
      await sh(e.node, 'ip', 'link', 'add', e.vxlan, 'type', 'vxlan', 'id', '4098', 'local', `10.255.64.${e.id}`,
        'remote', `10.255.64.${other.id}`, 'dstport', '4789', 'dev', 'wg-dlan');
      await sh(e.node, 'ip', 'addr', 'add', `10.255.128.${e.id - 1}/31`, 'dev', e.vxlan);
      await sh(e.node, 'ip', 'addr', 'add', `fd64:6c61:6e:2::${e.id - 1}/127`, 'dev', e.vxlan);
      await sh(e.node, 'ip', 'link', 'set', e.vxlan, 'up');
      await sh(e.node, 'ip', 'addr', 'add', `10.255.0.${e.id}/32`, 'dev', 'lo');
      await sh(e.node, 'ip', 'addr', 'add', `fd64:6c61:6e::${e.id}/128`, 'dev', 'lo');
      await e.node.host.writeFileAtomic('/etc/frr/vtysh.conf', 'service integrated-vtysh-config\n', 0o644);
      await e.node.host.writeFileAtomic('/etc/frr/daemons', 'ospfd=yes\nospf6d=yes\nbfdd=yes\nvtysh_enable=yes\n', 0o644);
      await e.node.host.writeFileAtomic('/etc/frr/frr.conf', frrConf(e.id, e.vxlan), 0o640);
      await sm.start('frr');
      routers.push({ node: e.node, sm, id: e.id, publicKey: keys[i]!, vxlan: e.vxlan });
    }
    return { a: routers[0]!, b: routers[1]! };
  } catch (e) {
    for (const n of nodes) await removeNode(n);
    throw e;
  }
}

export async function removePair(p: RouterPair | undefined): Promise<void> {
  if (!p) return;
  await removeNode(p.a.node);
  await removeNode(p.b.node);
}

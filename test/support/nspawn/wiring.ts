/**
 * The cables of the system test: named network namespaces on the host, bridges as switches,
 * veths as cables. A machine's end of a cable lives in the machine's namespace, which dies with
 * each (re)boot; the other end is a port of a bridge in a namespace that lives for the whole
 * test (the internet, the home router's LAN, a server's NIC), so re-plugging a rebooted machine
 * changes nothing on the other side: the server keeps its address and its DHCP client.
 */
import { run } from '../../../lab/run.js';

/** ip in a namespace. */
export const ipn = (netns: string, args: readonly string[]) => run('ip', ['-n', netns, ...args]);

/** A command in a namespace (only the network; the host's files). */
export const inNetns = (netns: string, argv: readonly string[], o: { check?: boolean; input?: string } = {}) =>
  run('ip', ['netns', 'exec', netns, ...argv], o);

export async function addNetns(netns: string): Promise<void> {
  await run('ip', ['netns', 'add', netns]);
  await ipn(netns, ['link', 'set', 'lo', 'up']);
}

/** Deletes a namespace if it exists (its veths go with it). */
export async function deleteNetns(netns: string): Promise<void> {
  const r = await run('ip', ['netns', 'del', netns], { check: false });
  if (r.code !== 0 && !/No such file|Invalid netns|not exist/i.test(r.stderr)) throw new Error(`ip netns del ${netns}: ${r.stderr.trim()}`);
}

/** The namespaces under /run/netns whose name starts with `prefix-`. */
export async function netnsWithPrefix(prefix: string): Promise<string[]> {
  return (await run('ip', ['netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(`${prefix}-`));
}

export interface BridgeOptions {
  /** Fixed MAC (a bridge otherwise takes the lowest of its ports', which changes as they come and go). */
  readonly mac?: string;
  readonly addresses?: readonly string[];
}

/** A bridge (a switch, and the namespace's own NIC on it), up, no STP, no multicast snooping. */
export async function addBridge(netns: string, name: string, o: BridgeOptions = {}): Promise<void> {
  await ipn(netns, ['link', 'add', name, ...(o.mac ? ['address', o.mac] : []), 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0', 'mcast_snooping', '0']);
  for (const a of o.addresses ?? []) await ipn(netns, ['addr', 'add', a, 'dev', name, ...(a.includes(':') ? ['nodad'] : [])]);
  await ipn(netns, ['link', 'set', name, 'up']);
}

export interface CableEnd {
  readonly netns: string;
  readonly name: string;
  readonly mac?: string;
}

/** A veth from `a` (left down: its owner brings it up) to a port `b` of `bridge` in b's namespace, up. */
export async function plugCable(a: CableEnd, b: CableEnd, bridge: string): Promise<void> {
  await run('ip', ['link', 'add', a.name, 'netns', a.netns, ...(a.mac ? ['address', a.mac] : []), 'type', 'veth',
    'peer', 'name', b.name, 'netns', b.netns, ...(b.mac ? ['address', b.mac] : [])]);
  await ipn(b.netns, ['link', 'set', b.name, 'master', bridge, 'up']);
}

/** Deletes a cable by one of its ends, if it is there (the other end goes with it). */
export async function unplugCable(end: CableEnd): Promise<void> {
  const r = await ipn(end.netns, ['link', 'del', end.name]).catch((e: Error) => e);
  if (r instanceof Error && !/Cannot find device|does not exist|Invalid netns/i.test(r.message)) throw r;
}

/** sysctl in a namespace. */
export const sysctl = (netns: string, key: string, value: string) => inNetns(netns, ['sysctl', '-q', '-w', `${key}=${value}`]);


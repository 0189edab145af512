/**
 * LiveState: what one router looks like now, shaped like DesiredState (renderers/state.ts) so a
 * pure planner can diff the two field by field. It carries no secret: WireGuard private and
 * preshared keys are dropped while parsing `wg show dump` (only whether they are set is kept).
 * Everything is sorted (files by path, links by name, peers by public key), so two observations
 * of an unchanged router are equal (JSON.stringify included) — except counters and handshakes.
 */
import type { InterfaceAddresses, ServiceName } from '../../renderers/state.js';

export interface LiveFile {
  readonly path: string;
  /** undefined: the file does not exist. */
  readonly content?: string;
  readonly mode?: number;
}

export interface LiveLink {
  readonly ifname: string;
  /** linkinfo kind: `vxlan`, `tun` (wireguard-go), `wireguard` (kernel), `veth`, `bridge`...; `` for lo and plain NICs. */
  readonly kind: string;
  /** Administratively up (the UP flag). */
  readonly up: boolean;
  readonly mtu: number;
  /** Global-scope addresses with prefix length, sorted (link-local and host-scope ones are the kernel's). */
  readonly addresses: readonly string[];
}

export interface LiveWireguardPeer {
  readonly publicKey: string;
  readonly endpoint?: string;
  /** Sorted. */
  readonly allowedIps: readonly string[];
  /** Unix seconds of the latest handshake; absent when there was none. */
  readonly latestHandshake?: number;
  readonly rxBytes: number;
  readonly txBytes: number;
  /** Seconds; absent when off. */
  readonly keepalive?: number;
  readonly hasPresharedKey: boolean;
}

export interface LiveWireguard {
  readonly ifname: string;
  /** The link's kind: `wireguard` (the kernel's) or `tun` (wireguard-go). */
  readonly kind: string;
  readonly listenPort: number;
  /** Derived from the private key by WireGuard; absent when no private key is set. */
  readonly publicKey?: string;
  readonly fwmark?: number;
  readonly up: boolean;
  readonly mtu: number;
  readonly addresses: readonly string[];
  /** Sorted by public key. */
  readonly peers: readonly LiveWireguardPeer[];
}

export interface LiveVxlan {
  readonly ifname: string;
  readonly vni: number;
  readonly local?: string;
  readonly remote?: string;
  readonly dstPort: number;
  /** The lower device (`dev`), when set. */
  readonly dev?: string;
  readonly mtu: number;
  readonly up: boolean;
  readonly addresses: readonly string[];
}

/** OSPF states of RFC 2328 §10.1 (`Full` is the only state that carries traffic). */
export interface OspfNeighbor {
  readonly routerId: string;
  readonly state: string;
  readonly ifname: string;
  /** The neighbour's interface address (OSPFv2). */
  readonly address?: string;
}

export interface BfdPeer {
  readonly peer: string;
  readonly local?: string;
  readonly ifname?: string;
  /** `up`, `down`, `init`, `shutdown`. */
  readonly status: string;
  readonly multihop: boolean;
}

export interface LiveFrr {
  readonly ospf: readonly OspfNeighbor[];
  readonly ospf6: readonly OspfNeighbor[];
  readonly bfd: readonly BfdPeer[];
}

export interface LiveState {
  /** The files asked for (desired and inventory), sorted by path. */
  readonly files: readonly LiveFile[];
  /** undefined: the WireGuard interface does not exist. */
  readonly wireguard?: LiveWireguard;
  /** Every VXLAN link present (dlan's inventory says which are its own), sorted by ifname. */
  readonly vxlans: readonly LiveVxlan[];
  /** The interfaces asked for (lo, the LAN port), with their global addresses; [] when absent. */
  readonly addresses: readonly InterfaceAddresses[];
  /** Every link, sorted by ifname. */
  readonly links: readonly LiveLink[];
  /** The daemons asked for, sorted by name. */
  readonly services: readonly DaemonStatus[];
  /** Routing protocol state, when FRR runs (each list only from a running daemon). */
  readonly frr?: LiveFrr;
}

/** What to observe. */
export interface LiveQuery {
  readonly files: readonly string[];
  readonly wireguard?: string;
  readonly interfaces: readonly string[];
  readonly daemons: readonly DaemonName[];
  /** Ask FRR's daemons (with `vtysh -N` for a pathspace). */
  readonly frr?: { readonly pathspace?: string };
}

/** The services that are a process (the rest — nftables, sysctl — are kernel state). */
export type DaemonName = Extract<ServiceName, 'nginx' | 'dnsmasq' | 'frr' | 'wireguard'>;
export const DAEMONS: readonly DaemonName[] = ['dnsmasq', 'frr', 'nginx', 'wireguard'];
export const isDaemon = (s: string): s is DaemonName => (DAEMONS as readonly string[]).includes(s);

export interface DaemonPart {
  readonly name: string;
  readonly running: boolean;
  readonly pid?: number;
}

export interface DaemonStatus {
  readonly name: DaemonName;
  readonly running: boolean;
  /** Main process (nginx master, dnsmasq, watchfrr, wireguard-go; systemd's MainPID). */
  readonly pid?: number;
  /** FRR: each daemon watchfrr supervises (zebra, ospfd...). All must run for `running`. */
  readonly parts?: readonly DaemonPart[];
  /** Free text for people: systemd's ActiveState/SubState, why a pid file was not trusted. */
  readonly detail?: string;
  /**
   * The daemon sees the files (and sockets) the agent sees, at the same paths: true under
   * systemd, where PID 1 starts both in the machine's one mount namespace. Otherwise they are
   * reached through /proc/<pid>/root, which a hardened agent may not open (ptrace access).
   */
  readonly sameRoot?: boolean;
}

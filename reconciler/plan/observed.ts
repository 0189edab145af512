/**
 * What the planner needs to know about the live router, and what dlan remembers having made.
 * The shell (reconciler/live) fills `Observed`; the agent keeps `Inventory` in its state dir.
 */
import type { ServiceName } from '../../renderers/state.js';

export interface ObservedFile {
  readonly content: string;
  readonly mode: number;
}

/** The kernel's WireGuard (a link, no process) or wireguard-go (a process behind a TUN link). */
export type WireguardImplementation = 'kernel' | 'userspace';

export interface ObservedWireguard {
  readonly ifname: string;
  /** From the link's kind (`wireguard`: kernel, `tun`: wireguard-go); absent when it is neither. */
  readonly implementation?: WireguardImplementation;
  readonly up: boolean;
  readonly mtu: number;
  readonly listenPort?: number;
  /** Whether a private key is set (the key itself is never read into dlan's memory). */
  readonly hasPrivateKey: boolean;
  readonly addresses: readonly string[];
  readonly peers: readonly { readonly publicKey: string; readonly endpoint?: string; readonly keepalive?: number; readonly allowedIps: readonly string[] }[];
}

export interface ObservedVxlan {
  readonly ifname: string;
  readonly up: boolean;
  readonly vni: number;
  readonly local?: string;
  readonly remote?: string;
  readonly dstPort?: number;
  readonly dev?: string;
  readonly mtu: number;
  readonly addresses: readonly string[];
}

export interface Observed {
  /** Content of every path asked about; absent = the file does not exist. */
  readonly files: ReadonlyMap<string, ObservedFile>;
  readonly wireguard?: ObservedWireguard;
  /** VXLAN links found (all of them; the planner only touches those it owns). */
  readonly vxlans: readonly ObservedVxlan[];
  /** Addresses (with prefix length) per interface, for the interfaces dlan puts addresses on. */
  readonly addresses: ReadonlyMap<string, readonly string[]>;
  readonly running: ReadonlySet<ServiceName>;
  /** Every link by name, whether it is up: the ports the router file names must be there. */
  readonly links: ReadonlyMap<string, { readonly up: boolean }>;
}

/** What dlan created, so that it removes only that (never a file, link or address it did not make). */
export interface Inventory {
  readonly files: readonly string[];
  readonly vxlans: readonly string[];
  readonly addresses: readonly { readonly ifname: string; readonly address: string }[];
  readonly wireguard?: string;
  readonly services?: readonly ServiceName[];
}

export const emptyInventory: Inventory = { files: [], vxlans: [], addresses: [] };

/**
 * DesiredState: what one router should look like, as rendered from its slice. This is the
 * contract between the renderers (which produce it, purely) and the reconciler (which observes
 * the live router, plans the difference and applies it). Everything is sorted; two renders of
 * the same slice are byte-for-byte equal (JSON.stringify included).
 */

/** The daemons and kernel facilities dlan drives. */
export type ServiceName = 'wireguard' | 'frr' | 'dnsmasq' | 'nginx' | 'nftables' | 'sysctl';

/** A config file dlan owns. `path` is logical (absolute on the router); the host maps it under its root. */
export interface FileSpec {
  readonly path: string;
  readonly content: string;
  /** e.g. 0o644; 0o600 for anything that must stay private. */
  readonly mode: number;
  /** Whose configuration this is: a change to the file triggers that service's action. */
  readonly service: ServiceName;
  /** Overrides the service's action for this file (e.g. FRR's daemons file needs a restart). */
  readonly onChange?: ServiceAction;
}

/** What to do to a service when one of its files changed (the least disruptive that works). */
export type ServiceAction =
  | 'reload'          // nginx -s reload / systemctl reload: new workers, connections kept
  | 'restart'         // dnsmasq: SIGHUP does not re-read the main config
  | 'frr-reload'      // frr-reload.py / vtysh incremental: no adjacency bounce for unrelated changes
  | 'nft-apply'       // nft -f: the table replaced in one transaction
  | 'sysctl-apply'    // sysctl -p FILE
  | 'wg-sync';        // wg syncconf: peers changed in place, sessions kept

export interface ServiceSpec {
  readonly name: ServiceName;
  readonly onChange: ServiceAction;
  /** Whether a daemon process must be running (nginx, dnsmasq, frr) or it is kernel state only. */
  readonly daemon: boolean;
}

export interface WireguardPeerSpec {
  /** The peer router's name (for plans and health; not part of the WireGuard config). */
  readonly name: string;
  readonly publicKey: string;
  readonly endpoint?: string;
  readonly keepalive?: number;
  /** The peer's tunnel addresses only (/32, /128): routing is OSPF's job, not AllowedIPs'. */
  readonly allowedIps: readonly string[];
}

export interface WireguardSpec {
  readonly ifname: string;
  readonly listenPort: number;
  /** Path of the private key on the router. Never the key itself. */
  readonly privateKeyFile: string;
  readonly mtu: number;
  /** With prefix length, e.g. 10.255.64.1/32. */
  readonly addresses: readonly string[];
  /** Sorted by name. */
  readonly peers: readonly WireguardPeerSpec[];
}

export interface VxlanSpec {
  readonly ifname: string;
  readonly peer: string;
  readonly vni: number;
  /** Underlay: this router's and the peer's WireGuard IPv4 addresses. */
  readonly local: string;
  readonly remote: string;
  readonly dstPort: number;
  /** The WireGuard interface (always set: without `dev` the link gets MTU 1500). */
  readonly dev: string;
  readonly mtu: number;
  /** Link addresses with prefix length (/31, /127). */
  readonly addresses: readonly string[];
}

/** Addresses dlan puts on an interface it does not create (lo, the LAN port). */
export interface InterfaceAddresses {
  readonly ifname: string;
  readonly addresses: readonly string[];
}

/**
 * A port the router file names (WAN, LAN). It must exist before anything is applied; dlan sets
 * the LAN port up (it owns the LAN's addresses and DHCP), and leaves the WAN to whatever gives it
 * its address upstream (ifupdown, systemd-networkd, NetworkManager, DHCP).
 */
export interface PortSpec {
  readonly ifname: string;
  readonly role: 'wan' | 'lan';
  /** Where it is named, for errors: e.g. routers/r1.yaml, lan.interface. */
  readonly file: string;
  readonly field: string;
  /** Whether dlan sets it up. */
  readonly up: boolean;
}

export interface DesiredState {
  readonly router: string;
  /** Sorted by path. */
  readonly files: readonly FileSpec[];
  readonly wireguard: WireguardSpec;
  /** Sorted by ifname. */
  readonly vxlans: readonly VxlanSpec[];
  /** Sorted by ifname: the loopback addresses on lo, the router's LAN address on the LAN port. */
  readonly addresses: readonly InterfaceAddresses[];
  /** Sorted by name. */
  readonly services: readonly ServiceSpec[];
  /** Sorted by role (wan, lan). Absent in states saved before dlan checked ports. */
  readonly ports?: readonly PortSpec[];
}

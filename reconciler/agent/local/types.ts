/**
 * What an agent says about its own LAN and links on the status API, beside /v1/status: the
 * read-only routes the home page (page/) gathers from every router over the overlay.
 *   GET /v1/leases    its devices: static leases, DHCPv4/DHCPv6 leases, SLAAC neighbours
 *   GET /v1/links     round-trip time of each overlay link
 *   GET /v1/forwards  its port forwards, each backend probed with a TCP connect
 * Nothing secret: addresses, MACs and names the LAN's own DNS already answers with.
 */
import type { Device } from '../../devices/devices.js';

export interface LeasesAnswer {
  readonly router: string;
  /** Unix seconds on the router's clock. */
  readonly now: number;
  readonly devices: readonly Device[];
  /** Lines of the lease file that are not leases, a neighbour table that could not be read... */
  readonly problems: readonly string[];
}

export interface LinkRtt {
  readonly peer: string;
  /** The peer's side of the link (its /31), the address pinged. */
  readonly address: string;
  readonly rttMs?: number;
  readonly error?: string;
}

export interface LinksAnswer {
  readonly router: string;
  readonly now: number;
  readonly links: readonly LinkRtt[];
}

export type BackendHealth = 'up' | 'down' | 'unknown';

export interface BackendProbe {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly health: BackendHealth;
  /** Connect time, when up. */
  readonly ms?: number;
  /** Why down, or why unknown (UDP has no connect to probe). */
  readonly error?: string;
}

export interface ForwardProbe {
  readonly service: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly to: number;
  readonly proxyProtocol: boolean;
  readonly backends: readonly BackendProbe[];
}

export interface ForwardsAnswer {
  readonly router: string;
  readonly now: number;
  /** How health was found, said on the page: nginx OSS has no upstream health of its own. */
  readonly probe: 'tcp-connect from the router';
  readonly forwards: readonly ForwardProbe[];
}

/** The agent's side of these routes (local-info.ts implements it; tests give a fixed one). */
export interface LocalInfo {
  leases(): Promise<LeasesAnswer>;
  links(): Promise<LinksAnswer>;
  forwards(): Promise<ForwardsAnswer>;
}

/**
 * Health of one router: per-peer WireGuard handshake age, OSPF neighbours (both families), BFD
 * sessions, daemons up, and whether the commit that should run is the one applied, folded into
 * one summary. `summarizeHealth` is pure (observations + `now` in, summary out); `observeHealth`
 * is the shell that gathers the observations.
 */
import type { DaemonName, DaemonStatus } from '../services/types.js';
import type { LiveFrr, LiveWireguard } from '../plan/live-state.js';

/** WireGuard drops a session's keys 180 s after it was made (REJECT_AFTER_TIME, whitepaper §6.1);
 * with traffic or keepalives it re-handshakes every 120 s, so an older handshake means no session. */
export const HANDSHAKE_FRESH_S = 180;

export interface ExpectedPeer {
  readonly name: string;
  readonly publicKey: string;
  /** The VXLAN link to this peer: OSPF neighbours and BFD sessions are found by interface. */
  readonly ifname: string;
  readonly endpoint?: string;
}

export interface HealthExpectations {
  readonly peers: readonly ExpectedPeer[];
  readonly daemons: readonly DaemonName[];
  /** The commit that should be running (the verified tip being applied), if known. */
  readonly commit?: string;
  /** Expect an OSPFv3 adjacency too (IPv6 overlay). Default true. */
  readonly ospf6?: boolean;
  /** Expect BFD sessions on the links. Default true. */
  readonly bfd?: boolean;
}

export interface HealthObservations {
  readonly wireguard?: LiveWireguard;
  readonly frr?: LiveFrr;
  readonly services: readonly DaemonStatus[];
  /** The commit last applied with success (from dlan's state), if any. */
  readonly appliedCommit?: string;
}

export type WireguardHealth = 'up' | 'stale' | 'never' | 'absent';

export interface PeerHealth {
  readonly name: string;
  readonly endpoint?: string;
  /** Seconds since the latest handshake; absent when there was none. */
  readonly handshakeAgeS?: number;
  /** WireGuard's byte counters for the peer (absent when the peer is not configured). */
  readonly rxBytes?: number;
  readonly txBytes?: number;
  readonly wireguard: WireguardHealth;
  /** OSPF neighbour state on the peer's link (`Full`, `Init`...) or `absent`. */
  readonly ospf: string;
  readonly ospf6: string;
  /** `up` when every BFD session on the link is up; `down`; `absent`; `off` when not expected. */
  readonly bfd: string;
  readonly up: boolean;
}

export type HealthStatus = 'healthy' | 'degraded' | 'down';

export interface HealthSummary {
  readonly status: HealthStatus;
  /** Unix seconds of the observation. */
  readonly at: number;
  readonly commit: { readonly expected?: string; readonly applied?: string; readonly ok: boolean };
  readonly daemons: readonly { readonly name: DaemonName; readonly running: boolean }[];
  readonly peers: readonly PeerHealth[];
  readonly peersUp: number;
  /** One line per problem, for people (statuses, `dlan status`, logs). */
  readonly problems: readonly string[];
}

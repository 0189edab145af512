/**
 * Prometheus text exposition (format 0.0.4) of one router's agent: what `flux`'s controllers
 * export (reconcile counts and durations by outcome, suspended) plus the network (peers, their
 * handshakes and bytes, OSPF and BFD). Pure: a snapshot in, text out. Names follow Prometheus'
 * conventions: `dlan_` prefix, base units, `_total` for counters, `_seconds` for durations.
 */
import type { HealthSummary } from '../health/types.js';

/** Upper bounds of the reconcile duration histogram, in seconds. */
export const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] as const;

export interface OutcomeStats {
  readonly count: number;
  readonly sumSeconds: number;
  /** Cumulative counts per bucket of DURATION_BUCKETS (same length). */
  readonly buckets: readonly number[];
}

export interface ReconcileStats {
  readonly byOutcome: Readonly<Record<string, OutcomeStats>>;
  readonly rollbacks: number;
}

export const emptyStats: ReconcileStats = { byOutcome: {}, rollbacks: 0 };

/** Counts one reconcile (pure: returns new stats). */
export function recordReconcile(stats: ReconcileStats, outcome: string, seconds: number, rolledBack = false): ReconcileStats {
  const prev = stats.byOutcome[outcome] ?? { count: 0, sumSeconds: 0, buckets: DURATION_BUCKETS.map(() => 0) };
  const next: OutcomeStats = {
    count: prev.count + 1,
    sumSeconds: prev.sumSeconds + seconds,
    buckets: prev.buckets.map((n, i) => (seconds <= DURATION_BUCKETS[i]! ? n + 1 : n)),
  };
  return { byOutcome: { ...stats.byOutcome, [outcome]: next }, rollbacks: stats.rollbacks + (rolledBack ? 1 : 0) };
}

export interface MetricsSnapshot {
  readonly router: string;
  readonly stats: ReconcileStats;
  readonly suspended: boolean;
  /** The applied commit and when it was applied (Unix seconds). */
  readonly applied?: { readonly commit: string; readonly at: number };
  readonly health?: HealthSummary;
  readonly peersExpected: number;
  /** Unix seconds now. */
  readonly now: number;
}

/** Label values escaped as the format requires: backslash, double quote, newline. */
const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Readonly<Record<string, string>>) => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};
const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : '-Inf');

export function renderMetrics(s: MetricsSnapshot): string {
  const out: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: readonly [string, Readonly<Record<string, string>>, number][]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [suffix, l, v] of samples) out.push(`${name}${suffix}${labels(l)} ${num(v)}`);
  };
  const r = { router: s.router };
  const outcomes = Object.keys(s.stats.byOutcome).sort();
  family('dlan_reconciles_total', 'counter', 'Reconciles run by the agent, by outcome.',
    outcomes.map((o) => ['', { ...r, outcome: o }, s.stats.byOutcome[o]!.count]));
  family('dlan_reconcile_duration_seconds', 'histogram', 'How long reconciles took, by outcome.', outcomes.flatMap((o) => {
    const st = s.stats.byOutcome[o]!;
    return [
      ...DURATION_BUCKETS.map((le, i): [string, Record<string, string>, number] => ['_bucket', { ...r, outcome: o, le: String(le) }, st.buckets[i]!]),
      ['_bucket', { ...r, outcome: o, le: '+Inf' }, st.count] as [string, Record<string, string>, number],
      ['_sum', { ...r, outcome: o }, st.sumSeconds] as [string, Record<string, string>, number],
      ['_count', { ...r, outcome: o }, st.count] as [string, Record<string, string>, number],
    ];
  }));
  family('dlan_rollbacks_total', 'counter', 'Rollbacks to the last good state (failed applies and commit-confirmed).', [['', r, s.stats.rollbacks]]);
  family('dlan_suspended', 'gauge', '1 while the agent is suspended (dlan suspend).', [['', r, s.suspended ? 1 : 0]]);
  if (s.applied) {
    family('dlan_applied_commit_info', 'gauge', 'The commit running now (value 1).', [['', { ...r, commit: s.applied.commit }, 1]]);
    family('dlan_applied_commit_age_seconds', 'gauge', 'Seconds since the running commit was applied.', [['', r, Math.max(0, s.now - s.applied.at)]]);
  }
  const peers = s.health?.peers ?? [];
  family('dlan_peers_expected', 'gauge', 'Peerings this router should have.', [['', r, s.peersExpected]]);
  family('dlan_peers_up', 'gauge', 'Peerings up (fresh WireGuard handshake, OSPF Full, BFD up).', [['', r, s.health?.peersUp ?? 0]]);
  family('dlan_peer_up', 'gauge', '1 when the peering is up.', peers.map((p) => ['', { ...r, peer: p.name }, p.up ? 1 : 0]));
  family('dlan_peer_handshake_age_seconds', 'gauge', 'Seconds since the latest WireGuard handshake with the peer.',
    peers.filter((p) => p.handshakeAgeS !== undefined).map((p) => ['', { ...r, peer: p.name }, p.handshakeAgeS!]));
  family('dlan_peer_receive_bytes_total', 'counter', 'Bytes received from the peer over WireGuard.',
    peers.filter((p) => p.rxBytes !== undefined).map((p) => ['', { ...r, peer: p.name }, p.rxBytes!]));
  family('dlan_peer_transmit_bytes_total', 'counter', 'Bytes sent to the peer over WireGuard.',
    peers.filter((p) => p.txBytes !== undefined).map((p) => ['', { ...r, peer: p.name }, p.txBytes!]));
  family('dlan_peer_ospf_full', 'gauge', '1 when the OSPF neighbour on the peering is Full, by address family.',
    peers.flatMap((p) => [['', { ...r, peer: p.name, family: 'ipv4' }, p.ospf === 'Full' ? 1 : 0], ...(p.ospf6 === 'off' ? [] : [['', { ...r, peer: p.name, family: 'ipv6' }, p.ospf6 === 'Full' ? 1 : 0]])] as [string, Record<string, string>, number][]));
  family('dlan_peer_bfd_up', 'gauge', '1 when every BFD session on the peering is up.',
    peers.filter((p) => p.bfd !== 'off').map((p) => ['', { ...r, peer: p.name }, p.bfd === 'up' ? 1 : 0]));
  return `${out.join('\n')}\n`;
}

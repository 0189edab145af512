/**
 * The fleet view (`dlan status --fleet`, like `flux get`): one row per router of the topology,
 * from its agent's answer or, when it does not answer, from its last commit status on the forge.
 * Pure: answers and `now` in, rows and a table out; `--json` prints the same rows.
 */
import type { AgentStatus } from '../api/types.js';
import type { ForgeStatus } from '../report/read-statuses.js';
import { formatAge } from '../report/status-table.js';
import { renderTable } from '../table.js';

export type RowSource = 'agent' | 'forge' | 'none';

export interface FleetRow {
  readonly router: string;
  readonly source: RowSource;
  /** Why the row is not from the agent (its error), for people. */
  readonly note?: string;
  readonly applied?: { readonly commit: string; readonly ageS: number };
  /** Last reconcile succeeded and the router is healthy; undefined when unknown (forge rows). */
  readonly ready?: boolean;
  readonly suspended?: string;
  readonly peersUp?: number;
  readonly peersExpected?: number;
  /** e.g. `4/4 Full` (OSPF and OSPFv3 together), `3/4 up` (BFD). */
  readonly ospf?: string;
  readonly bfd?: string;
  readonly lastError?: string;
  /** The forge's word for the last status, on forge rows. */
  readonly forgeState?: string;
}

export type Answer =
  | { readonly router: string; readonly status: AgentStatus }
  | { readonly router: string; readonly error: string; readonly forge?: ForgeStatus; readonly forgeError?: string };

export function fleetRow(a: Answer): FleetRow {
  if ('status' in a) {
    const s = a.status;
    const st = s.state;
    const h = st?.health;
    const peers = h?.peers ?? [];
    const full = peers.reduce((n, p) => n + (p.ospf === 'Full' ? 1 : 0) + (p.ospf6 === 'Full' ? 1 : 0), 0);
    const ospfTotal = peers.reduce((n, p) => n + 1 + (p.ospf6 === 'off' ? 0 : 1), 0);
    const bfdPeers = peers.filter((p) => p.bfd !== 'off');
    const ready = st?.applied !== undefined && h?.status === 'healthy' && (st.lastAttempt === undefined || st.lastAttempt.outcome === 'success');
    return {
      router: a.router,
      source: 'agent',
      ...(st?.applied && { applied: { commit: st.applied.commit, ageS: Math.max(0, s.now - st.applied.at) } }),
      ready,
      ...(s.suspended && { suspended: s.suspended.reason }),
      ...(h && { peersUp: h.peersUp, peersExpected: peers.length, ospf: `${full}/${ospfTotal} Full`, ...(bfdPeers.length > 0 && { bfd: `${bfdPeers.filter((p) => p.bfd === 'up').length}/${bfdPeers.length} up` }) }),
      ...(st?.lastError && { lastError: `${st.lastError.code}: ${st.lastError.message}` }),
    };
  }
  if (a.forge) {
    return { router: a.router, source: 'forge', note: `agent: ${a.error}`, forgeState: a.forge.state, lastError: a.forge.description };
  }
  return { router: a.router, source: 'none', note: `agent: ${a.error}${a.forgeError ? `; forge: ${a.forgeError}` : ''}` };
}

const short = (sha: string) => sha.slice(0, 7);
const yesNo = (b: boolean | undefined) => (b === undefined ? '-' : b ? 'True' : 'False');

export function renderFleetTable(rows: readonly FleetRow[]): string {
  const table = renderTable(['ROUTER', 'SOURCE', 'APPLIED', 'AGE', 'READY', 'SUSPENDED', 'PEERS', 'OSPF', 'BFD', 'MESSAGE'], rows.map((r) => [
    r.router,
    r.source,
    r.applied ? short(r.applied.commit) : '-',
    r.applied ? formatAge(r.applied.ageS) : '-',
    r.source === 'forge' ? `(${r.forgeState})` : yesNo(r.ready),
    r.suspended !== undefined ? 'True' : r.source === 'agent' ? 'False' : '-',
    r.peersUp !== undefined ? `${r.peersUp}/${r.peersExpected}` : '-',
    r.ospf ?? '-',
    r.bfd ?? '-',
    (r.suspended !== undefined ? `suspended: ${r.suspended}` : r.lastError ?? r.note ?? '').slice(0, 80),
  ]));
  const notes = rows.filter((r) => r.source !== 'agent').map((r) => `${r.router}: ${r.source === 'forge' ? 'from the forge' : 'unknown'} (${r.note})`);
  return `${table}${notes.length > 0 ? `\n${notes.join('\n')}\n` : ''}`;
}

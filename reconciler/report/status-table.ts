/**
 * `dlan status`: one value (`statusView`, also what `--json` prints) and its table
 * (`renderStatusTable`), like `tailscale status`: a header line per router, then one line per
 * peer with its endpoint, handshake age, OSPF states and BFD. Pure: `now` is an argument.
 */
import type { HealthStatus, PeerHealth } from '../health/types.js';
import type { RouterState } from './state-file.js';
import { renderTable } from '../table.js';

export interface StatusView {
  readonly router: string;
  readonly health: HealthStatus | 'unknown';
  readonly peersUp: number;
  readonly peersTotal: number;
  readonly applied?: { readonly commit: string; readonly ageS: number };
  readonly lastAttempt?: { readonly commit: string; readonly outcome: string; readonly ageS: number; readonly description: string };
  readonly lastError?: { readonly commit?: string; readonly code: string; readonly message: string; readonly ageS: number };
  /** Age of the health observation. */
  readonly observedAgeS?: number;
  readonly peers: readonly PeerHealth[];
  readonly problems: readonly string[];
  /** kernel or userspace (wireguard-go), agent.yaml's setting and why. */
  readonly wireguard?: { readonly setting: string; readonly implementation: string; readonly reason: string };
}

const age = (now: number, at: number): number => Math.max(0, Math.round(now - at));

export function statusView(state: RouterState, now: number): StatusView {
  const h = state.health;
  return {
    router: state.router,
    health: h?.status ?? 'unknown',
    peersUp: h?.peersUp ?? 0,
    peersTotal: h?.peers.length ?? 0,
    ...(state.applied ? { applied: { commit: state.applied.commit, ageS: age(now, state.applied.at) } } : {}),
    ...(state.lastAttempt ? { lastAttempt: { commit: state.lastAttempt.commit, outcome: state.lastAttempt.outcome, ageS: age(now, state.lastAttempt.at), description: state.lastAttempt.description } } : {}),
    ...(state.lastError ? { lastError: { ...(state.lastError.commit ? { commit: state.lastError.commit } : {}), code: state.lastError.code, message: state.lastError.message, ageS: age(now, state.lastError.at) } } : {}),
    ...(h ? { observedAgeS: age(now, h.at) } : {}),
    peers: h?.peers ?? [],
    problems: h?.problems ?? [],
    ...(state.wireguard && { wireguard: state.wireguard }),
  };
}

/** 42s, 5m, 3h, 2d. */
export function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

const short = (sha: string): string => sha.slice(0, 7);

/**
 * The header: the health of what runs, and — when the last attempt failed — both: what was
 * refused (or that the fetch failed) and what runs meanwhile, e.g.
 * `r1: refused c0ffee0 (Unsigned); running 1a2b3c4, healthy, 2/2 peers up (checked 3s ago)`.
 */
export function statusHeadline(v: StatusView): string {
  const observed = v.observedAgeS === undefined ? '' : ` (checked ${formatAge(v.observedAgeS)} ago)`;
  const a = v.lastAttempt;
  const e = v.lastError;
  const refused = a && a.outcome !== 'success' && a.commit !== v.applied?.commit ? `refused ${short(a.commit)}${e?.commit === a.commit ? ` (${e.code})` : ''}` : undefined;
  // An error without a commit (the fetch failed) newer than the last attempt.
  const unfetched = e && e.commit === undefined && (!a || e.ageS < a.ageS) ? `cannot fetch (${e.code})` : undefined;
  const failed = unfetched ?? refused;
  const running = failed && v.applied ? `running ${short(v.applied.commit)}, ` : '';
  return `${v.router}: ${failed ? `${failed}; ` : ''}${running}${v.health}, ${v.peersUp}/${v.peersTotal} peers up${observed}`;
}

export function renderStatusTable(v: StatusView): string {
  const out: string[] = [];
  out.push(statusHeadline(v));
  out.push(v.applied ? `applied:      ${short(v.applied.commit)}, ${formatAge(v.applied.ageS)} ago` : 'applied:      nothing yet');
  if (v.lastAttempt && v.lastAttempt.commit !== v.applied?.commit) {
    out.push(`last attempt: ${short(v.lastAttempt.commit)} ${v.lastAttempt.outcome}, ${formatAge(v.lastAttempt.ageS)} ago: ${v.lastAttempt.description}`);
  }
  out.push(v.lastError
    ? `last error:   ${v.lastError.code}${v.lastError.commit ? ` on ${short(v.lastError.commit)}` : ''}, ${formatAge(v.lastError.ageS)} ago: ${v.lastError.message}`
    : 'last error:   none');
  if (v.wireguard) out.push(`wireguard:    ${v.wireguard.implementation === 'kernel' ? 'kernel' : 'userspace (wireguard-go)'}: ${v.wireguard.reason}`);
  if (v.peers.length > 0) {
    out.push('');
    out.push(renderTable(['PEER', 'ENDPOINT', 'HANDSHAKE', 'OSPF', 'OSPF6', 'BFD', 'UP'], v.peers.map((p) => [
      p.name, p.endpoint ?? '-', p.handshakeAgeS === undefined ? 'never' : `${formatAge(p.handshakeAgeS)} ago`,
      p.ospf, p.ospf6, p.bfd, p.up ? 'yes' : 'no',
    ])).trimEnd());
  }
  if (v.problems.length > 0) out.push('', ...v.problems.map((p) => `! ${p}`));
  return `${out.join('\n')}\n`;
}

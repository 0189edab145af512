/**
 * buildPage: every router's answers (status, devices, link round-trips, forwards, events) and the
 * topology in, the page's data out. Pure: `now` and the answers are arguments, so the rules below
 * have fast tests.
 *
 * A link's state is the worse of what its two ends say: each end's health report of the peer
 * (graph/status.ts: down, fresh, full) and each end's ping of the far side of the link (no reply
 * is down). The reports are as old as the router's last reconcile; the pings are seconds old, so
 * a router that stops turns its links red at the next refresh even when its peers reconcile
 * rarely. A link nobody reports on is unknown.
 */
import { type LinkState, peeringKey } from '../graph/model.js';
import { formatRtt } from '../graph/layout-logical.js';
import { linkStates, type RouterStatus } from '../graph/status.js';
import type { Topology } from '../model/model.js';
import { derivePeerings } from '../model/peerings.js';
import { slice, sliceIndex } from '../model/slice.js';
import type { AgentStatus } from '../reconciler/api/types.js';
import type { BackendProbe, ForwardsAnswer, LeasesAnswer, LinksAnswer } from '../reconciler/agent/local/types.js';
import type { DlanEvent } from '../reconciler/events/journal.js';
import type { FleetRow } from '../reconciler/fleet/view.js';
import type { PeerHealth } from '../reconciler/health/types.js';
import type { DeviceView, ForwardView, HistoryRow, LinkView, PageData, RepoFile, RouterView } from './types.js';

/** What the page got from one router. */
export interface RouterAnswers {
  readonly router: string;
  readonly status?: AgentStatus;
  readonly leases?: LeasesAnswer;
  readonly links?: LinksAnswer;
  readonly forwards?: ForwardsAnswer;
  readonly events?: readonly DlanEvent[];
  /** Why a part is missing: `no answer (...)`, `leases: ...`. */
  readonly problems: readonly string[];
}

export interface PageInputs {
  readonly topology: Topology;
  readonly commit?: string;
  readonly servedBy: string;
  /** Unix seconds. */
  readonly now: number;
  readonly rows: readonly FleetRow[];
  readonly answers: readonly RouterAnswers[];
  readonly link: (path: string) => RepoFile;
  readonly repoUrl?: string;
  /** How many events the history keeps (newest first). Default 50. */
  readonly historyLimit?: number;
}

export const PROBE_NOTE = 'Backend health: a TCP connect from the router to each backend every few seconds (nginx OSS reports no upstream health); UDP backends cannot be probed this way.';

const rank: Record<LinkState, number> = { down: 0, fresh: 1, full: 2, unknown: 3 };
const worse = (a: LinkState | undefined, b: LinkState): LinkState => (a === undefined || rank[b] < rank[a] ? b : a);

function peerDetail(p: PeerHealth): string {
  const wg = p.wireguard === 'up' || p.wireguard === 'stale' ? `WireGuard ${p.wireguard}${p.handshakeAgeS !== undefined ? ` (${p.handshakeAgeS} s)` : ''}` : `WireGuard ${p.wireguard}`;
  return [wg, `OSPF ${p.ospf}${p.ospf6 === 'off' ? '' : `/${p.ospf6}`}`, ...(p.bfd === 'off' ? [] : [`BFD ${p.bfd}`])].join(', ');
}

/** FNV-1a, 32 bits, hex: a short version of a string that changes when it does. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export function linkViews(t: Topology, answers: readonly RouterAnswers[]): LinkView[] {
  const reports: RouterStatus[] = answers.flatMap((a) => {
    const peers = a.status?.state?.health?.peers;
    return peers ? [{ router: a.router, peers: peers.map((p) => ({ name: p.name, up: p.up, ...(p.handshakeAgeS !== undefined && { handshakeAgeSeconds: p.handshakeAgeS }), ospf: p.ospf })) }] : [];
  });
  const states = new Map<string, LinkState>(linkStates(reports));
  const rtts = new Map<string, number>();
  const detail = new Map<string, string[]>();
  const say = (key: string, line: string) => detail.set(key, [...(detail.get(key) ?? []), line]);
  for (const a of answers) {
    for (const p of a.status?.state?.health?.peers ?? []) say(peeringKey(a.router, p.name), `${a.router}: ${peerDetail(p)}`);
    for (const l of a.links?.links ?? []) {
      const key = peeringKey(a.router, l.peer);
      if (l.rttMs !== undefined) {
        rtts.set(key, Math.min(rtts.get(key) ?? Infinity, l.rttMs));
        say(key, `${a.router}: ping ${l.address} ${formatRtt(l.rttMs)}`);
      } else {
        states.set(key, worse(states.get(key), 'down'));
        say(key, `${a.router}: ping ${l.address}: ${l.error ?? 'no reply'}`);
      }
    }
  }
  return derivePeerings(t.routers).map((p) => {
    const key = peeringKey(p.a, p.b);
    const rtt = rtts.get(key);
    return { a: p.a, b: p.b, state: states.get(key) ?? 'unknown', ...(rtt !== undefined && { rttMs: rtt }), detail: detail.get(key) ?? ['no router reports on this link'] };
  });
}

function routerViews(i: PageInputs): RouterView[] {
  const byName = new Map(i.answers.map((a) => [a.router, a]));
  return i.topology.routers.map((r) => {
    const a = byName.get(r.name);
    const s = a?.status;
    const place = r.site !== undefined ? i.topology.network.sites[r.site]?.description : undefined;
    const started = s ? Date.parse(s.agent.startedAt) / 1000 : NaN;
    return {
      router: r.name,
      ...(r.site !== undefined && { site: r.site }),
      ...(place !== undefined && { place }),
      file: i.link(r.file),
      ...(s && Number.isFinite(started) && { uptimeS: Math.max(0, Math.round(s.now - started)) }),
      ...(s && { version: s.agent.version }),
      ...(s?.busy && { busy: s.busy.reason }),
      peers: (s?.state?.health?.peers ?? []).map((p) => ({ name: p.name, up: p.up, detail: peerDetail(p) })),
      problems: [...(a?.problems ?? ['not asked']), ...(a?.leases?.problems ?? []).map((p) => `leases: ${p}`)],
    };
  });
}

function deviceViews(i: PageInputs): DeviceView[] {
  const files = new Map(i.topology.routers.map((r) => [r.name, r.file]));
  return i.answers.flatMap((a) => a.leases?.devices ?? [])
    .map((d) => ({ ...d, ...(d.static && files.has(d.router) && { file: i.link(files.get(d.router)!) }) }))
    .sort((x, y) => x.router.localeCompare(y.router) || (x.name ?? '\uffff').localeCompare(y.name ?? '\uffff') || (x.mac ?? '').localeCompare(y.mac ?? ''));
}

function forwardViews(i: PageInputs): ForwardView[] {
  const t = i.topology;
  const byName = new Map(i.answers.map((a) => [a.router, a]));
  const index = sliceIndex(t);
  const out: ForwardView[] = [];
  for (const r of t.routers) {
    if (!t.services.some((s) => s.exposeOn.includes(r.name))) continue;
    const a = byName.get(r.name);
    // The router's own probe when it answered; else the topology's forwards with unknown health.
    const probed = a?.forwards?.forwards;
    const forwards = probed ?? slice(t, r.name, index).forwards.map((f) => ({
      ...f, backends: f.backends.map((b): BackendProbe => ({ ...b, port: f.to, health: 'unknown', error: `${r.name} did not answer` })),
    }));
    for (const f of forwards) {
      const svc = t.services.find((s) => s.name === f.service);
      out.push({
        service: f.service, ...(svc?.description !== undefined && { description: svc.description }), router: r.name,
        port: f.port, protocol: f.protocol, to: f.to, proxyProtocol: f.proxyProtocol, backends: f.backends,
        file: i.link(svc?.file ?? `services/${f.service}.yaml`),
      });
    }
  }
  return out.sort((x, y) => x.router.localeCompare(y.router) || x.protocol.localeCompare(y.protocol) || x.port - y.port);
}

function history(i: PageInputs): HistoryRow[] {
  return i.answers.flatMap((a) => a.events ?? [])
    .sort((x, y) => y.time.localeCompare(x.time) || x.router.localeCompare(y.router))
    .slice(0, i.historyLimit ?? 50)
    .map((e) => ({ ...e, ageS: Math.max(0, Math.round(i.now - Date.parse(e.time) / 1000)) }));
}

export function buildPage(i: PageInputs): PageData {
  const links = linkViews(i.topology, i.answers);
  return {
    network: i.topology.network.name,
    domain: i.topology.network.domain,
    ...(i.commit !== undefined && { commit: i.commit }),
    servedBy: i.servedBy,
    at: i.now,
    rows: i.rows,
    routers: routerViews(i),
    devices: deviceViews(i),
    links,
    forwards: forwardViews(i),
    history: history(i),
    mapVersion: fnv1a(links.map((l) => `${l.a}|${l.b}|${l.state}|${l.rttMs === undefined ? '' : formatRtt(l.rttMs)}`).join(';')),
    probe: PROBE_NOTE,
    repo: { network: i.link('network.yaml'), ...(i.repoUrl !== undefined && { url: i.repoUrl }) },
  };
}

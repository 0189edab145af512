/**
 * Live link states for the logical picture, from the JSON of `dlan status --json` of one or more
 * routers. The shape read here (other fields are ignored):
 *
 *   { "router": "r1", "peers": [ { "name": "r4", "up": true, "handshakeAgeS": 12, "ospf": "Full" } ] }
 *
 * or an array of such objects. One side's view of a link is:
 *   down   up is false, or the last handshake is 180 s old or more (WireGuard's Reject-After-Time:
 *          a session that old carries no traffic);
 *   full   up, and the OSPF adjacency is Full (FRR prints "Full/-", "Full/DR"...);
 *   fresh  up with a recent handshake, OSPF not (yet) Full or not reported.
 * When both ends report, the worse view wins. Links nobody reports on are `unknown`.
 */
import { type LinkState, peeringKey } from './model.js';
import { Stalled } from '../model/errors.js';


export interface PeerStatus {
  readonly name: string;
  readonly up: boolean;
  readonly handshakeAgeSeconds?: number;
  readonly ospf?: string;
}

export interface RouterStatus {
  readonly router: string;
  readonly peers: readonly PeerStatus[];
}

/** Stalled: the status file given to `dlan graph --status` is not what `dlan status --json` prints. */
export class InvalidStatusError extends Stalled {
  declare readonly data: { readonly path: string };
  constructor(message: string, data: { readonly path: string }) {
    super('InvalidStatus', `status ${data.path}: ${message}`, data);
  }
}

/** WireGuard drops a session whose last handshake is this old (Reject-After-Time). */
export const STALE_HANDSHAKE_SECONDS = 180;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parsePeer(v: unknown, path: string): PeerStatus {
  if (!isObject(v)) throw new InvalidStatusError('must be an object', { path });
  if (typeof v.name !== 'string') throw new InvalidStatusError('name must be a string', { path: `${path}.name` });
  if (typeof v.up !== 'boolean') throw new InvalidStatusError('up must be true or false', { path: `${path}.up` });
  // `dlan status --json` names it handshakeAgeS; handshakeAgeSeconds is accepted too.
  const age = v.handshakeAgeS ?? v.handshakeAgeSeconds;
  if (age !== undefined && age !== null && (typeof age !== 'number' || age < 0)) {
    throw new InvalidStatusError('handshakeAgeSeconds must be a number ≥ 0', { path: `${path}.handshakeAgeSeconds` });
  }
  if (v.ospf !== undefined && v.ospf !== null && typeof v.ospf !== 'string') {
    throw new InvalidStatusError('ospf must be a string', { path: `${path}.ospf` });
  }
  return {
    name: v.name, up: v.up,
    ...(typeof age === 'number' && { handshakeAgeSeconds: age }),
    ...(typeof v.ospf === 'string' && { ospf: v.ospf }),
  };
}

/** Checks the shape of parsed status JSON; throws InvalidStatusError naming the first bad field. */
export function parseStatus(value: unknown): RouterStatus[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((r, i) => {
    const path = Array.isArray(value) ? `[${i}]` : '$';
    if (!isObject(r)) throw new InvalidStatusError('must be an object', { path });
    if (typeof r.router !== 'string') throw new InvalidStatusError('router must be a string', { path: `${path}.router` });
    if (!Array.isArray(r.peers)) throw new InvalidStatusError('peers must be an array', { path: `${path}.peers` });
    return { router: r.router, peers: r.peers.map((p, j) => parsePeer(p, `${path}.peers[${j}]`)) };
  });
}

export function peerState(p: PeerStatus): Exclude<LinkState, 'unknown'> {
  if (!p.up) return 'down';
  if (p.handshakeAgeSeconds !== undefined && p.handshakeAgeSeconds >= STALE_HANDSHAKE_SECONDS) return 'down';
  if (p.ospf !== undefined && /^full\b/i.test(p.ospf)) return 'full';
  return 'fresh';
}

const rank: Record<LinkState, number> = { down: 0, fresh: 1, full: 2, unknown: 3 };

/** State of every reported link, keyed by peeringKey(a, b). */
export function linkStates(statuses: readonly RouterStatus[]): Map<string, LinkState> {
  const out = new Map<string, LinkState>();
  for (const s of statuses) {
    for (const p of s.peers) {
      const key = peeringKey(s.router, p.name);
      const mine = peerState(p);
      const seen = out.get(key);
      if (seen === undefined || rank[mine] < rank[seen]) out.set(key, mine);
    }
  }
  return out;
}

/**
 * Asks every router of the topology for its status over the overlay (its loopback, IPv4 then
 * IPv6), all at once with a short timeout, and for the routers that do not answer reads their
 * last commit status on the forge. Works from any router and from any server on a LAN: the
 * loopbacks are routed everywhere by OSPF, and nftables lets the LANs and the overlay in.
 */
import { addressPlanOf } from '../../model/address-plan.js';
import type { Topology } from '../../model/model.js';
import { type AgentAddress, getStatus } from '../api/client.js';
import type { AgentStatus } from '../api/types.js';
import { type ForgeStatus, readStatuses } from '../report/read-statuses.js';
import type { ForgeTarget } from '../report/status.js';
import { type Answer, fleetRow, type FleetRow } from './view.js';

export interface FleetSource {
  readonly topology: Topology;
  /** Where to read statuses of routers that do not answer: the forge and the ref (commit or branch). */
  readonly forge?: { readonly target: ForgeTarget; readonly ref: string };
  readonly timeoutMs?: number;
  /** How to ask one agent (default: HTTP to its status API). */
  readonly ask?: (a: AgentAddress, timeoutMs: number) => Promise<AgentStatus>;
  readonly readForge?: (t: ForgeTarget, ref: string) => Promise<ForgeStatus[]>;
}

/** The status API addresses of every router: its IPv4 and IPv6 loopbacks. */
export function agentAddresses(t: Topology): Map<string, AgentAddress[]> {
  const plan = addressPlanOf(t.network);
  const port = t.network.agentApi.port;
  return new Map(t.routers.map((r) => [r.name, [{ host: plan.loopback4(r.id), port }, { host: plan.loopback6(r.id), port }]]));
}

async function askRouter(addresses: readonly AgentAddress[], ask: NonNullable<FleetSource['ask']>, timeoutMs: number): Promise<AgentStatus> {
  let last: unknown;
  for (const a of addresses) {
    try {
      return await ask(a, timeoutMs);
    } catch (e) {
      last = e; // try the other family; the last error is the one reported
    }
  }
  throw last;
}

export interface Asked { readonly router: string; readonly status?: AgentStatus; readonly error?: string }

/** Every router's agent, asked at once; a router that does not answer has `error`. */
export async function askFleet(src: Pick<FleetSource, 'topology' | 'ask' | 'timeoutMs'>): Promise<Asked[]> {
  const ask = src.ask ?? ((a, ms) => getStatus(a, ms));
  const timeoutMs = src.timeoutMs ?? 3000;
  const addresses = agentAddresses(src.topology);
  return Promise.all(src.topology.routers.map(async (r): Promise<Asked> => {
    try {
      return { router: r.name, status: await askRouter(addresses.get(r.name)!, ask, timeoutMs) };
    } catch (e) {
      return { router: r.name, error: (e as Error).message };
    }
  }));
}

export async function collectFleet(src: FleetSource): Promise<FleetRow[]> {
  const asked = await askFleet(src);
  const missing = asked.filter((a) => a.status === undefined);
  let forge: ForgeStatus[] | undefined;
  let forgeError: string | undefined;
  if (missing.length > 0 && src.forge) {
    try {
      forge = await (src.readForge ?? readStatuses)(src.forge.target, src.forge.ref);
    } catch (e) {
      forgeError = (e as Error).message;
    }
  }
  return asked.map((a): FleetRow => {
    if (a.status) return fleetRow({ router: a.router, status: a.status });
    const fs = forge?.find((s) => s.context === `dlan/${a.router}`);
    const answer: Answer = {
      router: a.router, error: a.error ?? 'no answer',
      ...(fs && { forge: fs }),
      ...(!fs && { forgeError: forgeError ?? (src.forge ? `no dlan/${a.router} status on ${src.forge.ref.slice(0, 12)}` : 'no forge configured') }),
    };
    return fleetRow(answer);
  });
}

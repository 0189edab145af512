/**
 * Gathers the page's data over the overlay: every router's status through collectFleet (so the
 * rows are exactly `dlan status --fleet --json`'s, forge fallback included), then, from each
 * router that answered, on the address that answered, its devices, link round-trips, forwards
 * and recent events, all at once with short timeouts. One failed part is a problem on that
 * router's row, never a failed page.
 */
import { type AgentAddress, call, events, getStatus } from '../reconciler/api/client.js';
import type { AgentStatus } from '../reconciler/api/types.js';
import type { ForwardsAnswer, LeasesAnswer, LinksAnswer } from '../reconciler/agent/local/types.js';
import { collectFleet } from '../reconciler/fleet/collect.js';
import type { AppliedTopology } from '../reconciler/agent/applied-topology.js';
import type { ForgeTarget } from '../reconciler/report/status.js';
import type { RouterAnswers } from './aggregate.js';

export interface Gathered {
  readonly rows: Awaited<ReturnType<typeof collectFleet>>;
  readonly answers: RouterAnswers[];
}

export interface GatherOptions {
  readonly applied: AppliedTopology;
  /** The forge to read the statuses of routers that do not answer. */
  readonly forge?: { readonly target: ForgeTarget; readonly ref: string };
  readonly timeoutMs?: number;
  /** How many events to ask each router for. */
  readonly eventLimit?: number;
  /** Maps a router's status API address to where to reach it (tests serve every agent on 127.0.0.1). */
  readonly resolve?: (a: AgentAddress) => AgentAddress;
}

async function part<T>(name: string, problems: string[], f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    problems.push(`${name}: ${(e as Error).message}`);
    return undefined;
  }
}

export async function gather(o: GatherOptions): Promise<Gathered> {
  const timeoutMs = o.timeoutMs ?? 3000;
  const resolve = o.resolve ?? ((a) => a);
  const answered = new Map<string, { address: AgentAddress; status: AgentStatus }>();
  const rows = await collectFleet({
    topology: o.applied.topology, timeoutMs, ...(o.forge && { forge: o.forge }),
    ask: async (a, ms) => {
      const at = resolve(a);
      const status = await getStatus(at, ms);
      answered.set(status.router, { address: at, status });
      return status;
    },
  });
  const answers = await Promise.all(o.applied.topology.routers.map(async (r): Promise<RouterAnswers> => {
    const got = answered.get(r.name);
    const row = rows.find((x) => x.router === r.name);
    if (!got) return { router: r.name, problems: [row?.note ?? 'no answer'] };
    const problems: string[] = [];
    const get = async <T>(path: string): Promise<T> => JSON.parse(await call(got.address, 'GET', path, { timeoutMs })) as T;
    const [leases, links, forwards, evs] = await Promise.all([
      part('leases', problems, () => get<LeasesAnswer>('/v1/leases')),
      part('links', problems, () => get<LinksAnswer>('/v1/links')),
      part('forwards', problems, () => get<ForwardsAnswer>('/v1/forwards')),
      part('events', problems, () => events(got.address, { limit: o.eventLimit ?? 20 })),
    ]);
    return {
      router: r.name, status: got.status, problems,
      ...(leases && { leases }), ...(links && { links }), ...(forwards && { forwards }), ...(evs && { events: evs }),
    };
  }));
  return { rows, answers };
}

/**
 * What the agent remembers between runs, in its state dir (`/var/lib/dlan`): the last good
 * desired state (to roll back to), the inventory of what dlan made, and a pending-apply marker
 * written before an apply starts, so a run killed half-way is known to the next one.
 * The last applied commit lives in `last-applied` (reconciler/trust/applied-state.ts).
 * Nothing here is secret: desired states hold key paths, never keys.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DesiredState, ServiceName } from '../renderers/state.js';
import type { Inventory } from './plan/observed.js';
import type { Plan } from './plan/plan.js';
import { emptyInventory } from './plan/observed.js';

export interface LastGood {
  readonly commit: string;
  readonly desired: DesiredState;
  readonly at: string;
}

export interface PendingApply {
  readonly commit: string;
  readonly startedAt: string;
  /** What the router was on before: where a failure rolls back to. */
  readonly previous?: string;
  /**
   * The services the apply acts on (reload, restart, nft -f...): if it is killed half-way, the
   * next run acts on them again, since their files may already match and plan no action.
   */
  readonly services?: readonly ServiceName[];
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** temp + fsync + rename: a crash leaves the old or the new file, never half of one. */
export async function writeJsonAtomic(file: string, value: unknown, mode = 0o644): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}

export class StateStore {
  constructor(readonly dir: string) {}

  private path(name: string): string {
    return join(this.dir, name);
  }

  lastGood(): Promise<LastGood | undefined> { return readJson<LastGood>(this.path('last-good.json')); }
  saveLastGood(v: LastGood): Promise<void> { return writeJsonAtomic(this.path('last-good.json'), v); }

  async inventory(): Promise<Inventory> { return (await readJson<Inventory>(this.path('inventory.json'))) ?? emptyInventory; }
  saveInventory(v: Inventory): Promise<void> { return writeJsonAtomic(this.path('inventory.json'), v); }

  pending(): Promise<PendingApply | undefined> { return readJson<PendingApply>(this.path('pending.json')); }
  savePending(v: PendingApply): Promise<void> { return writeJsonAtomic(this.path('pending.json'), v); }
  async clearPending(): Promise<void> { await rm(this.path('pending.json'), { force: true }); }

  /** Commits the agent refused or rolled back by itself: not retried until a newer commit. */
  async rejected(): Promise<Record<string, string>> { return (await readJson<Record<string, string>>(this.path('rejected.json'))) ?? {}; }
  async reject(commit: string, why: string): Promise<void> {
    await writeJsonAtomic(this.path('rejected.json'), { ...(await this.rejected()), [commit]: why });
  }
}

/** What a pending marker lists: the services the plan acts on, plus those an interrupted apply still owes. */
export function owedServices(plan: Plan, pending?: PendingApply): ServiceName[] {
  const acted = plan.steps.flatMap((s) => (s.kind === 'service' && s.op !== 'start' && s.op !== 'stop' ? [s.service] : []));
  return [...new Set([...(pending?.services ?? []), ...acted])].sort();
}

/** Union of two inventories: written before an apply, so whatever it creates is known to be dlan's. */
export function mergeInventories(a: Inventory, b: Inventory): Inventory {
  const uniq = <T>(xs: readonly T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  return {
    files: uniq([...a.files, ...b.files], (x) => x).sort(),
    vxlans: uniq([...a.vxlans, ...b.vxlans], (x) => x).sort(),
    addresses: uniq([...a.addresses, ...b.addresses], (x) => `${x.ifname} ${x.address}`),
    ...((b.wireguard ?? a.wireguard) && { wireguard: b.wireguard ?? a.wireguard }),
    services: uniq([...(a.services ?? []), ...(b.services ?? [])], (x) => x).sort(),
  };
}

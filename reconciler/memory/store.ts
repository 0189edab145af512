/**
 * What the agent remembers between runs, in its state dir (`/var/lib/dlan`): the last good
 * desired state (to roll back to), the inventory of what dlan made, a pending-apply marker
 * written before an apply starts (so a run killed half-way is known to the next one, see
 * intent.ts), the commits it refused, the plan of the last apply that changed something (what a
 * person asks first: what did it do?), and the last applied commit (`last-applied`, read by
 * anti-rollback: reconciler/trust/applied-state.ts). Every file is written by the one atomic
 * write. Nothing here is secret: desired states hold key paths, never keys.
 */
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DesiredState, ServiceName } from '../../renderers/state.js';
import type { Inventory } from '../plan/observed.js';
import { emptyInventory } from '../plan/observed.js';
import { readLastApplied, recordApplied } from '../trust/applied-state.js';
import { readFileIfExists, writeJsonAtomic } from './atomic-write.js';

export interface LastGood {
  readonly commit: string;
  readonly desired: DesiredState;
  /** When this commit's state was first found good (a no-op tick does not write it again). */
  readonly at: string;
}

/** The plan of the last apply that changed something, as `dlan plan` prints it. */
export interface LastPlan {
  readonly commit: string;
  readonly at: string;
  readonly summary: { readonly add: number; readonly change: number; readonly destroy: number };
  readonly text: string;
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
  const text = await readFileIfExists(file);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

const writeJson = (file: string, value: unknown): Promise<void> => writeJsonAtomic(file, value);

export class StateStore {
  /** What this store last wrote as last good: a tick that finds the same commit and state writes nothing. */
  /** What this store last wrote to last-good.json, and the file as it left it (inode, mtime). */
  private savedGood?: { readonly commit: string; readonly desired: DesiredState; readonly file: string };

  constructor(readonly dir: string) {}

  private path(name: string): string {
    return join(this.dir, name);
  }

  lastGood(): Promise<LastGood | undefined> { return readJson<LastGood>(this.path('last-good.json')); }
  /**
   * Every successful tick confirms the last good state; only a new commit or a new rendering
   * (the same object while the agent's render memo holds) is written: an fsync'd write of the
   * whole desired state per tick is CPU and, on an SD card, wear. The file must still be the
   * one this store wrote (one stat: every atomic write is a new inode): `dlan apply` or a
   * rollback from another process may have written another state since.
   */
  async saveLastGood(v: LastGood): Promise<void> {
    const path = this.path('last-good.json');
    if (this.savedGood?.commit === v.commit && this.savedGood.desired === v.desired && this.savedGood.file === await fileId(path)) return;
    await writeJson(path, v);
    this.savedGood = { commit: v.commit, desired: v.desired, file: await fileId(path) };
  }

  async inventory(): Promise<Inventory> { return (await readJson<Inventory>(this.path('inventory.json'))) ?? emptyInventory; }
  saveInventory(v: Inventory): Promise<void> { return writeJson(this.path('inventory.json'), v); }

  lastPlan(): Promise<LastPlan | undefined> { return readJson<LastPlan>(this.path('last-plan.json')); }
  saveLastPlan(v: LastPlan): Promise<void> { return writeJson(this.path('last-plan.json'), v); }

  pending(): Promise<PendingApply | undefined> { return readJson<PendingApply>(this.path('pending.json')); }
  savePending(v: PendingApply): Promise<void> { return writeJson(this.path('pending.json'), v); }
  async clearPending(): Promise<void> { await rm(this.path('pending.json'), { force: true }); }

  /** Commits the agent refused or rolled back by itself: not retried until a newer commit. */
  async rejected(): Promise<Record<string, string>> { return (await readJson<Record<string, string>>(this.path('rejected.json'))) ?? {}; }
  async reject(commit: string, why: string): Promise<void> {
    await writeJson(this.path('rejected.json'), { ...(await this.rejected()), [commit]: why });
  }

  /** The commit running since it was found healthy: what anti-rollback compares with. */
  lastApplied(): Promise<string | undefined> { return readLastApplied(this.dir); }
  recordApplied(commit: string): Promise<void> { return recordApplied(this.dir, commit); }
}

/** A file's identity as left by an atomic write (a rename makes a new inode), or '' when absent. */
async function fileId(path: string): Promise<string> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.ino}:${s.mtimeNs}:${s.size}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

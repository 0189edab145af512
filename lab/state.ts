/**
 * The lab state file: a record of every namespace, mount and process the lab made, written
 * *before* each is made (intent first), so `dlan lab down` can undo everything also after a
 * crash halfway through `lab up`. Written atomically (temp file + rename).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { LabError } from './errors.js';
import type { LabPlan } from './plan.js';

export interface ProcessRecord {
  readonly node: string;
  /** What it is for, e.g. dhclient4, git-server, agent. */
  readonly role: string;
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat: with the pid, identifies the process even after pid reuse. */
  readonly startTime: string;
  /** argv[0] as in /proc/<pid>/cmdline. */
  readonly exe: string;
  readonly log?: string;
}

export interface LabState {
  readonly version: 1;
  readonly prefix: string;
  readonly dir: string;
  /** The topology repo the lab was built from. */
  readonly source: string;
  readonly plan: LabPlan;
  /** `failed`: a `lab up` failed; its processes and namespaces are gone, its files kept. */
  phase: 'building' | 'up' | 'failed';
  /** Why `lab up` failed (phase `failed`). */
  failure?: { readonly step: string; readonly message: string };
  /** Network namespaces, in creation order. */
  readonly netns: string[];
  /** Mount points to unmount, in creation order (down goes in reverse). */
  readonly mounts: string[];
  readonly processes: ProcessRecord[];
  /** Public keys generated in the routers (never the private ones). */
  readonly publicKeys: Record<string, string>;
  gitUrl?: string;
  /** Milliseconds per bring-up step. */
  readonly timings: Record<string, number>;
}

export class StateFile {
  constructor(readonly path: string, readonly state: LabState) {}

  static create(path: string, init: Omit<LabState, 'version' | 'phase' | 'netns' | 'mounts' | 'processes' | 'publicKeys' | 'timings'>): StateFile {
    const f = new StateFile(path, { version: 1, phase: 'building', netns: [], mounts: [], processes: [], publicKeys: {}, timings: {}, ...init });
    f.save();
    return f;
  }

  /** The state of a lab, or undefined when there is none. Unreadable or corrupt state throws. */
  static read(path: string): StateFile | undefined {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const state = JSON.parse(text) as LabState;
    if (state.version !== 1) throw new LabError('InvalidLab', `${path}: unknown state version ${String(state.version)}`, { path });
    return new StateFile(path, state);
  }

  /** Changes the state and writes it before returning. */
  update(change: (s: LabState) => void): void {
    change(this.state);
    this.save();
  }

  private save(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}

/**
 * Brings a topology up in the lab, measures it and proves the model against it (`dlan diff
 * --lab`, test/lab/model.test.ts), then takes the lab down whatever happened. The model says
 * what the network settles to; a lab on a busy machine can stray from it for a while (routes
 * settle a little after OSPF is Full, and a router starved of CPU misses BFD's 300 ms and the
 * network reroutes until the link is back: seen with ten routers at load 20 on two cores). So
 * each measurement starts from a converged lab, and counts only if no BFD session went down
 * while it ran (lab/stability.ts); one that disagrees is repeated, up to `attempts` times in
 * all. The last one counts, and a lasting disagreement is reported as it is.
 */
import { NetworkModel } from '../model/network/index.js';
import { expectedLinks, waitConverged } from './converge.js';
import { labDown } from './down.js';
import { labQuietSeconds } from './stability.js';
import { labPaths } from './paths.js';
import { measureLab } from './measure.js';
import { type Proof, prove, renderProof } from './prove.js';
import { labUp } from './up.js';

export interface LabProof {
  readonly proof: Proof;
  /** Figures: bringing the lab up (until converged), and measuring (all attempts). */
  readonly upMs: number;
  readonly measureMs: number;
  readonly attempts: number;
  /** The last measurement ran while a link of the lab was down: its disagreements say little. */
  readonly unsettled: boolean;
}

export interface ProveOptions {
  readonly topology: string;
  readonly prefix: string;
  readonly root?: string;
  readonly progress?: (line: string) => void;
  /** Measurements at most (default 3). */
  readonly attempts?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function proveInLab(o: ProveOptions): Promise<LabProof> {
  const t0 = performance.now();
  const up = await labUp({ topology: o.topology, prefix: o.prefix, ...(o.root && { root: o.root }), agents: true, dhcp: true, ...(o.progress && { progress: o.progress }) });
  try {
    const upMs = performance.now() - t0;
    const model = new NetworkModel(up.topology);
    const links = expectedLinks(up.topology);
    let attempts = 0;
    for (;;) {
      attempts++;
      await waitConverged(up.lab, { commit: up.commit, links, timeoutMs: 180_000 });
      const start = performance.now();
      const proof = prove(model, await measureLab(up.lab, up.topology, up.servers ?? [], 4));
      const unsettled = await labQuietSeconds(up.lab) < (performance.now() - start) / 1000;
      if (proof.disagreements.length === 0 || attempts >= (o.attempts ?? 3)) {
        return { proof, upMs, measureMs: performance.now() - t0 - upMs, attempts, unsettled };
      }
      o.progress?.(unsettled
        ? `measurement ${attempts}: a link of the lab went down while it ran (a busy machine); measuring again`
        : `measurement ${attempts} disagrees, measuring again: ${renderProof(proof, 'lab').trimEnd()}`);
      await sleep(3000);
    }
  } finally {
    await labDown(labPaths(o.prefix, o.root));
  }
}

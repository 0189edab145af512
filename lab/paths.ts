/**
 * Where one lab keeps everything it made: `/run/dlan-lab/<prefix>/` (tmpfs on most machines, so a
 * reboot, which also ends every namespace, forgets it too).
 *
 *   state.json            what exists: namespaces, mounts, processes (see state.ts)
 *   ns/<node>.mnt|.uts    the nodes' persistent mount and UTS namespaces (ns/ is a private mount)
 *   nodes/<node>/...      what a node sees at /etc/frr, /etc/dlan, /var/log ... (mirror paths)
 *   logs/                 output of the processes the lab started
 *   topology/             the lab's copy of the topology repo (a work tree; origin = the bare repo)
 *   git/topology.git      the bare repo the git server serves
 *   signing/              the lab's SSH signing key and the allowed_signers file trusting it
 */
import { join } from 'node:path';

export const defaultLabRoot = '/run/dlan-lab';

export interface LabPaths {
  readonly dir: string;
  readonly state: string;
  readonly ns: string;
  readonly nodes: string;
  readonly logs: string;
  readonly topology: string;
  /** What the git server exports (GIT_PROJECT_ROOT). */
  readonly gitRoot: string;
  readonly bareRepo: string;
  readonly signingKey: string;
  readonly allowedSigners: string;
  nodeRoot(node: string): string;
  nsFile(node: string, kind: 'mnt' | 'uts'): string;
}

export function labPaths(prefix: string, root = defaultLabRoot): LabPaths {
  const dir = join(root, prefix);
  return {
    dir,
    state: join(dir, 'state.json'),
    ns: join(dir, 'ns'),
    nodes: join(dir, 'nodes'),
    logs: join(dir, 'logs'),
    topology: join(dir, 'topology'),
    gitRoot: join(dir, 'git'),
    bareRepo: join(dir, 'git', 'topology.git'),
    signingKey: join(dir, 'signing', 'lab_ed25519'),
    allowedSigners: join(dir, 'signing', 'allowed_signers'),
    nodeRoot: (node) => join(dir, 'nodes', node),
    nsFile: (node, kind) => join(dir, 'ns', `${node}.${kind}`),
  };
}

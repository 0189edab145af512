/**
 * Where the doctor learns what this router should be: a topology working tree (`--repo DIR
 * --router NAME`), or the agent's own copy (agent.yaml's stateDir: the last applied commit, else
 * the last fetched one). dlan's own daemons are found through the service manager agent.yaml
 * names (systemd units' MainPID, or the process flavour's pid files).
 */
import * as fs from 'node:fs';
import git from 'isomorphic-git';
import { render } from '../../renderers/render.js';
import { slice } from '../../model/slice.js';
import type { AgentConfig } from '../agent-config.js';
import { servicesFor } from '../services/for-config.js';
import type { DaemonName, ServiceManager } from '../services/types.js';
import { readTopologyAt } from '../source/read-topology.js';
import { readFetched, repoDir } from '../source/state-repo.js';
import { Stalled } from '../../model/errors.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { loadTopology } from '../../model/load.js';
import type { RepoFile } from '../../model/repo-files.js';
import { readTopologyDir } from '../source/read-dir.js';
import { readLastApplied } from '../trust/applied-state.js';
import type { WireguardChoice } from '../wireguard/choice.js';
import type { Host } from '../host.js';
import type { DoctorTarget, PortDaemon } from './target.js';

export interface TargetSources {
  readonly host: Host;
  readonly wireguard: WireguardChoice;
  readonly config?: AgentConfig;
  readonly repo?: { readonly dir: string; readonly router: string };
  /** The service manager running dlan's daemons (the agent passes its own). */
  readonly services?: ServiceManager;
  /** Without agent.yaml: which flavour runs dlan's daemons here. Default systemd. */
  readonly flavour?: 'systemd' | 'process';
  /** dlan's build time, when known. */
  readonly builtAt?: Date;
}

function routerFrom(files: readonly RepoFile[], router: string, source: string): DoctorTarget['router'] {
  const r = loadTopology(files);
  if (!r.topology) {
    throw new Stalled('InvalidTopology', `${source} is not a valid topology: ${r.diagnostics.filter((d) => d.severity === 'error').slice(0, 3).map(formatDiagnostic).join('; ')}`, { source });
  }
  return { slice: slice(r.topology, router), source };
}

const DAEMONS: readonly (DaemonName & PortDaemon)[] = ['dnsmasq', 'nginx', 'wireguard'];

export async function doctorTarget(s: TargetSources): Promise<DoctorTarget> {
  const notBefore: { what: string; at: Date }[] = s.builtAt ? [{ what: "dlan's build", at: s.builtAt }] : [];
  let router: DoctorTarget['router'];
  if (s.repo) {
    router = routerFrom(await readTopologyDir(s.repo.dir), s.repo.router, s.repo.dir);
  } else if (s.config) {
    const gitdir = repoDir(s.config.stateDir);
    const applied = await readLastApplied(s.config.stateDir);
    const commit = applied ?? (fs.existsSync(gitdir) ? await readFetched(gitdir) : undefined);
    if (commit) {
      router = routerFrom(await readTopologyAt(gitdir, commit), s.config.router, `commit ${commit.slice(0, 7)}, ${applied ? 'applied' : 'fetched'}`);
      const { commit: c } = await git.readCommit({ fs, gitdir, oid: commit });
      notBefore.push({ what: `commit ${commit.slice(0, 7)}`, at: new Date(c.committer.timestamp * 1000) });
    }
  }
  const services = s.services ?? servicesFor(s.config?.serviceManager ?? s.flavour ?? 'systemd', s.host, router ? render(router.slice) : undefined);
  return {
    ...(router && { router }),
    wireguard: s.wireguard,
    notBefore,
    async own() {
      const statuses = await Promise.all(DAEMONS.map((d) => services.status(d)));
      return {
        pids: new Set(statuses.flatMap((st) => [st.pid, ...(st.parts ?? []).map((p) => p.pid)]).filter((p): p is number => p !== undefined)),
        running: new Set(statuses.filter((st) => st.running).map((st) => st.name as PortDaemon)),
      };
    },
  };
}

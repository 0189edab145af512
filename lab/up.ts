/**
 * `dlan lab up`: builds the physical network of a topology repo on this machine, then prepares
 * the routers to run `dlan agent` (keys, agent.yaml, trusted signer, a served and signed copy of
 * the repo). Steps, each timed in the state file:
 *
 *   load      topology + lab.yaml → LabPlan (pure)
 *   nodes     one network + mount + UTS namespace per node
 *   network   cables, bridges, addresses, routes, sysctls, NAT on the home routers
 *   keys      `dlan keygen` inside every router node
 *   repo      the lab's signed copy of the topology repo, agent.yaml and allowed_signers
 *   git       the git server on the git host
 *   agents    `dlan agent` in every router (when asked: see startAgents)
 *   converge  (with agents) the DHCP clients on the servers, and the wait until every router's
 *             state file says the lab commit is applied with success, OSPF and OSPFv3 are Full on
 *             every link and every server has the addresses and default routes of its LAN's
 *             families
 *   dhcp      (without agents, when asked) only the DHCP clients, e.g. for a hand-run dnsmasq
 *
 * On a failure the processes stop and the namespaces go (everything made so far is in the state
 * file), but the lab folder stays with the logs, the routers' state files and configs, so the
 * error can say where to look; `dlan lab down` removes it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { startAgents, writeAgentFiles, type AgentSettings } from './agents.js';
import { expectedLinks, waitConverged, type RouterConvergence } from './converge.js';
import { startDhcpClients, type DhcpOptions, type ServerAddresses } from './dhcp.js';
import { labDown } from './down.js';
import { LabError } from './errors.js';
import { startGitServer } from './git-server.js';
import { generateRouterKeys } from './keys.js';
import { loadLabPlan } from './load.js';
import { wireNetwork } from './network.js';
import { createNode, prepareNsDir, type Lab } from './node.js';
import { labPaths } from './paths.js';
import { checkPrograms, labPrograms, routerPrograms } from './prerequisites.js';
import { run } from './run.js';
import { StateFile } from './state.js';
import { throwIfAborted } from './wait.js';
import type { Topology } from '../model/model.js';
import { makeSigningKey, writeTopologyRepo } from './topology-repo.js';

export interface UpOptions {
  /** The topology repo (with lab.yaml). */
  readonly topology: string;
  /** Namespace prefix: nodes are `<prefix>-<node>`. Default dlan. */
  readonly prefix?: string;
  /** Where labs keep their state. Default /run/dlan-lab. */
  readonly root?: string;
  /** Start `dlan agent` in every router. Default false. */
  readonly agents?: boolean | AgentSettings;
  /** Start the servers' DHCP clients and wait for their addresses (needs running routers). */
  readonly dhcp?: boolean | DhcpOptions;
  /** With agents: wait until the network has converged (see converge.ts). Default 180 s. */
  readonly convergeTimeoutMs?: number;
  /** Progress lines, e.g. to stderr. */
  readonly progress?: (line: string) => void;
  /**
   * Stop between steps and in the waits (Aborted), e.g. on Ctrl-C; the lab is then stopped like
   * after any failure (files kept) and the caller takes it down.
   */
  readonly signal?: AbortSignal;
}

export interface UpResult {
  readonly lab: Lab;
  readonly commit: string;
  /** The topology the lab was built from (as loaded from the source folder). */
  readonly topology: Topology;
  readonly servers?: readonly ServerAddresses[];
  /** With agents: every router's view of the lab commit once converged. */
  readonly routers?: readonly RouterConvergence[];
}

export async function labUp(opts: UpOptions): Promise<UpResult> {
  if (process.getuid?.() !== 0) throw new LabError('NotRoot', 'the lab needs root (network and mount namespaces)');
  checkPrograms(opts.agents ? { ...labPrograms, ...routerPrograms } : labPrograms);
  const prefix = opts.prefix ?? 'dlan';
  const paths = labPaths(prefix, opts.root);
  const say = opts.progress ?? (() => {});
  const timings: Record<string, number> = {};
  let current = 'load';
  const step = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    throwIfAborted(opts.signal);
    current = name;
    const t0 = performance.now();
    const v = await f();
    timings[name] = Math.round(performance.now() - t0);
    say(`${name}: ${timings[name]} ms`);
    return v;
  };

  const { plan, topology } = await step('load', () => loadLabPlan(opts.topology, prefix));
  if (existsSync(paths.dir)) {
    const failed = StateFile.read(paths.state)?.state.phase === 'failed';
    throw new LabError('LabExists', `${failed ? `a failed lab up left its files in ${paths.dir}` : `a lab with prefix ${prefix} exists (${paths.dir})`}; take it down first: dlan lab down --prefix ${prefix}`, { prefix, dir: paths.dir });
  }
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  // Everything of the lab lives in memory, whatever file system /run is on (a crash before the
  // state file exists leaves only this mount, which `lab down` finds under the folder).
  await run('mount', ['-t', 'tmpfs', '-o', 'mode=0700', `dlan-lab-${prefix}`, paths.dir]);
  const state = StateFile.create(paths.state, { prefix, dir: paths.dir, source: opts.topology, plan });
  state.update((s) => { s.mounts.push(paths.dir); });
  const lab: Lab = { paths, plan, state };
  try {
    await step('nodes', async () => {
      await prepareNsDir(lab);
      // The first `ip netns add` may have to set up /run/netns itself: alone; then all at once.
      const [first, ...rest] = plan.nodes;
      if (first) await createNode(lab, first);
      await Promise.all(rest.map((n) => createNode(lab, n)));
    });
    await step('network', () => wireNetwork(lab));
    const keys = await step('keys', () => generateRouterKeys(lab));
    const commit = await step('repo', async () => {
      const allowed = await makeSigningKey(paths);
      const c = await writeTopologyRepo(paths, opts.topology, keys);
      if (plan.git) writeAgentFiles(lab, allowed, typeof opts.agents === 'object' ? opts.agents : {});
      return c;
    });
    if (plan.git) await step('git', () => startGitServer(lab));
    if (opts.agents) await step('agents', () => startAgents(lab));
    state.update((s) => { s.phase = 'up'; Object.assign(s.timings, timings); });
    let servers: ServerAddresses[] | undefined;
    let routers: RouterConvergence[] | undefined;
    const dhcp = typeof opts.dhcp === 'object' ? opts.dhcp : {};
    if (opts.agents) {
      const timeoutMs = opts.convergeTimeoutMs ?? 180_000;
      [routers, servers] = await step('converge', () => Promise.all([
        waitConverged(lab, { commit, links: expectedLinks(topology), timeoutMs, progress: (l) => say(`  ${l}`), ...(opts.signal && { signal: opts.signal }) }),
        opts.dhcp === false ? Promise.resolve(undefined) : startDhcpClients(lab, { timeoutMs, ...dhcp, ...(opts.signal && { signal: opts.signal }) }),
      ]));
    } else if (opts.dhcp) servers = await step('dhcp', () => startDhcpClients(lab, { ...dhcp, ...(opts.signal && { signal: opts.signal }) }));
    state.update((s) => { Object.assign(s.timings, timings); });
    return { lab, commit, topology, ...(servers && { servers }), ...(routers && { routers }) };
  } catch (e) {
    say(`failed during ${current}: ${(e as Error).message.split('\n')[0]}; stopping the lab's processes and namespaces, keeping its files`);
    try {
      await labDown(paths, { keepFiles: true });
      state.update((s) => { s.phase = 'failed'; s.failure = { step: current, message: (e as Error).message }; });
    } catch (down) {
      say(`stopping the lab failed too: ${(down as Error).message}`);
    }
    throw failedUp(e, current, lab);
  }
}

/** The error of a failed `lab up`: what failed, in which step, and where its logs and state are kept. */
function failedUp(e: unknown, step: string, lab: Lab): LabError {
  const { paths, plan } = lab;
  const routers = plan.routers.map((r) => r.node);
  const kept = [
    `lab up failed during ${step}: ${(e as Error).message}`,
    `kept for reading (the lab's processes and namespaces are stopped):`,
    `  logs of every process      ${paths.logs}/<node>-<role>.log`,
    ...(routers.length ? [`  each router's dlan state  ${paths.nodes}/<router>/var/lib/dlan/state.json (routers: ${routers.join(', ')})`] : []),
    `  the lab's own record       ${paths.state}`,
    `remove them with: dlan lab down --prefix ${plan.prefix}`,
  ].join('\n');
  const code = e instanceof LabError ? e.code : 'UpFailed';
  return new LabError(code, kept, { ...(e instanceof LabError ? e.data : {}), step, kept: paths.dir });
}

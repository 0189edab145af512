/**
 * Nodes: making one (network namespace + persistent mount and UTS namespaces, see node-setup.ts),
 * and running commands in one with `nsenter --net=… --mount=… --uts=…` (`ip netns exec` would
 * not see the node's private /run).
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { netnsHost, type Host } from '../reconciler/host.js';
import { LabError } from './errors.js';
import { nodeMounts, renderNodeSetup } from './node-setup.js';
import type { LabPaths } from './paths.js';
import type { LabPlan, NodePlan } from './plan.js';
import { identify, type Identity } from './proc.js';
import { run, type RunOptions, type RunResult } from './run.js';
import type { ProcessRecord, StateFile } from './state.js';
import { waitFor } from './wait.js';

/** A lab as its modules use it: where it lives, what it is, what it made so far. */
export interface Lab {
  readonly paths: LabPaths;
  readonly plan: LabPlan;
  readonly state: StateFile;
}

export function nodeOf(lab: Lab, name: string): NodePlan {
  const n = lab.plan.nodes.find((x) => x.name === name);
  if (!n) throw new LabError('UnknownNode', `no node ${name} in this lab (nodes: ${lab.plan.nodes.map((x) => x.name).join(', ')})`, { node: name });
  return n;
}

/** nsenter arguments that enter a node; `mounts: false` keeps the host's file system view. */
export function enterArgs(lab: Lab, name: string, opts: { mounts?: boolean } = {}): string[] {
  const n = nodeOf(lab, name);
  const args = [`--net=/run/netns/${n.netns}`];
  if (opts.mounts !== false) args.push(`--mount=${lab.paths.nsFile(name, 'mnt')}`, `--uts=${lab.paths.nsFile(name, 'uts')}`);
  return [...args, '--'];
}

/** The reconciler's Host for a node (commands and files inside its namespaces), e.g. for an agent-less test. */
export function nodeHost(lab: Lab, name: string): Host {
  const n = nodeOf(lab, name);
  return netnsHost({ net: `/run/netns/${n.netns}`, mount: lab.paths.nsFile(name, 'mnt'), uts: lab.paths.nsFile(name, 'uts') });
}

/** Runs a command inside a node to completion; a failure names the node and the command. */
export async function execInNode(lab: Lab, name: string, argv: readonly string[], opts: RunOptions & { mounts?: boolean } = {}): Promise<RunResult> {
  try {
    return await run('nsenter', [...enterArgs(lab, name, opts), ...argv], { cwd: '/', ...opts });
  } catch (e) {
    if (!(e instanceof LabError)) throw e;
    const why = (e.data.stderr as string | undefined)?.trim().split('\n').slice(-3).join(' / ') ?? e.message;
    const how = e.data.code === undefined ? 'failed' : `exited ${String(e.data.code)}`;
    throw new LabError(e.code, `in node ${name}: ${argv.join(' ')} ${how}: ${why}`, { ...e.data, node: name, argv });
  }
}

/**
 * Starts a long-running process inside a node, detached (it outlives `dlan lab up`), output to
 * logs/<node>-<role>.log, and records it by PID and start time before returning. Give daemons
 * their foreground flag (`wireguard-go -f`, `dnsmasq -k`, `dhclient -d`): a process that exits at
 * once is an error.
 */
export async function spawnInNode(lab: Lab, name: string, role: string, argv: readonly string[],
  opts: { mounts?: boolean; env?: Readonly<Record<string, string | undefined>> } = {}): Promise<ProcessRecord> {
  mkdirSync(lab.paths.logs, { recursive: true });
  const log = join(lab.paths.logs, `${name}-${role}.log`);
  const fd = openSync(log, 'a', 0o600);
  let pid: number | undefined;
  try {
    const child = spawn('nsenter', [...enterArgs(lab, name, opts), ...argv], {
      detached: true, stdio: ['ignore', fd, fd], cwd: '/', ...(opts.env && { env: opts.env }),
    });
    pid = child.pid;
    child.unref();
    if (pid === undefined) throw new LabError('CommandFailed', `could not start ${argv[0]} in ${name}`, { node: name, argv });
  } finally {
    closeSync(fd);
  }
  const first = identify(pid);
  if (!first) throw new LabError('CommandFailed', `${argv[0]} in ${name} exited at once; see ${log}`, { node: name, argv, log });
  const record: ProcessRecord = { node: name, role, pid, startTime: first.startTime, exe: argv[0]!, log };
  lab.state.update((s) => { s.processes.push(record); });
  // nsenter execs the command (no fork without a PID namespace): wait until it has.
  const outcome = await waitFor(`${argv[0]} to start in ${name}`, () => startOutcome(identify(pid!)), { timeoutMs: 5000, intervalMs: 5 });
  if (outcome === 'exited') throw new LabError('CommandFailed', `${argv[0]} in ${name} exited at once; see ${log}`, { node: name, argv, log });
  return record;
}

/**
 * Where a process started through nsenter stands: undefined while nsenter has not exec'd the
 * command yet. An empty command line is a process on its way out (the kernel drops it before
 * the zombie state), e.g. nsenter after its exec failed: not running, soon gone or a zombie.
 */
export function startOutcome(i: Identity | undefined): 'exited' | 'running' | undefined {
  if (!i || i.state === 'Z' || i.state === 'X') return 'exited';
  return i.exe === 'nsenter' || i.exe === '' ? undefined : 'running';
}

/** The node's folder, seeded from the host where a daemon expects files (see nodeMounts). */
function prepareNodeRoot(root: string): void {
  for (const m of nodeMounts) {
    const dest = join(root, m.target);
    if (m.kind === 'file') {
      mkdirSync(join(dest, '..'), { recursive: true });
      writeFileSync(dest, '', { mode: m.mode });
      continue;
    }
    mkdirSync(dest, { recursive: true, mode: m.mode });
    chmodSync(dest, m.mode);
  }
}

async function seedNodeRoot(root: string): Promise<void> {
  for (const m of nodeMounts) {
    if (!m.seed) continue;
    let entries: string[];
    try {
      entries = readdirSync(m.target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // package not installed: nothing to seed
      throw e;
    }
    const dest = join(root, m.target);
    const hostDir = lstatSync(m.target);
    chownSync(dest, hostDir.uid, hostDir.gid);
    chmodSync(dest, hostDir.mode & 0o7777);
    const copy: string[] = [];
    for (const e of entries.sort()) {
      const src = join(m.target, e);
      const st = lstatSync(src);
      const skipped = m.skip?.includes(e);
      if (st.isDirectory() && (m.seed === 'dirs' || skipped)) {
        mkdirSync(join(dest, e), { recursive: true });
        chownSync(join(dest, e), st.uid, st.gid);
        chmodSync(join(dest, e), st.mode & 0o7777);
      } else if (!skipped && (m.seed === 'tree' || (m.seed === 'files' && st.isFile()))) copy.push(src);
    }
    if (copy.length) await run('cp', ['-a', ...copy, `${dest}/`]);
  }
}

/** The ns/ folder must be a private mount: the kernel refuses a mount namespace file bound where it would propagate into that namespace. */
export async function prepareNsDir(lab: Lab): Promise<void> {
  mkdirSync(lab.paths.ns, { recursive: true, mode: 0o700 });
  lab.state.update((s) => { s.mounts.push(lab.paths.ns); });
  await run('mount', ['--bind', lab.paths.ns, lab.paths.ns]);
  await run('mount', ['--make-private', lab.paths.ns]);
}

/** Makes one node: folder, network namespace, mount + UTS namespaces. Each is recorded before it is made. */
export async function createNode(lab: Lab, node: NodePlan): Promise<void> {
  const root = lab.paths.nodeRoot(node.name);
  prepareNodeRoot(root);
  await seedNodeRoot(root);
  lab.state.update((s) => { s.netns.push(node.netns); });
  await run('ip', ['netns', 'add', node.netns]);
  const mnt = lab.paths.nsFile(node.name, 'mnt');
  const uts = lab.paths.nsFile(node.name, 'uts');
  writeFileSync(mnt, '');
  writeFileSync(uts, '');
  lab.state.update((s) => { s.mounts.push(uts, mnt); });
  await run('unshare', [`--mount=${mnt}`, `--uts=${uts}`, '--propagation', 'private', '--', 'sh', '-c', renderNodeSetup(node.name, root)]);
}

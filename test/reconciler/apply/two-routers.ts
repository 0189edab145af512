/**
 * Two dlan routers in network namespaces, set up the way the lab sets up a router node, for the
 * reconcile tests and the benchmark:
 * - `hub` (id 1) has a public endpoint 192.0.2.1:51820 and no LAN; it exposes port forwards.
 * - `spoke` (id 2) has no endpoint (it dials the hub) and a LAN on `eth1` (10.2.0.0/24).
 * Both are joined by a veth named `eth0` on each side (192.0.2.1/24, 192.0.2.2/24: the
 * "internet"). Each node has private /etc/dlan, /etc/frr, /etc/nginx, /etc/dnsmasq.d,
 * /var/lib/dlan... (bind mounts) and /run (tmpfs), so every program runs with its default paths.
 * Keys are made by `dlan keygen` inside each node; the topology repo is signed with a test SSH
 * key that each node's /etc/dlan/allowed_signers trusts. The hub pulls over smart HTTP from a
 * git server running in its own network namespace (127.0.0.1:8418), the spoke from the bare
 * repository's path. Nothing of dlan runs in the test process: `dlan apply` and `dlan agent` run
 * inside the nodes through nsenter.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { makeNode, nodeName, removeNode, waitFor, type NodeNs } from '../../support/ns-node.js';
import { fromRoot } from '../../support/paths.js';
import { removeDir, signerLine, sshKey, tempDir, type SshKey, WorkRepo } from '../../support/signed-repo.js';

const exec = promisify(execFile);

export const GIT_PORT = 8418;
const BINDS = ['/etc/frr', '/etc/wireguard', '/etc/dlan', '/etc/nginx', '/etc/dnsmasq.d', '/etc/sysctl.d', '/var/lib/misc', '/var/lib/dlan',
  '/var/lib/nginx', '/var/log/frr', '/var/log/nginx'];

export type RouterName = 'hub' | 'spoke';

export interface Router {
  readonly name: RouterName;
  readonly node: NodeNs;
  publicKey: string;
}

export interface TwoRouters {
  readonly dir: string;
  readonly hub: Router;
  readonly spoke: Router;
  readonly repo: WorkRepo;
  readonly key: SshKey;
  /** The hub's git server (in its network namespace), while it runs. */
  git?: ChildProcess;
}

export interface RunResult { readonly code: number; readonly stdout: string; readonly stderr: string }

/** Runs a command inside a node (network, mount and UTS namespaces), to completion. */
export function inNode(node: NodeNs, argv: readonly string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('nsenter', [`--net=${node.net}`, `--mount=${node.mount}`, `--uts=${node.uts}`, '--wd=/', '--', ...argv],
      { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.env && { env: opts.env }) });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, stdout, stderr }); });
  });
}

/** Starts a long-running command inside a node (output collected); the caller kills it by PID. */
export function spawnInNode(node: NodeNs, argv: readonly string[], env?: NodeJS.ProcessEnv): ChildProcess & { output: () => string } {
  const child = spawn('nsenter', [`--net=${node.net}`, `--mount=${node.mount}`, `--uts=${node.uts}`, '--wd=/', '--', ...argv],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(env && { env }) });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return Object.assign(child, { output: () => out });
}

export const dlanArgv = (...args: string[]): string[] => [process.execPath, fromRoot('dist', 'cli', 'dlan.js'), ...args];

export async function sh(node: NodeNs, script: string): Promise<string> {
  const r = await node.host.run('sh', ['-c', script]);
  if (r.code !== 0) throw new Error(`${node.name}: ${script}: exit ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

// ------------------------------------------------------------------------------ topology

export interface TopologyOptions {
  /** Port forwards on the hub: `{ name: port }`, to the spoke's LAN host s2 on 8000 + port. */
  readonly forwards?: Readonly<Record<string, number>>;
  /** Override the spoke's public key as the hub sees it (a wrong key breaks the tunnel). */
  readonly spokeKey?: string;
  /** The hub's `wan.interface` (default eth0, the port it has). */
  readonly hubWan?: string;
}

export function topologyFiles(t: TwoRouters, o: TopologyOptions = {}): Record<string, string> {
  const files: Record<string, string> = {
    'network.yaml': stringify({
      name: 'two', domain: 'lan', overlay: { ipv4: '10.255.0.0/16', ipv6: 'fd64:6c61:6e::/48' },
      wireguard: { port: 51820 }, mtu: 1500, ospf: { hello: 1, dead: 3, retransmit: 1, cost: 10 }, bfd: { interval: 100, multiplier: 3 },
      sites: { cloud: { description: 'the hub', nat: false }, home: { description: 'the spoke', nat: true } },
    }),
    'routers/hub.yaml': stringify({ id: 1, site: 'cloud', publicKey: t.hub.publicKey, endpoint: '192.0.2.1:51820', wan: { interface: o.hubWan ?? 'eth0' } }),
    'routers/spoke.yaml': stringify({
      id: 2, site: 'home', publicKey: o.spokeKey ?? t.spoke.publicKey, wan: { interface: 'eth0' },
      lan: { interface: 'eth1', ipv4: '10.2.0.0/24', ipv6: 'fd00:2::/64', dhcp: { range: '10.2.0.100-10.2.0.199', lease: '12h' },
        hosts: [{ name: 's2', mac: '02:00:00:00:02:02', ipv4: '10.2.0.10' }] },
    }),
  };
  for (const [name, port] of Object.entries(o.forwards ?? { web: 80 })) {
    files[`services/${name}.yaml`] = stringify({ description: `${name} on s2`, backends: ['s2'], forwards: [{ port, to: 8000 + port }], exposeOn: ['hub'] });
  }
  return files;
}

/** Commits (signed by the test key) exactly this topology: files of services not listed are removed. */
export async function commitTopology(t: TwoRouters, message: string, o: TopologyOptions = {}): Promise<string> {
  await removeDir(join(t.repo.dir, 'services'));
  return t.repo.commit(message, topologyFiles(t, o), { sign: t.key });
}

// ------------------------------------------------------------------------------ agent config

export interface AgentOptions {
  readonly interval?: string;
  readonly rollbackWindow?: string;
  /** Forge status reporting (the URL must be reachable from the node). */
  readonly status?: Record<string, unknown>;
}

export function agentConfig(t: TwoRouters, r: Router, o: AgentOptions = {}): string {
  return stringify({
    router: r.name,
    repo: { url: r.name === 'hub' ? `http://127.0.0.1:${GIT_PORT}/topo.git` : t.repo.bare, branch: 'main' },
    trust: { allowedSigners: '/etc/dlan/allowed_signers' },
    serviceManager: 'process',
    schedule: { interval: o.interval ?? '1h', jitter: '0s' },
    rollback: { enabled: true, window: o.rollbackWindow ?? '120s' },
    ...(o.status && { status: o.status }),
    log: 'json',
  });
}

export async function writeAgentConfig(t: TwoRouters, r: Router, o: AgentOptions = {}): Promise<void> {
  await writeFile(join(r.node.outside('/etc/dlan'), 'agent.yaml'), agentConfig(t, r, o), { mode: 0o600 });
}

// ------------------------------------------------------------------------------ set-up

async function makeRouterNode(prefix: string, name: RouterName): Promise<NodeNs> {
  const node = await makeNode(nodeName(prefix, name === 'hub' ? 'h' : 's'), {
    binds: BINDS, seed: { '/etc/frr': '/etc/frr', '/etc/nginx': '/etc/nginx' },
  });
  // Owners as the packages set them: FRR writes its log as frr, reads /etc/frr as frr.
  for (const p of ['/etc/frr', '/var/log/frr']) {
    const st = statSync(p);
    chownSync(node.outside(p), st.uid, st.gid);
  }
  return node;
}

export async function startGitServer(t: TwoRouters): Promise<void> {
  const child = spawn('nsenter', [`--net=${t.hub.node.net}`, '--', process.execPath, fromRoot('dist', 'lab', 'git-server-main.js'),
    join(t.dir, 'srv'), '127.0.0.1', String(GIT_PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.git = child;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => reject(new Error(`git server exited (${c})`)));
    child.stdout!.once('data', () => resolve());
  });
}

export async function stopGitServer(t: TwoRouters): Promise<void> {
  const c = t.git;
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  const gone = new Promise((r) => c.once('exit', r));
  c.kill('SIGKILL');
  await gone;
  t.git = undefined;
}

export async function makeTwoRouters(prefix: string): Promise<TwoRouters> {
  const dir = await tempDir('two');
  const nodes: NodeNs[] = [];
  try {
    nodes.push(await makeRouterNode(prefix, 'hub'), await makeRouterNode(prefix, 'spoke'));
    const [hn, sn] = nodes as [NodeNs, NodeNs];
    await exec('ip', ['link', 'add', 'eth0', 'netns', hn.name, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', sn.name]);
    await sh(hn, 'ip addr add 192.0.2.1/24 dev eth0 && ip link set eth0 up');
    await sh(sn, 'ip addr add 192.0.2.2/24 dev eth0 && ip link set eth0 up && ip link add eth1 type veth peer name lan-s2 && ip link set eth1 up && ip link set lan-s2 up');
    const key = await sshKey(dir, 'ed25519', 'alice');
    await mkdir(join(dir, 'srv'), { recursive: true });
    const repo = await WorkRepo.create(join(dir, 'work'), join(dir, 'srv', 'topo.git'));
    const router = async (name: RouterName, node: NodeNs): Promise<Router> => {
      const r = await inNode(node, dlanArgv('keygen', '--out', '/etc/dlan/wireguard.key', '--json'));
      if (r.code !== 0) throw new Error(`dlan keygen in ${name}: ${r.stderr}`);
      await writeFile(join(node.outside('/etc/dlan'), 'allowed_signers'), `${signerLine('alice@example.org', key)}\n`);
      return { name, node, publicKey: (JSON.parse(r.stdout) as { publicKey: string }).publicKey };
    };
    const t: TwoRouters = { dir, hub: await router('hub', hn), spoke: await router('spoke', sn), repo, key };
    await writeAgentConfig(t, t.hub);
    await writeAgentConfig(t, t.spoke);
    await startGitServer(t);
    return t;
  } catch (e) {
    for (const n of nodes) await removeNode(n);
    await removeDir(dir);
    throw e;
  }
}

export async function removeTwoRouters(t: TwoRouters | undefined): Promise<void> {
  if (!t) return;
  await stopGitServer(t);
  await removeNode(t.hub.node);
  await removeNode(t.spoke.node);
  await removeDir(t.dir);
}

// ------------------------------------------------------------------------------ command shims

/** The programs dlan runs through PATH (FRR's scripts are run by absolute path). */
const SHIMMED = ['ip', 'wg', 'nft', 'sysctl', 'nginx', 'dnsmasq', 'vtysh', 'sh', 'wireguard-go', 'mkdir', 'setsid'];

/**
 * A directory of wrappers, one per program dlan runs, put first in PATH of a `dlan` run:
 * with DLAN_TRACE=FILE each appends its command line to FILE; with DLAN_HOLD=DIR and
 * DLAN_HOLD_ON="nft -f" the command whose line starts so writes its PID to DIR/held and waits
 * for DIR/go before running (so a test can kill dlan while it is blocked there).
 */
export async function makeShims(dir: string): Promise<string> {
  const bin = join(dir, 'shims');
  await mkdir(bin, { recursive: true });
  for (const name of SHIMMED) {
    const real = (await exec('sh', ['-c', `command -v ${name}`])).stdout.trim();
    await writeFile(join(bin, name), `#!/bin/sh
line="${name} $*"
[ -n "$DLAN_TRACE" ] && printf '%s\n' "$line" >> "$DLAN_TRACE"
if [ -n "$DLAN_HOLD" ]; then
  case "$line" in "$DLAN_HOLD_ON"*) echo $$ > "$DLAN_HOLD/held"; while [ ! -e "$DLAN_HOLD/go" ]; do sleep 0.02; done ;; esac
fi
exec ${real} "$@"
`, { mode: 0o755 });
  }
  return bin;
}

/** The environment of a `dlan` run through the shims. */
export const shimEnv = (shims: string, extra: Record<string, string>): NodeJS.ProcessEnv =>
  ({ ...process.env, PATH: `${shims}:${process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}`, ...extra });

// ------------------------------------------------------------------------------ running dlan

export interface ApplyJson {
  readonly ok: boolean;
  readonly commit: string | null;
  readonly conditions: { type: string; status: boolean; reason: string; message: string }[];
  readonly ready: { status: boolean; reason: string; message: string };
  readonly plan?: { summary: { add: number; change: number; destroy: number }; steps: { kind: string; op: string; path?: string; service?: string }[] };
  readonly rolledBack?: string;
}

/** `dlan apply --json` inside the router's node. */
export async function dlanApply(r: Router, env?: NodeJS.ProcessEnv): Promise<ApplyJson & { stderr: string }> {
  const res = await inNode(r.node, dlanArgv('apply', '--config', '/etc/dlan/agent.yaml', '--json'), { ...(env && { env }) });
  if (res.stdout.trim() === '') throw new Error(`dlan apply in ${r.name} printed nothing (exit ${res.code}): ${res.stderr}`);
  return { ...(JSON.parse(res.stdout) as ApplyJson), stderr: res.stderr };
}

/** ping from a node: packets sent and received. */
export async function ping(node: NodeNs, to: string, opts: { count: number; intervalS: number; from?: string }): Promise<{ sent: number; received: number }> {
  const r = await node.host.run('ping', ['-n', '-q', '-c', String(opts.count), '-i', String(opts.intervalS), '-W', '1', ...(opts.from ? ['-I', opts.from] : []), to],
    { timeoutMs: (opts.count * opts.intervalS + 10) * 1000 });
  const m = /(\d+) packets transmitted, (\d+) received/.exec(r.stdout);
  return { sent: Number(m?.[1] ?? 0), received: Number(m?.[2] ?? 0) };
}

export interface Neighbour { readonly state: string; readonly ifname: string }

/** OSPF neighbours (router-id → state, uptime in ms) as ospfd reports them. */
export async function ospfNeighbours(node: NodeNs): Promise<Record<string, { state: string; upTimeMs: number }>> {
  const r = await node.host.run('vtysh', ['-c', 'show ip ospf neighbor json']);
  if (r.code !== 0) return {};
  const j = JSON.parse(r.stdout) as { neighbors?: Record<string, { nbrState?: string; converged?: string; upTimeInMsec?: number }[]> };
  const out: Record<string, { state: string; upTimeMs: number }> = {};
  for (const [id, list] of Object.entries(j.neighbors ?? {})) {
    const n = list[0]!;
    out[id] = { state: (n.nbrState ?? n.converged ?? '').split('/')[0]!, upTimeMs: n.upTimeInMsec ?? 0 };
  }
  return out;
}

export const waitOspfFull = (node: NodeNs, neighbour: string, timeoutMs = 30_000): Promise<true> =>
  waitFor(`OSPF Full with ${neighbour} on ${node.name}`, async () => (await ospfNeighbours(node))[neighbour]?.state === 'Full' || undefined, timeoutMs, 200);

// ------------------------------------------------------------------------------ observations

/** The PIDs of every daemon dlan runs in a node (pid files, as the process service manager keeps them). */
export async function daemonPids(node: NodeNs): Promise<Record<string, string>> {
  const files = ['/run/dlan/nginx.pid', '/run/dlan/dnsmasq.pid', '/run/dlan/wireguard-go.wg-dlan.pid',
    ...['watchfrr', 'zebra', 'ospfd', 'ospf6d', 'bfdd', 'staticd'].map((d) => `/var/run/frr/${d}.pid`)];
  const out: Record<string, string> = {};
  for (const f of files) {
    const text = await node.host.readFile(f);
    if (text !== undefined) out[f.replace(/^.*\//, '').replace(/\.pid$/, '')] = text.trim();
  }
  return out;
}

/** The files dlan renders on a router. */
export const DLAN_FILES = ['/etc/dlan/nftables.nft', '/etc/dlan/nginx.conf', '/etc/dlan/wg-dlan.conf', '/etc/dnsmasq.d/dlan.conf',
  '/etc/frr/daemons', '/etc/frr/frr.conf', '/etc/sysctl.d/90-dlan.conf'];

/** Content, inode and modification time of each of dlan's files that exists (a rewrite changes the inode). */
export async function fileSnapshot(node: NodeNs): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of DLAN_FILES) {
    const content = await node.host.readFile(f);
    if (content === undefined) continue;
    const st = await node.host.run('stat', ['-c', '%i %y %a', f], { check: true });
    out[f] = `${st.stdout.trim()}\n${content}`;
  }
  return out;
}

/** The ports a node listens on (TCP), from `ss`. */
export async function tcpListening(node: NodeNs): Promise<number[]> {
  const r = await node.host.run('ss', ['-Hltn'], { check: true });
  const ports = r.stdout.split('\n').map((l) => Number(/:(\d+)$/.exec(l.trim().split(/\s+/)[3] ?? '')?.[1] ?? 0));
  return [...new Set(ports.filter((n) => n > 0))].sort((a, b) => a - b);
}

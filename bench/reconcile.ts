/**
 * The reconcile loop on a sample router: r4 of sample-repo (4 peers, 3 port forwards, FRR,
 * dnsmasq, nginx, nftables), alone in a network namespace set up like a lab node, pulling the
 * signed sample repo over smart HTTP from a git server in its namespace. The agent's code runs
 * inside the node (this file re-run there with `--in-node`), as `dlan agent` does.
 * Prints: wall time and CPU (dlan's process plus the commands it ran) of a no-op reconcile
 * (goal ≤ 50 ms CPU, 0 reloads), the time to apply a one-line change (a port forward moved),
 * and the resident memory of `dlan agent` after a few reconciles, its status API on and answering
 * /metrics and /v1/status meanwhile (goal < 60 MB).
 */
import { spawn } from 'node:child_process';
import { AGENT_NODE_FLAGS } from '../reconciler/agent/node-flags.js';
import { readFileSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chooseWireguardFor, readAgentConfig, reconcileDeps } from '../reconciler/agent/wire.js';
import type { Host, RunOptions } from '../reconciler/host.js';
import { makeLogger } from '../reconciler/log.js';
import { reconcileOnce } from '../reconciler/reconcile/index.js';
import { makeNode, nodeName, removeNode, waitFor, type NodeNs } from '../test/support/ns-node.js';
import { fromRoot, sampleRepo } from '../test/support/paths.js';
import { sampleTopology } from '../test/support/sample.js';
import { addressPlanOf } from '../model/address-plan.js';
import { removeDir, signerLine, sshKey, tempDir, WorkRepo } from '../test/support/signed-repo.js';

const PORT = 8418;
const BINDS = ['/etc/frr', '/etc/wireguard', '/etc/dlan', '/etc/nginx', '/etc/dnsmasq.d', '/etc/sysctl.d', '/var/lib/misc', '/var/lib/dlan',
  '/var/lib/nginx', '/var/log/frr', '/var/log/nginx'];
const here = fileURLToPath(import.meta.url);

export interface ReconcileFigures {
  readonly runs: number;
  readonly noopWallMs: number;
  readonly noopCpuMs: number;
  /** Of which in the commands dlan ran (ip, wg, nft, sysctl). */
  readonly noopChildCpuMs: number;
  /** The commands the last no-op reconcile ran. */
  readonly noopCommands: string[];
  readonly reloads: number;
  readonly changeWallMs: number;
  /** dlan's process plus the commands it ran (checkers, nft, reloads). */
  readonly changeCpuMs: number;
  readonly changeChildCpuMs: number;
  readonly changeSteps: string[];
  readonly changeCommands: string[];
  readonly agent: readonly AgentMemory[];
}

export interface AgentMemory {
  /** node's command-line flags. */
  readonly flags: string;
  readonly rssMb: number;
  /** The agent process's own CPU per no-op reconcile (commands it runs not included). */
  readonly perTickCpuMs: number;
  readonly peakRssMb: number;
  /** Proportional set size: pages shared with other processes counted in part. */
  readonly pssMb: number;
  /** The status API was on and used while measuring: what it answered. */
  readonly statusApi: string;
}

const enter = (n: NodeNs): string[] => [`--net=${n.net}`, `--mount=${n.mount}`, `--uts=${n.uts}`, '--wd=/', '--'];

function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('error', reject);
    c.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

// ------------------------------------------------------------------------------ inside the node

/** DLAN_BENCH_PROF=DIR: a CPU profile of the no-op reconciles only (not start-up, not warm-up). */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 }); // µs: a tick is tens of ms
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** CPU time of this process's waited-for children (utime + stime of /proc/self/stat), ms. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10; // cutime, cstime in clock ticks (100 Hz)
}

/** `--in-node CONFIG RUNS`: no-op reconciles, then (after a line on stdin) one more, as JSON lines. */
async function inNode(configFile: string, runs: number): Promise<void> {
  const config = await readAgentConfig(configFile);
  const log = makeLogger({ format: 'json', write: () => undefined, now: () => new Date() });
  const plain = reconcileDeps(config, log, await chooseWireguardFor(config, log));
  // The commands a tick runs, for the report (each costs a fork and an exec on the router).
  let commands: string[] = [];
  const host: Host = Object.assign(Object.create(plain.host) as Host, {
    run: (cmd: string, args: readonly string[], o?: RunOptions) => { commands.push([cmd, ...args].join(' ').replace(/\s+/g, ' ').slice(0, 40)); return plain.host.run(cmd, args, o); },
  });
  const deps = { ...plain, host };
  for (let i = 0; i < 3; i++) await reconcileOnce(deps); // warm up (JIT, caches)
  const profile = process.env.DLAN_BENCH_PROF ? await startProfile() : undefined;
  let wall = 0, cpu = 0, child = 0, steps = 0;
  for (let i = 0; i < runs; i++) {
    commands = [];
    const c0 = process.cpuUsage();
    const k0 = childrenCpuMs();
    const t0 = performance.now();
    const r = await reconcileOnce(deps);
    wall += performance.now() - t0;
    const c = process.cpuUsage(c0);
    const k = childrenCpuMs() - k0;
    cpu += (c.user + c.system) / 1000 + k;
    child += k;
    steps += r.plan?.steps.length ?? 0;
    if (!r.outcome.ok) throw new Error(`no-op reconcile failed: ${r.outcome.ready.message}`);
  }
  if (profile) await profile(join(process.env.DLAN_BENCH_PROF!, `noop-${Date.now()}.cpuprofile`));
  process.stdout.write(`${JSON.stringify({ noopWallMs: wall / runs, noopCpuMs: cpu / runs, noopChildCpuMs: child / runs, steps, noopCommands: commands })}\n`);
  for await (const _ of createInterface({ input: process.stdin })) break;
  commands = [];
  const c0 = process.cpuUsage();
  const k0 = childrenCpuMs();
  const t0 = performance.now();
  const r = await reconcileOnce(deps);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const changeChildCpuMs = childrenCpuMs() - k0;
  const changeCpuMs = (c.user + c.system) / 1000 + changeChildCpuMs;
  if (!r.outcome.ok) throw new Error(`change not applied: ${r.outcome.ready.message}`);
  const changeSteps = (r.plan?.steps ?? []).map((s) => `${s.kind} ${s.op} ${s.kind === 'file' && s.op !== 'delete' ? s.file.path : s.kind === 'service' ? s.service : ''}`.trim());
  process.stdout.write(`${JSON.stringify({ changeWallMs: ms, changeCpuMs, changeChildCpuMs, changeSteps, changeCommands: commands })}\n`);
}

// ------------------------------------------------------------------------------ the set-up

async function pidsOf(node: NodeNs): Promise<string> {
  const files = ['/run/dlan/nginx.pid', '/run/dlan/dnsmasq.pid', '/run/dlan/wireguard-go.wg-dlan.pid', '/var/run/frr/watchfrr.pid', '/var/run/frr/ospfd.pid'];
  return (await Promise.all(files.map(async (f) => (await node.host.readFile(f))?.trim() ?? '-'))).join(' ');
}

export async function benchReconcile(runs = 20): Promise<ReconcileFigures> {
  const dir = await tempDir('bench-reconcile');
  let node: NodeNs | undefined;
  const children: ReturnType<typeof spawn>[] = [];
  try {
    node = await makeNode(nodeName('dla', 'b4'), { binds: BINDS, seed: { '/etc/frr': '/etc/frr', '/etc/nginx': '/etc/nginx' } });
    await run(['chown', '--reference=/var/log/frr', node.outside('/var/log/frr')]);
    await run(['chown', '--reference=/etc/frr', node.outside('/etc/frr')]);
    const sh = async (script: string) => {
      const r = await node!.host.run('sh', ['-c', script]);
      if (r.code !== 0) throw new Error(`${script}: ${r.stderr}`);
      return r.stdout;
    };
    await sh('ip link add eth0 type veth peer name up0 && ip addr add 203.0.113.4/24 dev eth0 && ip link set eth0 up && ip link set up0 up');

    // The sample repo, signed, served over HTTP inside the node's network namespace.
    const key = await sshKey(dir, 'ed25519', 'alice');
    await mkdir(join(dir, 'srv'), { recursive: true });
    const repo = await WorkRepo.create(join(dir, 'work'), join(dir, 'srv', 'net.git'));
    for (const d of ['routers', 'services']) await cp(join(sampleRepo, d), join(repo.dir, d), { recursive: true });
    await cp(join(sampleRepo, 'network.yaml'), join(repo.dir, 'network.yaml'));
    await repo.commit('the sample network', {}, { sign: key });
    const git = spawn('nsenter', [`--net=${node.net}`, '--', process.execPath, fromRoot('dist', 'lab', 'git-server-main.js'), join(dir, 'srv'), '127.0.0.1', String(PORT)],
      { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(git);
    await new Promise((r) => git.stdout!.once('data', r));

    const dlan = [process.execPath, fromRoot('dist', 'cli', 'dlan.js')];
    const k = await run(['nsenter', ...enter(node), ...dlan, 'keygen', '--out', '/etc/dlan/wireguard.key']);
    if (k.code !== 0) throw new Error(`keygen: ${k.stderr}`);
    await writeFile(join(node.outside('/etc/dlan'), 'allowed_signers'), `${signerLine('alice@example.org', key)}\n`);
    const agentYaml = (interval: string, statusApi = true) => [
      'router: r4', 'repo:', `  url: http://127.0.0.1:${PORT}/net.git`, 'trust:', '  allowedSigners: /etc/dlan/allowed_signers',
      'serviceManager: process', 'schedule:', `  interval: ${interval}`, '  jitter: 0s', ...(statusApi ? [] : ['api:', '  status: false']), 'log: json', '',
    ].join('\n');
    await writeFile(join(node.outside('/etc/dlan'), 'agent.yaml'), agentYaml('1h'), { mode: 0o600 });
    const first = await run(['nsenter', ...enter(node), ...dlan, 'apply', '--config', '/etc/dlan/agent.yaml', '--json']);
    if (first.code !== 0) throw new Error(`first apply: ${first.stdout}${first.stderr}`);
    const pidsBefore = await pidsOf(node);

    // No-op reconciles, then the one-line change, by the agent's code inside the node.
    const child = spawn('nsenter', [...enter(node), process.execPath, here, '--in-node', '/etc/dlan/agent.yaml', String(runs)], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const noop = JSON.parse((await lines.next()).value as string) as { noopWallMs: number; noopCpuMs: number; noopChildCpuMs: number; steps: number; noopCommands: string[] };
    const reloads = noop.steps + ((await pidsOf(node)) === pidsBefore ? 0 : 1);
    const game = join(repo.dir, 'services', 'game.yaml');
    await writeFile(game, (await readFile(game, 'utf8')).replace('{ port: 27015, protocol: udp }', '{ port: 27016, to: 27015, protocol: udp }'));
    await repo.commit('move the game port', {}, { sign: key });
    child.stdin!.write('go\n');
    const change = JSON.parse((await lines.next()).value as string) as { changeWallMs: number; changeCpuMs: number; changeChildCpuMs: number; changeSteps: string[]; changeCommands: string[] };
    child.stdin!.end();

    // The agent itself: resident memory after a few reconciles (one per second), started with
    // node's defaults and as the lab starts it (1 MiB young generation).
    await writeFile(join(node.outside('/etc/dlan'), 'agent.yaml'), agentYaml('1s'), { mode: 0o600 });
    const topology = await sampleTopology();
    const apiHost = addressPlanOf(topology.network).loopback4(topology.routers.find((r) => r.name === 'r4')!.id);
    const agentMemory = async (nodeFlags: string[], statusApi = true): Promise<AgentMemory> => {
      await writeFile(join(node!.outside('/etc/dlan'), 'agent.yaml'), agentYaml('1s', statusApi), { mode: 0o600 });
      const agent = spawn('nsenter', [...enter(node!), process.execPath, ...nodeFlags, dlan[1]!, 'agent', '--config', '/etc/dlan/agent.yaml'], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(agent);
      let out = '';
      agent.stderr!.on('data', (d) => (out += d));
      const reconciles = () => (out.match(/"event":"reconciled"/g) ?? []).length;
      // CPU of the agent process itself (utime + stime, clock ticks of 10 ms) over 5 no-op ticks.
      const cpuMs = () => readFileSync(`/proc/${agent.pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).reduce((a, b) => a + Number(b), 0) * 10;
      await waitFor('3 reconciles of the agent', async () => reconciles() >= 3, 60_000, 20);
      // The status API is on (the default) and in use while the memory is read: a scraper's
      // /metrics and a fleet view's /v1/status, from inside the node, to r4's overlay loopback.
      const api = `http://${apiHost}:${topology.network.agentApi.port}`;
      let metricsBytes = 0;
      for (let i = 0; i < (statusApi ? 10 : 0); i++) {
        const [m, st] = await Promise.all([run(['nsenter', ...enter(node!), 'curl', '-sSf', '--max-time', '5', `${api}/metrics`]),
          run(['nsenter', ...enter(node!), 'curl', '-sSf', '--max-time', '5', `${api}/v1/status`])]);
        if (m.code !== 0 || st.code !== 0 || !m.stdout.includes('dlan_reconciles_total')) throw new Error(`the status API did not answer: ${m.stderr}${st.stderr}`);
        metricsBytes = m.stdout.length;
      }
      const [c0, n0] = [cpuMs(), reconciles()];
      await waitFor('8 reconciles of the agent', async () => reconciles() >= 8, 60_000, 20);
      const perTickCpuMs = (cpuMs() - c0) / (reconciles() - n0);
      const kb = (file: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${agent.pid}/${file}`, 'utf8'))?.[1] ?? NaN) / 1024;
      const m = { flags: nodeFlags.join(' ') || '(defaults)', rssMb: kb('status', 'VmRSS'), peakRssMb: kb('status', 'VmHWM'), pssMb: kb('smaps_rollup', 'Pss'), perTickCpuMs,
        statusApi: !statusApi ? 'off (agent.yaml api.status: false), for comparison' : `on at ${apiHost}:${topology.network.agentApi.port} (20 requests answered; /metrics ${(metricsBytes / 1024).toFixed(1)} KiB)` };
      const gone = new Promise((r) => agent.once('close', r));
      agent.kill('SIGTERM');
      await gone;
      return m;
    };
    const agent = [await agentMemory([]), await agentMemory([...AGENT_NODE_FLAGS]), await agentMemory([...AGENT_NODE_FLAGS], false)];
    return {
      runs, noopWallMs: noop.noopWallMs, noopCpuMs: noop.noopCpuMs, noopChildCpuMs: noop.noopChildCpuMs, noopCommands: noop.noopCommands, reloads,
      changeWallMs: change.changeWallMs, changeCpuMs: change.changeCpuMs, changeChildCpuMs: change.changeChildCpuMs, changeSteps: change.changeSteps,
      changeCommands: change.changeCommands, agent,
    };
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    if (node) await removeNode(node);
    await removeDir(dir);
  }
}

export async function main(): Promise<void> {
  const f = await benchReconcile();
  const ok = (b: boolean) => (b ? 'ok' : 'OVER GOAL');
  console.log(`sample router r4 in a network namespace (4 peers, 3 forwards), ${f.runs} no-op reconciles by the agent's code:`);
  console.log(`  no-op reconcile      ${f.noopWallMs.toFixed(1).padStart(6)} ms wall  ${f.noopCpuMs.toFixed(1).padStart(6)} ms CPU (of which ${f.noopChildCpuMs.toFixed(1)} ms in commands)  ${f.reloads} reloads   goal <= 20 ms CPU, 0 reloads: ${ok(f.noopCpuMs <= 20 && f.reloads === 0)}`);
  console.log(`                       commands: ${f.noopCommands.join('; ') || 'none'}`);
  console.log(`  one-line change      ${f.changeWallMs.toFixed(1).padStart(6)} ms wall  ${f.changeCpuMs.toFixed(1).padStart(6)} ms CPU (of which ${f.changeChildCpuMs.toFixed(1)} ms in commands)   goal <= 300 ms CPU: ${ok(f.changeCpuMs <= 300)}`);
  console.log(`                       steps: ${f.changeSteps.join(', ')}`);
  console.log(`                       commands: ${f.changeCommands.join('; ')}`);
  for (const a of f.agent) {
    console.log(`  dlan agent memory    ${a.rssMb.toFixed(1).padStart(6)} MB resident (peak ${a.peakRssMb.toFixed(1)} MB, PSS ${a.pssMb.toFixed(1)} MB), ${a.perTickCpuMs.toFixed(0)} ms CPU per no-op tick, with node ${a.flags}   goal < 60 MB: ${ok(a.peakRssMb < 60)}`);
    console.log(`                       status API ${a.statusApi}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--in-node') await inNode(process.argv[3]!, Number(process.argv[4] ?? 20));
  else await main();
}

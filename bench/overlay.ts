/**
 * Overlay throughput, dlan against a hand-built equivalent, side by side in one run. Needs root,
 * the lab's programs and iperf3 (Debian package `iperf3`; this bench says so when it is missing).
 *
 *  - dlan:  `dlan lab up` of the sample repo (agents, DHCP), as a user gets it;
 *  - hand:  the same physical network (`lab up --no-agents`: internet, home routers' NAT, LAN
 *           bridges) with the overlay built by hand (bench/overlay/hand-built.ts): wireguard-go,
 *           VXLAN 1370, FRR OSPF/BFD with network.yaml's timers, one nftables rule.
 *
 * Then iperf3 TCP, alternating between the two: S1→S2 (two WireGuard hops through a hub) and
 * S2→S5 (one hop, inside the friend's site). Prints per path the median Mbit/s and
 * retransmits of each, the ratio dlan/hand (median of the per-round ratios: the rounds run
 * minutes apart on a shared machine, a pair only seconds apart), and CPU ms per MB carried by all
 * processes of each lab (what the overlay costs, independent of other tenants' load). Before the
 * runs, the CPU each lab burns idle, by program: on a small router this is what the data plane
 * competes with.
 *
 * DLAN_BENCH_OVERLAY_ROUNDS (default 5) and DLAN_BENCH_OVERLAY_SECONDS (default 4) size the run.
 * DLAN_BENCH_OVERLAY_KEEP=1 leaves both labs up after the runs (for side-by-side inspection: `ip -d
 * link`, `tc`, routes); take them down with `dlan lab down -p <prefix>` (the prefixes are printed).
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { execInNode, enterArgs, labDown, labUp, type Lab, type UpResult } from '../lab/index.js';
import { fromRoot } from '../test/support/paths.js';
import { handConfigure, handRouters, handServer, handServerScript, HAND_START } from './overlay/hand-built.js';
import { cpuBetween, netnsInodes, renderCpu, snapshotCpu, total } from './overlay/ns-cpu.js';

const ROUNDS = Number(process.env.DLAN_BENCH_OVERLAY_ROUNDS ?? 5);
const SECONDS = Number(process.env.DLAN_BENCH_OVERLAY_SECONDS ?? 4);
const IPERF_PORT = 5299;
const KEEP = process.env.DLAN_BENCH_OVERLAY_KEEP === '1';

interface Setup {
  readonly name: 'dlan' | 'hand';
  readonly lab: Lab;
  /** IPv4 address of each server. */
  readonly address: ReadonlyMap<string, string>;
  readonly inodes: ReadonlySet<number>;
}

interface Sample {
  readonly mbps: number;
  readonly retransmits: number;
  readonly cpuMsPerMb: number;
  readonly cpu: Map<string, number>;
}

export interface Path { readonly from: string; readonly to: string; readonly label: string }
const PATHS: readonly Path[] = [
  { from: 's1', to: 's2', label: 'S1→S2, two hops via a hub' },
  { from: 's2', to: 's5', label: 'S2→S5, one hop' },
];

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function sh(lab: Lab, node: string, script: string): Promise<string> {
  const r = await execInNode(lab, node, ['sh', '-c', script], { check: false });
  if (r.code !== 0) throw new Error(`${node}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** The hand-built overlay on a lab without agents; returns the servers' addresses. */
async function buildHand(up: UpResult): Promise<Map<string, string>> {
  const { lab, topology } = up;
  const routers = handRouters(topology);
  const keys = new Map<string, string>();
  await Promise.all(routers.map(async (r) => keys.set(r.name, (await sh(lab, r.name, HAND_START)).trim())));
  await Promise.all(routers.map((r) => sh(lab, r.name, handConfigure(r, keys, topology))));
  const address = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const s of lab.plan.servers) {
    const n = (seen.get(s.router) ?? 0) + 1;
    seen.set(s.router, n);
    const hs = handServer(topology, s.node, s.router, n);
    await sh(lab, s.node, handServerScript(hs));
    address.set(s.node, hs.cidr.split('/')[0]!);
  }
  return address;
}

async function waitReachable(s: Setup, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const p of PATHS) {
    for (;;) {
      const r = await execInNode(s.lab, p.from, ['ping', '-c1', '-W1', s.address.get(p.to)!], { check: false });
      if (r.code === 0) break;
      if (Date.now() > deadline) throw new Error(`${s.name}: ${p.from} cannot reach ${p.to} after ${timeoutMs} ms`);
      await new Promise((res) => setTimeout(res, 500));
    }
  }
}

async function iperf(s: Setup, p: Path): Promise<Sample> {
  const server = spawn('nsenter', [...enterArgs(s.lab, p.to), 'iperf3', '-s', '-1', '--forceflush', '-p', String(IPERF_PORT)], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const lines = createInterface({ input: server.stdout! });
    await new Promise<void>((resolve, reject) => {
      lines.on('line', (l) => { if (/listening/i.test(l)) resolve(); });
      server.once('exit', (code) => reject(new Error(`iperf3 server in ${p.to} exited (${code})`)));
    });
    const before = snapshotCpu(s.inodes);
    const r = await execInNode(s.lab, p.from, ['iperf3', '-c', s.address.get(p.to)!, '-p', String(IPERF_PORT), '-t', String(SECONDS), '-J'], { check: false });
    const cpu = cpuBetween(before, snapshotCpu(s.inodes));
    const end = (JSON.parse(r.stdout) as { end: { sum_received: { bits_per_second: number; bytes: number }; sum_sent: { retransmits: number } } }).end;
    return { mbps: end.sum_received.bits_per_second / 1e6, retransmits: end.sum_sent.retransmits, cpuMsPerMb: total(cpu) / (end.sum_received.bytes / 1e6), cpu };
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
  }
}

async function idleCpu(s: Setup, ms = 5000): Promise<Map<string, number>> {
  const before = snapshotCpu(s.inodes);
  await new Promise((r) => setTimeout(r, ms));
  return cpuBetween(before, snapshotCpu(s.inodes));
}

export async function benchOverlay(): Promise<void> {
  try {
    execFileSync('iperf3', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('bench/overlay needs iperf3: apt-get install iperf3');
  }
  const topology = fromRoot('sample-repo');
  const prefixes = { dlan: `bod${process.pid % 10000}`, hand: `boh${process.pid % 10000}` };
  const made: Lab[] = [];
  try {
    const t0 = performance.now();
    const dlanUp = await labUp({ topology, prefix: prefixes.dlan, agents: true, dhcp: true });
    made.push(dlanUp.lab);
    const handUp = await labUp({ topology, prefix: prefixes.hand, agents: false, dhcp: false });
    made.push(handUp.lab);
    const dlanAddress = new Map((dlanUp.servers ?? []).map((s) => [s.node, s.ipv4[0]!.split('/')[0]!]));
    const handAddress = await buildHand(handUp);
    const inodes = (l: Lab) => netnsInodes(l.plan.nodes.map((n) => n.netns));
    const setups: Setup[] = [
      { name: 'dlan', lab: dlanUp.lab, address: dlanAddress, inodes: inodes(dlanUp.lab) },
      { name: 'hand', lab: handUp.lab, address: handAddress, inodes: inodes(handUp.lab) },
    ];
    for (const s of setups) await waitReachable(s);
    if (KEEP) console.log(`keeping labs up: dlan ${prefixes.dlan}, hand ${prefixes.hand}`);
    console.log(`both built and reachable in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${ROUNDS} rounds of ${SECONDS} s per path and setup`);
    for (const s of setups) {
      const idle = await idleCpu(s);
      console.log(`  ${s.name.padEnd(4)} idle: ${(total(idle) / 5).toFixed(0)} ms CPU per s (${renderCpu(idle, 5)})`);
    }
    for (const p of PATHS) {
      const samples: Record<Setup['name'], Sample[]> = { dlan: [], hand: [] };
      const ratios: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        // Alternate which goes first, so neither always runs right after the other's load.
        const order = i % 2 ? [...setups].reverse() : setups;
        const round: Partial<Record<Setup['name'], Sample>> = {};
        for (const s of order) round[s.name] = await iperf(s, p);
        samples.dlan.push(round.dlan!);
        samples.hand.push(round.hand!);
        ratios.push(round.dlan!.mbps / round.hand!.mbps);
      }
      console.log(`${p.label}:`);
      for (const s of setups) {
        const xs = samples[s.name];
        console.log(`  ${s.name.padEnd(4)} ${median(xs.map((x) => x.mbps)).toFixed(1).padStart(6)} Mbit/s  (${xs.map((x) => x.mbps.toFixed(0)).join(' ')})  ` +
          `${median(xs.map((x) => x.retransmits)).toFixed(0)} retransmits  ${median(xs.map((x) => x.cpuMsPerMb)).toFixed(0)} ms CPU/MB`);
      }
      const r = median(ratios);
      console.log(`  dlan/hand ${r.toFixed(2)} (rounds: ${ratios.map((x) => x.toFixed(2)).join(' ')})   goal >= 0.95: ${r >= 0.95 ? 'ok' : 'UNDER GOAL'}`);
    }
  } finally {
    if (!KEEP) for (const l of made.reverse()) await labDown(l.paths);
  }
}

export async function main(): Promise<void> {
  await benchOverlay();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

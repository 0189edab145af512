/**
 * Helpers of the lab's end-to-end suite (test/lab/e2e.test.ts): pings that run in a node while
 * something happens and are then counted, record-route paths named by node, the memory of the
 * lab's processes, and the summary printed at the end. Parsers and renderers are pure.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { enterArgs, type Lab } from '../../lab/node.js';
import { run } from '../../lab/run.js';

// ------------------------------------------------------------------------------------ pings

export interface PingCount {
  readonly sent: number;
  readonly received: number;
  readonly lost: number;
  /** Longest run of consecutive lost probes times the interval: how long the path was broken. */
  readonly longestGapMs: number;
  /** The seq numbers that did not come back. */
  readonly missing: readonly number[];
}

/** Counts `ping -i` output (the seq numbers that came back, and ping's own "N packets transmitted"). Pure. */
export function countPings(output: string, intervalMs: number): PingCount {
  const seqs = [...new Set([...output.matchAll(/bytes from .*icmp_seq=(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  // The probe sent just before SIGINT may still be on its way: it is not counted as lost.
  const transmitted = Number(/(\d+) packets transmitted/.exec(output)?.[1] ?? 0);
  const sent = Math.max(seqs[seqs.length - 1] ?? 0, transmitted - 1);
  let longest = 0;
  let prev = 0; // seq numbers start at 1
  const missing: number[] = [];
  for (const s of [...seqs, sent + 1]) {
    longest = Math.max(longest, s - prev - 1);
    for (let m = prev + 1; m < s; m++) missing.push(m);
    prev = s;
  }
  return { sent, received: seqs.length, lost: sent - seqs.length, longestGapMs: longest * intervalMs, missing };
}

export interface RunningPing {
  readonly label: string;
  /** Replies so far. */
  replies(): number;
  /** SIGINT, then the count. */
  stop(): Promise<PingCount>;
}

/** `ping -i` from a node, in the background; stop() ends it (by its PID) and counts. */
export function startPing(lab: Lab, node: string, target: string, intervalMs = 20, label = `${node} → ${target}`): RunningPing {
  const child = spawn('nsenter', [...enterArgs(lab, node), 'ping', '-n', '-i', String(intervalMs / 1000), '-W', '1', target], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    label,
    replies: () => (out.match(/bytes from/g) ?? []).length,
    async stop() {
      child.kill('SIGINT'); // nsenter exec'd ping: this PID is ping's
      await closed;
      return countPings(out, intervalMs);
    },
  };
}


// ------------------------------------------------------------------------------------ paths

// One ping, record-route paths and the address book live in lab/probe.ts (the proof uses them too).
export { addressBook, namePath, pathOf, pingOnce, recordedRoute } from '../../lab/probe.js';

// ------------------------------------------------------------------------------------ memory

export interface LabMemory {
  /** Sum of resident sizes (shared pages counted once per process). */
  readonly rssMiB: number;
  /** Proportional set size: shared pages split between the processes that share them. */
  readonly pssMiB: number;
  /** PSS of the dlan agents and of everything else. */
  readonly agentsPssMiB: number;
}

const kib = (text: string, field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);

export async function labMemory(lab: Lab): Promise<LabMemory> {
  const agents = new Set(lab.state.state.processes.filter((p) => p.role === 'agent').map((p) => p.pid));
  let rss = 0;
  let pss = 0;
  let agentsPss = 0;
  for (const n of lab.plan.nodes) {
    const pids = (await run('ip', ['netns', 'pids', n.netns])).stdout.split(/\s+/).filter(Boolean).map(Number);
    for (const pid of pids) {
      let text: string;
      try {
        text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ESRCH') continue; // gone meanwhile
        throw e;
      }
      rss += kib(text, 'Rss');
      pss += kib(text, 'Pss');
      if (agents.has(pid)) agentsPss += kib(text, 'Pss');
    }
  }
  const mib = (k: number) => Math.round(k / 1024);
  return { rssMiB: mib(rss), pssMiB: mib(pss), agentsPssMiB: mib(agentsPss) };
}

// ------------------------------------------------------------------------------------ summary

export type Reach = Readonly<Record<string, Readonly<Record<string, { v4: boolean; v6: boolean }>>>>;

/** The reachability matrix: one row per source, `46` when both families answer, `-` on the diagonal. Pure. */
export function renderMatrix(servers: readonly string[], reach: Reach): string {
  const cell = (a: string, b: string) => {
    if (a === b) return '-';
    const r = reach[a]?.[b];
    return r ? `${r.v4 ? '4' : '.'}${r.v6 ? '6' : '.'}` : '?';
  };
  const w = 4;
  const lines = [`${'from\\to'.padEnd(8)}${servers.map((s) => s.padStart(w)).join('')}`];
  for (const a of servers) lines.push(`${a.padEnd(8)}${servers.map((b) => cell(a, b).padStart(w)).join('')}`);
  return lines.join('\n');
}

export interface Summary {
  readonly servers: readonly string[];
  readonly reach: Reach;
  readonly paths: readonly { readonly what: string; readonly path: readonly string[] }[];
  readonly timings: readonly { readonly what: string; readonly value: string }[];
}

export function renderSummary(s: Summary): string {
  const width = Math.max(...s.timings.map((t) => t.what.length), ...s.paths.map((p) => p.what.length));
  return [
    '',
    '==== dlan lab: end-to-end summary ====',
    '',
    'Reachability (4 = IPv4, 6 = IPv6 answered):',
    renderMatrix(s.servers, s.reach),
    '',
    'Paths (ping -R, out and back):',
    ...s.paths.map((p) => `  ${p.what.padEnd(width)}  ${p.path.join(' → ')}`),
    '',
    'Figures:',
    ...s.timings.map((t) => `  ${t.what.padEnd(width)}  ${t.value}`),
    '',
  ].join('\n');
}

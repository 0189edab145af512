/**
 * CPU time of the processes in a set of network namespaces (a lab's nodes), by program name:
 * utime + stime of each process plus what its reaped children used (cutime + cstime), so the
 * short-lived commands an agent runs count too. With tick-based accounting (no
 * IRQ_TIME_ACCOUNTING) a softirq is charged to the task it interrupts, so the packet work the
 * kernel does for a sender is in these figures; other tenants' load is not.
 */
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

/** `/proc/PID/stat` times are in clock ticks of 10 ms (USER_HZ 100). */
const TICK_MS = 10;

export type CpuSnapshot = ReadonlyMap<number, { readonly comm: string; readonly ms: number }>;

/** The network namespace inodes of `/run/netns/<name>` files. */
export function netnsInodes(names: readonly string[]): Set<number> {
  return new Set(names.map((n) => statSync(`/run/netns/${n}`).ino));
}

export function snapshotCpu(inodes: ReadonlySet<number>): CpuSnapshot {
  const out = new Map<number, { comm: string; ms: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      const m = /^net:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/ns/net`));
      if (!m || !inodes.has(Number(m[1]))) continue;
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked, or a kernel thread: not one of ours
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(entry), { comm, ms: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS });
  }
  return out;
}

/** CPU ms used between two snapshots, by program name (a process born meanwhile counts whole). */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  const by = new Map<string, number>();
  for (const [pid, a] of after) {
    const b = before.get(pid);
    const ms = b && b.comm === a.comm ? a.ms - b.ms : a.ms;
    by.set(a.comm, (by.get(a.comm) ?? 0) + ms);
  }
  return by;
}

export const total = (m: ReadonlyMap<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

/** `wireguard-go 357, bfdd 263, …`: the biggest first. */
export function renderCpu(m: ReadonlyMap<string, number>, per: number, top = 6): string {
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, top).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${(v / per).toFixed(0)}`).join(', ');
}

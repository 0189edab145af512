/**
 * A lab-style node for daemon tests: a network namespace (`ip netns add`) plus a persistent mount
 * and UTS namespace (`unshare --mount=FILE --uts=FILE --propagation private`) with a private
 * tmpfs on /run and chosen directories bind-mounted from a per-node temp dir (e.g. /etc/frr).
 * Names start with the caller's prefix and this process's pid. `removeNode` kills every process
 * left in the node's network namespace (by PID, found through /proc/PID/ns/net: they can only be
 * this test's) and removes mounts, namespace and temp dir; an exit hook does the same if a test
 * crashed before its cleanup.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { netnsHost, type Host } from '../../reconciler/host.js';

const exec = promisify(execFile);

export interface NodeNs {
  readonly name: string;
  /** Files for nsenter: --net, --mount, --uts. */
  readonly net: string;
  readonly mount: string;
  readonly uts: string;
  /** Temp dir on the outside; `dir/binds/<path>` is mounted on `<path>` inside. */
  readonly dir: string;
  readonly host: Host;
  /** The outside path of a bind-mounted directory's content. */
  outside(path: string): string;
}

const live = new Set<NodeNs>();
let hooked = false;

export interface NodeOptions {
  /** Directories (inside the node) that get a private, initially empty, writable copy. */
  readonly binds?: readonly string[];
  /** Copy these outside directories' content into the bind (e.g. `{ '/etc/frr': '/etc/frr' }`). */
  readonly seed?: Readonly<Record<string, string>>;
}

/** `dlx<pid><suffix>`: the test prefix, this process's pid, then a short suffix. */
export const nodeName = (prefix: string, suffix: string): string => `${prefix}${process.pid}${suffix}`;

export async function makeNode(name: string, opts: NodeOptions = {}): Promise<NodeNs> {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => { for (const n of live) removeNodeSync(n); });
  }
  const dir = await mkdtemp(`/tmp/${name}-`);
  const node: NodeNs = {
    name, dir, net: `/run/netns/${name}`, mount: join(dir, 'mnt'), uts: join(dir, 'uts'),
    host: netnsHost({ net: `/run/netns/${name}`, mount: join(dir, 'mnt'), uts: join(dir, 'uts') }),
    outside: (p: string) => join(dir, 'binds', p),
  };
  live.add(node);
  await exec('mount', ['--bind', dir, dir]);
  await exec('mount', ['--make-private', dir]);
  await writeFile(node.mount, '');
  await writeFile(node.uts, '');
  await exec('ip', ['netns', 'add', name]);
  const binds = opts.binds ?? [];
  const script = ['set -e'];
  for (const b of binds) {
    await mkdir(node.outside(b), { recursive: true });
    const seed = opts.seed?.[b];
    if (seed) await cp(seed, node.outside(b), { recursive: true });
    script.push(`mount --bind '${node.outside(b)}' '${b}'`);
  }
  script.push('mount -t tmpfs -o mode=0755 tmpfs /run', `hostname '${name}'`, 'ip link set lo up');
  await exec('nsenter', [`--net=${node.net}`, 'unshare', `--mount=${node.mount}`, `--uts=${node.uts}`,
    '--propagation', 'private', 'sh', '-c', script.join('\n')]);
  return node;
}

/** PIDs whose network namespace is the node's. */
export function pidsIn(node: NodeNs): number[] {
  let inode: number;
  try {
    inode = statSync(node.net).ino;
  } catch {
    return []; // the namespace is gone: nothing can be in it
  }
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const link = readlinkSync(`/proc/${entry}/ns/net`);
      if (link === `net:[${inode}]`) out.push(Number(entry));
    } catch {
      // the process exited while we looked, or is a kernel thread: not in the node
    }
  }
  return out;
}

export async function removeNode(node: NodeNs): Promise<void> {
  removeNodeSync(node);
}

function removeNodeSync(node: NodeNs): void {
  for (const pid of pidsIn(node)) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  const quiet = (cmd: string, args: string[]): void => {
    try { execFileSync(cmd, args, { stdio: 'ignore' }); } catch { /* not mounted / already removed */ }
  };
  quiet('umount', [node.mount]);
  quiet('umount', [node.uts]);
  quiet('umount', [node.dir]);
  quiet('ip', ['netns', 'del', node.name]);
  rmSync(node.dir, { recursive: true, force: true });
  live.delete(node);
}

/** Polls `probe` until it returns a value other than undefined/false, or throws at the deadline. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Ensures a directory exists on the outside (for seeds). */
export const ensureDir = (p: string): void => { mkdirSync(p, { recursive: true }); };

/**
 * One Debian machine booted by systemd-nspawn with systemd as PID 1, for the system test.
 * Verified on a host whose PID 1 is not systemd (hybrid cgroups, nspawn 252, trixie guest):
 * - `--register=no --keep-unit` inside a cgroup of its own (cgroup.ts);
 * - `--system-call-filter=bpf`: nspawn's default seccomp list blocks bpf(), which silently
 *   disables `IPAddressDeny=`/`IPAccounting=` in the guest's units;
 * - `--console=read-only` under `setsid` (detached): no terminal, the console goes to a file;
 * - `--network-namespace-path=`: the machine's network is a named namespace the test makes
 *   before each boot and fills with the machine's cables (veths, `plug`); with
 *   `--private-network` too, else nspawn 252 neither grants CAP_NET_ADMIN (FRR's zebra and the
 *   guest's own `lo` need it) nor mounts /proc/sys/net writable (sysctl: permission denied).
 * A reboot (`systemctl reboot` in the guest) makes nspawn exit with 133 (systemd-nspawn@.service
 * restarts on it); `reboot()` then does what the power-on of a real machine does here: new
 * network namespace (the kernel's network state does not survive a reboot), the same cables
 * plugged again, the same root booted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { run, type RunResult } from '../../../lab/run.js';
import { waitFor } from '../../../lab/wait.js';
import { cgroupDirs, enterCgroupsScript, hostRunsSystemd, removeCgroups } from './cgroup.js';

/** nspawn's exit status when the guest rebooted (systemd-nspawn(1), "--boot"). */
export const REBOOT_EXIT = 133;

export interface MachineOptions {
  /** Unique on the host: the machine's name for nspawn and its cgroup. */
  readonly machine: string;
  /** The guest's host name. */
  readonly hostname: string;
  /** The unpacked root (a plain directory, kept across reboots). */
  readonly root: string;
  /** Name of the network namespace (under /run/netns) the machine runs in, made at each boot. */
  readonly netns: string;
  /** Puts the machine's cables into its fresh namespace (called before each boot). */
  readonly plug: (netns: string) => Promise<void>;
  /** Takes them out again (after the machine stopped; deleting a veth end deletes its peer). */
  readonly unplug: (netns: string) => Promise<void>;
  /** File the console is appended to. */
  readonly console: string;
}

export interface ExecOptions {
  readonly input?: string;
  /** Return a non-zero exit instead of throwing. */
  readonly check?: boolean;
  /** Working directory in the guest (default /). */
  readonly cwd?: string;
}

/** The environment of a root shell in the guest (nothing of the host's leaks in). */
const GUEST_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/root', 'LANG=C.UTF-8',
  'TERM=dumb', 'DEBIAN_FRONTEND=noninteractive', 'SYSTEMD_PAGER=', 'SYSTEMD_COLORS=0'];

export class Machine {
  private nspawn: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;
  private initPid: number | undefined;
  private wired = false;

  constructor(readonly o: MachineOptions) {}

  get name(): string { return this.o.hostname; }

  /** The guest's PID 1 as the host sees it. */
  get pid(): number {
    if (this.initPid === undefined) throw new Error(`${this.name} is not running`);
    return this.initPid;
  }

  get running(): boolean { return this.nspawn !== undefined; }

  /** The processes to kill if the test dies: nspawn and the guest's PID 1 (its PID namespace dies with it). */
  get pids(): number[] {
    return [this.nspawn?.pid, this.initPid].filter((p): p is number => p !== undefined);
  }

  /** Makes the namespace and cables, starts nspawn, waits until the guest's systemd says running. */
  async boot(timeoutMs = 180_000): Promise<{ ms: number; state: string }> {
    if (this.nspawn) throw new Error(`${this.name} is already running`);
    const t0 = performance.now();
    await run('ip', ['netns', 'add', this.o.netns]);
    this.wired = true;
    await this.o.plug(this.o.netns);
    const args = ['-D', this.o.root, '-b', `--machine=${this.o.machine}`, `--hostname=${this.o.hostname}`,
      '--private-network', `--network-namespace-path=/run/netns/${this.o.netns}`,
      '--console=read-only', '--system-call-filter=bpf'];
    const out = openSync(this.o.console, 'a');
    try {
      this.nspawn = hostRunsSystemd()
        ? spawn('systemd-nspawn', args, { detached: true, stdio: ['ignore', out, out] })
        : spawn('sh', ['-c', `${enterCgroupsScript(cgroupDirs(this.o.machine))} && exec systemd-nspawn --register=no --keep-unit "$@"`, 'sh', ...args],
          { detached: true, stdio: ['ignore', out, out] });
    } finally {
      closeSync(out);
    }
    const child = this.nspawn;
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.initPid = await waitFor(`${this.name}: the guest's systemd to start`, () => {
      if (child.exitCode !== null) throw new Error(`systemd-nspawn exited ${child.exitCode}: ${this.consoleTail()}`);
      return guestInit(child.pid!);
    }, { timeoutMs: 60_000, intervalMs: 50 });
    let state = '';
    await waitFor(`${this.name} to boot (systemctl is-system-running)`, async () => {
      if (child.exitCode !== null) throw new Error(`systemd-nspawn exited ${child.exitCode}: ${this.consoleTail()}`);
      state = (await this.exec(['systemctl', 'is-system-running'], { check: false })).stdout.trim();
      return state === 'running' || state === 'degraded';
    }, { timeoutMs, intervalMs: 250 });
    return { ms: performance.now() - t0, state };
  }

  /** Runs a command as root in the guest: all its namespaces, its root, a clean environment. */
  exec(argv: readonly string[], o: ExecOptions = {}): Promise<RunResult> {
    return run('nsenter', ['-t', String(this.pid), '-a', 'env', '-i', ...(o.cwd ? ['-C', o.cwd] : []), ...GUEST_ENV, ...argv],
      { ...(o.input !== undefined && { input: o.input }), ...(o.check !== undefined && { check: o.check }) });
  }

  /** `sh -c script` in the guest. */
  sh(script: string, o: ExecOptions = {}): Promise<RunResult> {
    return this.exec(['sh', '-c', script], o);
  }

  /**
   * `systemctl reboot` in the guest, then the power-on: nspawn exits with 133, the machine's
   * network namespace is made anew with the same cables, and the same root boots again.
   * Returns how long each half took, and when (epoch ms) the old machine was gone.
   */
  async reboot(timeoutMs = 180_000): Promise<{ downMs: number; bootMs: number; state: string; downAt: number }> {
    const t0 = performance.now();
    await this.exec(['systemctl', 'reboot', '--no-block']);
    const code = await this.waitExit(timeoutMs);
    if (code !== REBOOT_EXIT) throw new Error(`${this.name}: systemd-nspawn exited ${code} after systemctl reboot, not ${REBOOT_EXIT}: ${this.consoleTail()}`);
    const downAt = Date.now();
    await this.afterExit();
    const downMs = performance.now() - t0;
    const { ms, state } = await this.boot(timeoutMs);
    return { downMs, bootMs: ms, state, downAt };
  }

  /**
   * Halts the guest (nspawn turns SIGTERM into a clean shutdown), SIGKILL after the grace period,
   * then removes its namespace, cables and cgroups. Safe to call at any point, also twice.
   */
  async stop(graceMs = 60_000): Promise<void> {
    if (this.nspawn && this.nspawn.exitCode === null && this.nspawn.signalCode === null) {
      this.nspawn.kill('SIGTERM');
      const code = await Promise.race([this.exited, new Promise<'late'>((r) => setTimeout(() => r('late'), graceMs))]);
      if (code === 'late') {
        this.nspawn.kill('SIGKILL');
        await this.exited;
      }
    }
    await this.afterExit();
  }

  /** The last lines of the console, for error messages. */
  consoleTail(lines = 30): string {
    try {
      return readFileSync(this.o.console, 'utf8').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n').slice(-lines).join('\n');
    } catch (e) {
      return `(no console: ${(e as Error).message})`;
    }
  }

  private async waitExit(timeoutMs: number): Promise<number | null> {
    const code = await Promise.race([this.exited, new Promise<'late'>((r) => setTimeout(() => r('late'), timeoutMs))]);
    if (code === 'late') throw new Error(`${this.name}: systemd-nspawn still running ${timeoutMs} ms later`);
    return code ?? null;
  }

  private async afterExit(): Promise<void> {
    this.nspawn = undefined;
    this.initPid = undefined;
    if (!hostRunsSystemd()) {
      const dirs = cgroupDirs(this.o.machine);
      await waitFor(`${this.name}: its cgroups to empty`, () => removeCgroups(dirs).length === 0, { timeoutMs: 10_000, intervalMs: 100 });
    }
    if (this.wired) {
      await this.o.unplug(this.o.netns);
      await run('ip', ['netns', 'del', this.o.netns]);
      this.wired = false;
    }
  }
}

/** nspawn's child that runs systemd: the guest's PID 1. */
function guestInit(nspawnPid: number): number | undefined {
  let children: string;
  try {
    children = readFileSync(`/proc/${nspawnPid}/task/${nspawnPid}/children`, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  for (const pid of children.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'systemd') return pid;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return undefined;
}

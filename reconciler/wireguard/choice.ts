/**
 * Which WireGuard this router runs: the kernel's (`ip link add IF type wireguard`, no process)
 * or wireguard-go (a process per interface, behind a TUN device). `auto` decides as wg-quick
 * does (wireguard-tools, linux.bash `add_if`): try to create a kernel interface, and fall back to
 * wireguard-go only when that fails and the kernel has no WireGuard module. dlan decides once,
 * when the agent starts, from a probe (detect.ts), not on every apply. Pure.
 */
import { Stalled } from '../../model/errors.js';
import type { WireguardImplementation } from '../plan/observed.js';

export type { WireguardImplementation };
export type WireguardSetting = 'auto' | WireguardImplementation;

/** What the probe found out. */
export interface WireguardProbe {
  /** A throwaway `ip link add … type wireguard` worked. */
  readonly kernel: boolean;
  /** Why it did not (ip's stderr, e.g. `Error: Unknown device type.`). */
  readonly kernelError?: string;
  /** /sys/module/wireguard exists (built in or loaded). */
  readonly moduleLoaded: boolean;
  /** `wireguard-go` is on the PATH. */
  readonly wireguardGo: boolean;
}

export interface WireguardChoice {
  readonly setting: WireguardSetting;
  readonly implementation: WireguardImplementation;
  /** For people: why this one (logged at start, shown by `dlan status`). */
  readonly reason: string;
  /** Set when the chosen implementation cannot run here: every reconcile stalls with it. */
  readonly problem?: { readonly code: 'KernelWireguardMissing' | 'WireguardGoMissing'; readonly message: string; readonly fix: string };
}

const INSTALL_GO = 'install wireguard-go (apt install wireguard-go)';

export function chooseWireguard(setting: WireguardSetting, p: WireguardProbe): WireguardChoice {
  const why = p.kernelError ? ` (${p.kernelError.trim()})` : '';
  const kernel = (): WireguardChoice => (p.kernel
    ? { setting, implementation: 'kernel', reason: 'the kernel has WireGuard' }
    : {
      setting, implementation: 'kernel', reason: `the kernel cannot create a WireGuard interface${why}`,
      problem: {
        code: 'KernelWireguardMissing',
        message: `agent.yaml says wireguard: kernel, but this kernel cannot create a WireGuard interface${why}.`,
        fix: `use a kernel with WireGuard (Linux ≥ 5.6; Debian's have it: modprobe wireguard), or set wireguard: userspace (or auto) and ${INSTALL_GO}.`,
      },
    });
  const userspace = (reason: string): WireguardChoice => (p.wireguardGo
    ? { setting, implementation: 'userspace', reason }
    : {
      setting, implementation: 'userspace', reason: `${reason}, but wireguard-go is not installed`,
      problem: setting === 'auto'
        ? { code: 'WireguardGoMissing', message: `this kernel cannot create a WireGuard interface${why} and wireguard-go is not installed.`, fix: `${INSTALL_GO}, or use a kernel with WireGuard.` }
        : { code: 'WireguardGoMissing', message: 'agent.yaml says wireguard: userspace, but wireguard-go is not installed.', fix: `${INSTALL_GO}, or set wireguard: auto.` },
    });
  if (setting === 'kernel') return kernel();
  if (setting === 'userspace') return userspace('agent.yaml says wireguard: userspace');
  if (p.kernel) return { setting, implementation: 'kernel', reason: 'auto: the kernel has WireGuard' };
  // As wg-quick: a loaded module that still refuses the interface is not "missing WireGuard"
  // (a permission or namespace problem) and falling back would hide it.
  if (p.moduleLoaded) return kernel();
  return userspace(`auto: no WireGuard in this kernel${why}, so wireguard-go`);
}

/** The reconcile's guard: the implementation to plan with, or the Stalled error saying what to fix. */
export function usableWireguard(c: WireguardChoice): WireguardImplementation {
  if (c.problem) throw new Stalled(c.problem.code, `${c.problem.message} Fix: ${c.problem.fix}`, { setting: c.setting, implementation: c.implementation });
  return c.implementation;
}

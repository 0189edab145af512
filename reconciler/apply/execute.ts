/**
 * Runs a plan's steps, in order, on a host: files written atomically, links changed in place
 * (`ip link set`, `wg set`, `wg syncconf`) rather than recreated, each daemon given its least
 * disruptive action. Every command is checked; the first failure stops the run with an
 * `ApplyFailed` naming the step (the caller rolls back to the last good state).
 */
import type { DesiredState, FileSpec, ServiceName } from '../../renderers/state.js';
import { Internal, Stalled } from '../../model/errors.js';
import type { Host } from '../host.js';
import type { Logger } from '../log.js';
import type { Plan } from '../plan/plan.js';
import { type Step, stepSubject } from '../plan/steps.js';
import { type DaemonName, isDaemon, type ServiceManager } from '../services/types.js';
import type { WireguardImplementation } from '../wireguard/choice.js';

export interface ExecuteDeps {
  readonly host: Host;
  readonly services: ServiceManager;
  readonly log: Logger;
  /** Called before each step (tests use it to fail or kill an apply half-way); its error is the step's. */
  readonly beforeStep?: (step: Step, index: number) => Promise<void>;
}

export class ApplyFailed extends Stalled {
  constructor(readonly step: Step, readonly index: number, cause: unknown) {
    const c = cause as Error & { code?: string; data?: unknown };
    super('ApplyFailed', `step ${index + 1} (${step.kind} ${step.op} ${stepSubject(step)}) failed: ${c.message}`,
      { step: `${step.kind} ${step.op} ${stepSubject(step)}`, cause: c.code ?? c.name, ...(c.data ? { detail: c.data } : {}) }, { cause });
  }
}

/**
 * `wg syncconf IF FILE` sets the private key, listen port and fwmark to the file's, zero when the
 * file has none (wireguard-tools config.c: a non-append read sets HAS_PRIVATE_KEY), and the
 * rendered file has no key (it stays in its own file). So the key is appended in a second
 * [Interface] section by a shell on the router: a key equal to the running one is no change
 * (sessions kept), and the key never passes through dlan's memory.
 * $1 = the rendered config, $2 = the private key file, $3 = the interface.
 */
const WG_SYNC = `set -e
{ cat "$1"; printf '\n[Interface]\nPrivateKey = %s\n' "$(cat "$2")"; } | wg syncconf "$3" /dev/stdin`;

const fileOf = (d: DesiredState, service: ServiceName): FileSpec | undefined => d.files.find((f) => f.service === service);

async function ip(host: Host, args: string[]): Promise<void> {
  await host.run('ip', args, { check: true });
}

/**
 * The kernel's WireGuard is a link like any other (wg(8), wireguard.com/quickstart: `ip link add
 * dev wg0 type wireguard`); wireguard-go is a daemon that makes its TUN link itself, so the
 * service manager starts it (the dlan-wireguard-go@ unit, or a supervised process).
 */
async function createWireguard(ifname: string, implementation: WireguardImplementation, { host, services }: ExecuteDeps): Promise<void> {
  if (implementation === 'kernel') await ip(host, ['link', 'add', 'dev', ifname, 'type', 'wireguard']);
  else await services.start('wireguard');
}

/** Only when switching implementation. wireguard-go removes its link when it stops; a link it left is deleted. */
async function deleteWireguard(ifname: string, implementation: WireguardImplementation, { host, services }: ExecuteDeps): Promise<void> {
  if (implementation === 'userspace') await services.stop('wireguard');
  if ((await host.run('ip', ['link', 'show', 'dev', ifname])).code === 0) await ip(host, ['link', 'del', 'dev', ifname]);
}

async function runStep(step: Step, desired: DesiredState, deps: ExecuteDeps): Promise<void> {
  const { host, services } = deps;
  switch (step.kind) {
    case 'file':
      if (step.op === 'delete') await host.removeFile(step.path);
      else await host.writeFileAtomic(step.file.path, step.file.content, step.file.mode);
      return;
    case 'wireguard': {
      if (step.op === 'delete') return deleteWireguard(step.ifname, step.implementation, deps);
      const w = step.spec;
      if (step.op === 'create') await createWireguard(w.ifname, step.implementation, deps);
      await host.run('wg', ['set', w.ifname, 'listen-port', String(w.listenPort), 'private-key', host.realPath(w.privateKeyFile)], { check: true });
      await ip(host, ['link', 'set', 'dev', w.ifname, 'mtu', String(w.mtu), 'up']);
      return;
    }
    case 'vxlan':
      if (step.op === 'delete') return ip(host, ['link', 'del', 'dev', step.ifname]);
      if (step.op === 'create') {
        const v = step.spec;
        await ip(host, ['link', 'add', v.ifname, 'type', 'vxlan', 'id', String(v.vni), 'local', v.local, 'remote', v.remote,
          'dstport', String(v.dstPort), 'dev', v.dev, 'nolearning']);
      }
      return ip(host, ['link', 'set', 'dev', step.spec.ifname, 'mtu', String(step.spec.mtu), 'up']);
    case 'address':
      // `replace` is idempotent: a half-finished earlier run that added it already is fine.
      if (step.op === 'add') return ip(host, ['addr', 'replace', step.address, 'dev', step.ifname]);
      return ip(host, ['addr', 'del', step.address, 'dev', step.ifname]);
    case 'link':
      return ip(host, ['link', 'set', 'dev', step.ifname, 'up']);
    case 'service':
      return runService(step.op, step.service, desired, deps);
  }
}

async function runService(op: Extract<Step, { kind: 'service' }>['op'], name: ServiceName, desired: DesiredState, deps: ExecuteDeps): Promise<void> {
  const { host, services } = deps;
  const configOf = (s: ServiceName) => {
    const f = fileOf(desired, s);
    if (!f) throw new Internal('BadPlan', `no ${s} configuration in the desired state`, { service: s });
    return host.realPath(f.path);
  };
  switch (op) {
    case 'wg-sync':
      await host.run('sh', ['-c', WG_SYNC, 'wg-sync', configOf('wireguard'), host.realPath(desired.wireguard.privateKeyFile), desired.wireguard.ifname], { check: true });
      return;
    case 'nft-apply':
      await host.run('nft', ['-f', configOf('nftables')], { check: true });
      return;
    case 'sysctl-apply':
      await host.run('sysctl', ['-q', '-p', configOf('sysctl')], { check: true });
      return;
    default: {
      if (!isDaemon(name)) throw new Internal('BadPlan', `${op} is not an action for ${name}`, { op, service: name });
      const d: DaemonName = name;
      if (op === 'start') return services.start(d);
      if (op === 'stop') return services.stop(d);
      if (op === 'restart') return services.restart(d);
      return services.reload(d); // reload, frr-reload
    }
  }
}

export async function executePlan(plan: Plan, desired: DesiredState, deps: ExecuteDeps): Promise<void> {
  for (const [i, step] of plan.steps.entries()) {
    deps.log.log('debug', 'step', { n: i + 1, of: plan.steps.length, kind: step.kind, op: step.op, subject: stepSubject(step) });
    try {
      await deps.beforeStep?.(step, i); // a hook that throws is that step failing
      await runStep(step, desired, deps);
    } catch (e) {
      throw new ApplyFailed(step, i, e);
    }
  }
}

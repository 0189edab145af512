/**
 * One doctor run: every check, in the order a person fixes things (software, then this router's
 * ports, then the distro's defaults). A check that cannot run (a command missing, a file
 * unreadable) is itself an error finding, and the others still run.
 */
import { checkClock } from './checks/clock.js';
import { checkFrrDaemonsFile, checkNftablesService, checkNginxDefaultSite } from './checks/distro.js';
import { checkInterfaces } from './checks/interfaces.js';
import { checkLanManagers } from './checks/managers.js';
import { checkPorts } from './checks/ports.js';
import { checkCommands, checkFrr, checkNginxStream, checkNode, checkWireguardChoice } from './checks/software.js';
import { error, type Finding, warning } from './finding.js';
import type { DoctorSystem } from './system.js';
import type { DoctorTarget } from './target.js';

type Check = (sys: DoctorSystem, t: DoctorTarget) => Finding[] | Promise<Finding[]>;

const CHECKS: readonly (readonly [string, Check])[] = [
  ['node', checkNode],
  ['commands', checkCommands],
  ['frr', checkFrr],
  ['nginx-stream', checkNginxStream],
  ['wireguard', (_, t) => checkWireguardChoice(t)],
  ['clock', checkClock],
  ['interfaces', checkInterfaces],
  ['ports', checkPorts],
  ['nginx-default-site', checkNginxDefaultSite],
  ['nftables', checkNftablesService],
  ['frr-daemons-file', checkFrrDaemonsFile],
  ['lan-managers', checkLanManagers],
];

export interface DoctorReport {
  /** Which router, from where (`routers/r1.yaml at 1a2b3c4`), or why none. */
  readonly router?: string;
  readonly findings: readonly Finding[];
  readonly errors: number;
  readonly warnings: number;
}

export async function runDoctor(sys: DoctorSystem, t: DoctorTarget): Promise<DoctorReport> {
  const findings: Finding[] = [];
  if (!t.router) {
    findings.push(warning('topology', 'no topology for this router: its interfaces, ports and LAN managers are not checked',
      'dlan doctor --repo DIR --router NAME (a working tree of the topology repo), or run it again after the agent fetched once'));
  }
  const results = await Promise.all(CHECKS.map(async ([name, check]) => {
    try {
      return await check(sys, t);
    } catch (e) {
      return [error(`check:${name}`, `could not check: ${(e as Error).message}`, 'run dlan doctor as root, with iproute2 installed')];
    }
  }));
  findings.push(...results.flat());
  return {
    ...(t.router && { router: `${t.router.slice.router.name} (${t.router.source})` }),
    findings,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

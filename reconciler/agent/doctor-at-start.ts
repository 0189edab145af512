/**
 * The agent runs `dlan doctor`'s checks once when it starts and logs every finding that is not
 * ok, with its fix. It starts whatever they say: the reconcile is the authority on what blocks an
 * apply (a missing port is InterfaceMissing there, with the same words), and it reports that in
 * the state file and the commit status, where people look. An agent that refused to start would
 * be restarted in a loop by systemd, say nothing in `dlan status`, and could not pick up the
 * commit that fixes the router file; a doctor finding that is wrong would stop a working router.
 */
import { localSystem } from '../doctor/system.js';
import { runDoctor } from '../doctor/run.js';
import { doctorTarget } from '../doctor/target-from.js';
import type { ReconcileDeps } from '../deps.js';

export async function doctorAtStart(deps: ReconcileDeps, builtAt?: Date): Promise<void> {
  const { log, config } = deps;
  try {
    const target = await doctorTarget({ host: deps.host, wireguard: deps.wireguard, config, services: deps.services, ...(builtAt && { builtAt }) });
    const report = await runDoctor(localSystem(deps.host), target);
    for (const f of report.findings) {
      if (f.severity !== 'ok') log.log(f.severity === 'error' ? 'error' : 'warn', 'doctor', { check: f.id, message: f.message, fix: f.fix ?? null });
    }
    log.log(report.errors > 0 ? 'warn' : 'info', 'doctor-summary', {
      errors: report.errors, warnings: report.warnings, ok: report.findings.length - report.errors - report.warnings,
      router: report.router ?? null,
    });
  } catch (e) {
    log.log('error', 'doctor-failed', { error: e as Error });
  }
}

import type { FileSpec } from '../../../renderers/state.js';
import { checkFiles } from '../../check/files.js';
import type { CheckResult } from '../../check/rejected.js';
import type { Plan } from '../../plan/plan.js';
import type { WireguardImplementation } from '../../wireguard/choice.js';
import { type Done, done } from '../run.js';

/** The files a plan writes with new content (a mode-only change or a delete is not checked). */
export const filesToCheck = (plan: Plan): FileSpec[] =>
  plan.steps.flatMap((s) => (s.kind === 'file' && s.op !== 'delete' && !s.modeOnly ? [s.file] : []));

/**
 * checkConfigs sets **Checked**. Nothing is changed on the router before it passed.
 * - True: every file the plan writes is accepted by its daemon's own checker (nginx -t, dnsmasq
 *   --test, nft -c, vtysh -C, wg for the WireGuard this router runs), or there was nothing to check.
 *   `running` gives the content the router has now, by path: a WireGuard file that only changes
 *   peers' keys and endpoints in ways `wg` validates itself is not checked
 *   (check/wireguard-same-shape.ts; its checker is the most expensive one).
 * - False, Stalled `ConfigRejected`: the first rejection, with the file, the line and the
 *   daemon's words. Transient `CheckerUnavailable`: a checker could not run (never taken as
 *   "accepted").
 */
export async function checkConfigs(plan: Plan, wireguard: WireguardImplementation, running: (path: string) => string | undefined,
  check: (files: readonly FileSpec[]) => Promise<CheckResult> = (files) => checkFiles(files, { wireguard }, running)): Promise<Done<void>> {
  const changed = filesToCheck(plan);
  const r = await check(changed);
  const [first] = r.errors;
  if (first) throw first;
  return done(undefined, changed.length ? `${changed.length} changed file(s) accepted by their daemons` : 'nothing to check');
}

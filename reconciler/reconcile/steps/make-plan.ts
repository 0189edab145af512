import type { DesiredState } from '../../../renderers/state.js';
import { makePlan as planChanges, type Plan } from '../../plan/plan.js';
import { assertPortsExist } from '../../plan/ports.js';
import { usableWireguard, type WireguardChoice } from '../../wireguard/choice.js';
import { type Done, done } from '../run.js';
import type { Observation } from './observe-live.js';

/**
 * makePlan sets **Planned**. Pure.
 * - True: the ordered steps from what is there to what the commit wants ("no changes", or
 *   "1 to add, 2 to change, 0 to destroy"), for the WireGuard this router runs; the services an
 *   interrupted apply still owes are acted on again.
 * - False, Stalled `InterfaceMissing`: a port the router file names does not exist here.
 * - False, Stalled `KernelWireguardMissing` / `WireguardGoMissing`: the WireGuard chosen at the
 *   agent's start cannot run here.
 */
export async function makePlan(desired: DesiredState, seen: Pick<Observation, 'observed' | 'inventory' | 'pending'>, commit: string,
  wireguard: WireguardChoice): Promise<Done<Plan>> {
  assertPortsExist(desired, seen.observed);
  const plan = planChanges(desired, seen.observed, seen.inventory, {
    commit, wireguard: usableWireguard(wireguard), ...(seen.pending?.services && { interrupted: seen.pending.services }),
  });
  const s = plan.summary;
  return done(plan, plan.steps.length === 0 ? 'no changes' : `${s.add} to add, ${s.change} to change, ${s.destroy} to destroy`);
}

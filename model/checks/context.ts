import type { AddressPlan } from '../address-plan.js';
import type { Topology } from '../model.js';
import type { Peering } from '../peerings.js';
import type { Reporter } from '../yaml-source.js';

/** What every semantic check gets: the loaded topology, its derived facts, and a reporter. */
export interface CheckContext {
  readonly topology: Topology;
  readonly plan: AddressPlan;
  readonly peerings: readonly Peering[];
  readonly report: Reporter;
  /** network.yaml, or network.yml when that is how the repo spells it. */
  readonly networkFile: string;
}

export type Check = (ctx: CheckContext) => void;

/** What one reconcile needs from the outside world: config, host, services, state, log, clock, reporter. */
import type { RenderOptions } from '../renderers/options.js';
import type { AgentConfig } from './agent-config.js';
import type { executePlan } from './apply/execute.js';
import type { Host } from './host.js';
import type { Logger } from './log.js';
import type { DedupingReporter } from './report/dedupe.js';
import type { ServiceManager } from './services/types.js';
import type { StateStore } from './memory/store.js';
import type { WireguardChoice } from './wireguard/choice.js';

export interface ReconcileDeps {
  readonly config: AgentConfig;
  readonly host: Host;
  readonly services: ServiceManager;
  readonly store: StateStore;
  readonly log: Logger;
  readonly now: () => Date;
  readonly reporter?: DedupingReporter;
  readonly renderOptions?: Partial<RenderOptions>;
  /** Which WireGuard runs here, decided once when the agent started (reconciler/wireguard). */
  readonly wireguard: WireguardChoice;
  /** Test hook: runs before each apply step. */
  readonly beforeStep?: Parameters<typeof executePlan>[2]['beforeStep'];
}

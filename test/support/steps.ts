/**
 * Fixtures for running one reconcile step alone: an agent config and a real state store in a
 * temp dir, a quiet logger that keeps its lines, a health summary builder, and a router that
 * answers from memory and records what it was asked (the real one needs namespaces and the
 * daemons: test/reconciler/apply/reconcile.test.ts drives it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentConfig } from '../../reconciler/agent-config.js';
import type { ReconcileDeps } from '../../reconciler/deps.js';
import type { HealthSummary } from '../../reconciler/health/types.js';
import { makeLogger } from '../../reconciler/log.js';
import { StateStore } from '../../reconciler/memory/store.js';
import type { LiveState } from '../../reconciler/plan/live-state.js';
import type { Observed } from '../../reconciler/plan/observed.js';
import type { Plan } from '../../reconciler/plan/plan.js';
import type { RouterAccess } from '../../reconciler/reconcile/ports.js';
import type { DaemonName } from '../../reconciler/services/types.js';
import type { DesiredState } from '../../renderers/state.js';
import type { WireguardChoice } from '../../reconciler/wireguard/choice.js';

export const NOW = new Date('2030-01-02T03:04:05Z');
export const C1 = '1'.repeat(40);
export const C2 = '2'.repeat(40);
/** wireguard-go, as in the lab. */
export const WG: WireguardChoice = { setting: 'userspace', implementation: 'userspace', reason: 'agent.yaml says wireguard: userspace' };

export function agentConfig(stateDir: string, over: Partial<AgentConfig> = {}): AgentConfig {
  return {
    router: 'r1', repo: { url: '/nonexistent/repo.git', branch: 'main' }, trust: { allowedSigners: join(stateDir, 'allowed_signers') },
    stateDir, root: '/', privateKeyFile: '/etc/dlan/wireguard.key', schedule: { intervalMs: 60_000, jitterMs: 0 },
    serviceManager: 'process', rollback: { enabled: true, windowMs: 120_000 }, log: 'json', wireguard: 'userspace', ...over,
  };
}

export interface StepEnv {
  readonly dir: string;
  readonly store: StateStore;
  readonly lines: string[];
  readonly deps: Pick<ReconcileDeps, 'config' | 'store' | 'log' | 'now' | 'wireguard'>;
  close(): Promise<void>;
}

/** A state dir of its own, the store on it, a logger keeping its JSON lines, a fixed clock. */
export async function stepEnv(config: Partial<AgentConfig> = {}): Promise<StepEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'dlt-step-'));
  const lines: string[] = [];
  const store = new StateStore(dir);
  return {
    dir, store, lines,
    deps: { config: agentConfig(dir, config), store, log: makeLogger({ format: 'json', write: (l) => lines.push(l), now: () => NOW }), now: () => NOW, wireguard: WG },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

export function healthSummary(over: { down?: readonly DaemonName[]; peersUp?: number; peers?: number } = {}): HealthSummary {
  const daemons: DaemonName[] = ['dnsmasq', 'frr', 'nginx', 'wireguard'];
  const peers = over.peers ?? 1;
  const up = over.peersUp ?? peers;
  return {
    status: over.down?.length ? 'down' : 'healthy', at: Math.floor(NOW.getTime() / 1000), commit: { ok: true },
    daemons: daemons.map((name) => ({ name, running: !over.down?.includes(name) })),
    peers: Array.from({ length: peers }, (_, i) => ({ name: `r${i + 4}`, wireguard: i < up ? 'up' : 'never', ospf: i < up ? 'Full' : 'absent', ospf6: 'absent', bfd: 'off', up: i < up })),
    peersUp: up, problems: (over.down ?? []).map((d) => `daemon ${d} is not running`),
  };
}

export const emptyLive: LiveState = { files: [], vxlans: [], addresses: [], links: [], services: [] };

/** A router answering from memory; every call is recorded in `calls` as `name arg…`. */
export function memoryRouter(o: {
  observed?: Observed; health?: HealthSummary; peersUp?: string[];
  execute?: (plan: Plan, desired: DesiredState) => Promise<void>;
} = {}): RouterAccess & { readonly calls: string[] } {
  const calls: string[] = [];
  const health = o.health ?? healthSummary();
  return {
    calls,
    async observe(desired, inventory) {
      calls.push(`observe ${desired.router} owned:${inventory.files.length}`);
      if (!o.observed) throw new Error('memoryRouter: no observed state given');
      return { live: emptyLive, observed: o.observed };
    },
    async health(desired, commit) { calls.push(`health ${desired.router} ${commit.slice(0, 7)}`); return health; },
    async healthFromLive(desired, commit) { calls.push(`healthFromLive ${desired.router} ${commit.slice(0, 7)}`); return health; },
    async peersUp(running) { calls.push(`peersUp ${running.router}`); return o.peersUp ?? []; },
    async execute(plan, desired) { calls.push(`execute ${plan.steps.length} steps`); await o.execute?.(plan, desired); },
  };
}

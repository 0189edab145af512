/**
 * dlan's local state file (`<stateDir>/state.json`, default /var/lib/dlan): what runs, the last
 * attempt and its error, the last health summary. Written by the agent after every reconcile
 * (atomically, through the Host), read by `dlan status`. Times are Unix seconds, given by the
 * caller. A missing file reads as undefined (nothing applied yet); anything dlan would not have
 * written is StateFileCorrupt, never "empty".
 */
import type { Host } from '../host.js';
import type { HealthSummary } from '../health/types.js';
import { ReportError, type Outcome } from './status.js';

export interface RouterState {
  readonly version: 1;
  readonly router: string;
  /** The commit running now (the last good one). */
  readonly applied?: { readonly commit: string; readonly at: number };
  readonly lastAttempt?: {
    readonly commit: string;
    readonly outcome: Outcome;
    readonly at: number;
    readonly description: string;
  };
  /** The last failure, kept after later successes so `dlan status` can show it with its age. */
  readonly lastError?: { readonly commit?: string; readonly code: string; readonly message: string; readonly at: number };
  readonly health?: HealthSummary;
  /** Which WireGuard runs and why (agent.yaml `wireguard`, decided when the agent started). */
  readonly wireguard?: { readonly setting: string; readonly implementation: string; readonly reason: string };
}

export const DEFAULT_STATE_DIR = '/var/lib/dlan';
export const stateFilePath = (stateDir = DEFAULT_STATE_DIR): string => `${stateDir.replace(/\/+$/, '')}/state.json`;

export function isRouterState(v: unknown): v is RouterState {
  const s = v as RouterState;
  return typeof s === 'object' && s !== null && s.version === 1 && typeof s.router === 'string'
    && (s.applied === undefined || (typeof s.applied.commit === 'string' && typeof s.applied.at === 'number'))
    && (s.lastAttempt === undefined || (typeof s.lastAttempt.commit === 'string' && typeof s.lastAttempt.outcome === 'string'))
    && (s.lastError === undefined || (typeof s.lastError.code === 'string' && typeof s.lastError.message === 'string'))
    && (s.health === undefined || (typeof s.health.status === 'string' && Array.isArray(s.health.peers)))
    && (s.wireguard === undefined || (typeof s.wireguard.implementation === 'string' && typeof s.wireguard.reason === 'string'));
}

export async function writeStateFile(host: Host, state: RouterState, stateDir = DEFAULT_STATE_DIR): Promise<void> {
  await host.writeFileAtomic(stateFilePath(stateDir), `${JSON.stringify(state, null, 1)}\n`, 0o644);
}

export async function readStateFile(host: Host, stateDir = DEFAULT_STATE_DIR): Promise<RouterState | undefined> {
  const path = stateFilePath(stateDir);
  const text = await host.readFile(path);
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ReportError('StateFileCorrupt', `${path}: ${(e as Error).message}`, { path });
  }
  if (!isRouterState(v)) throw new ReportError('StateFileCorrupt', `${path}: not a dlan state file (version 1)`, { path });
  return v;
}

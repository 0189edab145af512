/**
 * The state file (`<stateDir>/state.json`, read by `dlan status`) after each thing the agent
 * does: a reconcile, a self-rollback. One composer, pure (`nextState`), and one writer
 * (`recordState`) that reads the previous file, composes and writes it atomically; a file it
 * cannot read or write is logged, never silently replaced by nothing.
 */
import type { ErrorCode } from '../../model/errors.js';
import type { HealthSummary } from '../health/types.js';
import { localHost } from '../host.js';
import type { Logger } from '../log.js';
import { readStateFile, type RouterState, writeStateFile } from '../report/state-file.js';
import type { Outcome } from '../report/status.js';
import type { WireguardChoice } from '../wireguard/choice.js';

export interface StateEvent {
  readonly router: string;
  /** Unix seconds. */
  readonly at: number;
  /** The commit the router runs now (last-applied), if any. */
  readonly applied?: string;
  /** The commit this run worked on and how it ended. */
  readonly attempt?: { readonly commit: string; readonly outcome: Outcome; readonly description: string };
  /** Why it failed; absent on success (the last error is kept, with its age). */
  readonly error?: { readonly commit?: string; readonly code: ErrorCode; readonly message: string };
  /** A fresh health summary; absent: the last one stands. */
  readonly health?: HealthSummary;
  /** Which WireGuard runs and why; absent: the last one stands. */
  readonly wireguard?: NonNullable<RouterState['wireguard']>;
}

/** The state file's account of the WireGuard choice made at the agent's start. */
export const wireguardState = (c: WireguardChoice): NonNullable<RouterState['wireguard']> =>
  ({ setting: c.setting, implementation: c.implementation, reason: c.reason });

/** The state after `e`: `applied` keeps its time while the commit is the same; lastError and health carry over. */
export function nextState(prev: RouterState | undefined, e: StateEvent): RouterState {
  const health = e.health ?? prev?.health;
  const wireguard = e.wireguard ?? prev?.wireguard;
  const lastError = e.error ? { ...e.error, at: e.at } : prev?.lastError;
  return {
    version: 1,
    router: e.router,
    ...(e.applied && { applied: prev?.applied?.commit === e.applied ? prev.applied : { commit: e.applied, at: e.at } }),
    ...(e.attempt && { lastAttempt: { ...e.attempt, at: e.at } }),
    ...(lastError && { lastError }),
    ...(health && { health }),
    ...(wireguard && { wireguard }),
  };
}

/** Reads the state file, applies `e`, writes it. The state dir is dlan's own, on the machine's real filesystem (not under `root`). */
export async function recordState(stateDir: string, log: Logger, e: StateEvent): Promise<void> {
  const host = localHost();
  let prev: RouterState | undefined;
  try {
    prev = await readStateFile(host, stateDir);
  } catch (err) {
    log.log('warn', 'state-file-unreadable', { error: err as Error });
  }
  await writeStateFile(host, nextState(prev, e), stateDir).catch((err) => log.log('error', 'state-file-not-written', { error: err as Error }));
}

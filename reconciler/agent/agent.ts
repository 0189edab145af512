/**
 * `dlan agent`: reconcile on a schedule (interval or cron, with jitter) and at once when the
 * agent config or a trust file changes; never two runs at once; graceful on SIGTERM (the run in
 * progress finishes, nothing new starts). After an apply that changed something, it watches the
 * router like VyOS's commit-confirm: if the git remote and every peer that was up before are
 * lost for the rollback window, it goes back to the previous good state by itself.
 */
import { CronTime } from 'cron';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../log.js';
import { type ReconcileDeps, reconcileOnce, type ReconcileResult, health, rollBack } from '../reconcile.js';
import { checkSource } from '../source/fetch-source.js';
import { recordApplied } from '../trust/applied-state.js';
import type { LastGood } from '../state-store.js';
import type { AgentConfig } from './config.js';

export interface AgentOptions {
  readonly configFile: string;
  readonly config: AgentConfig;
  readonly deps: ReconcileDeps;
  readonly log: Logger;
  /** Random in [0, 1) (Math.random outside tests). */
  readonly random: () => number;
  /** Called for every reconcile result (tests, benchmarks). */
  readonly onResult?: (r: ReconcileResult) => void;
  /** How often commit-confirmed probes connectivity. Default window / 6, at least 1 s. */
  readonly probeMs?: number;
}

export interface Agent {
  /** Runs a reconcile now (or right after the current one). */
  trigger(reason: string): void;
  /** Stops scheduling, waits for the current run, closes watchers. */
  stop(): Promise<void>;
  /** Resolves when the agent has stopped. */
  readonly stopped: Promise<void>;
}

interface Confirm {
  readonly commit: string;
  readonly previous: LastGood;
  readonly peers: readonly string[];
  readonly until: number;
  lostSince?: number;
}

export function startAgent(o: AgentOptions): Agent {
  const { config, deps, log } = o;
  let running: Promise<void> | undefined;
  let again = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let probeTimer: NodeJS.Timeout | undefined;
  let confirm: Confirm | undefined;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));

  const nextDelay = (): number => {
    const jitter = Math.floor(o.random() * config.schedule.jitterMs);
    if (config.schedule.cron) {
      const at = new CronTime(config.schedule.cron).sendAt().toMillis();
      return Math.max(0, at - Date.now()) + jitter;
    }
    return config.schedule.intervalMs + jitter;
  };

  const schedule = () => {
    if (stopping) return;
    clearTimeout(timer);
    timer = setTimeout(() => trigger('schedule'), nextDelay());
  };

  const runOnce = async (reason: string) => {
    log.log('info', 'reconcile-start', { reason });
    const previous = await deps.store.lastGood();
    const r = await reconcileOnce(deps);
    o.onResult?.(r);
    const changed = (r.plan?.steps.length ?? 0) > 0;
    if (r.outcome.ok && changed && config.rollback.enabled && previous && previous.commit !== r.commit && (r.peersUpBefore?.length ?? 0) > 0) {
      confirm = { commit: r.commit!, previous, peers: r.peersUpBefore!, until: Date.now() + config.rollback.windowMs * 2 };
      log.log('info', 'confirm-watch', { commit: r.commit, peers: r.peersUpBefore, windowMs: config.rollback.windowMs });
      startProbe();
    }
  };

  const trigger = (reason: string) => {
    if (stopping) return;
    if (running) { again = true; return; }
    running = runOnce(reason)
      .catch((e) => log.log('error', 'reconcile-crashed', { error: e as Error }))
      .finally(() => {
        running = undefined;
        if (again && !stopping) { again = false; trigger('queued'); } else schedule();
      });
  };

  /** Commit-confirmed: lost the remote AND every peer that was up before, for a whole window. */
  const probe = async () => {
    const c = confirm;
    if (!c || stopping) return;
    const remoteOk = await checkSource({ url: config.repo.url, branch: config.repo.branch, timeoutMs: 5000 }, config.stateDir).then(() => true, () => false);
    const h = await health(deps, c.previous.desired, undefined).catch(() => undefined);
    const peersOk = h ? h.peers.some((p) => c.peers.includes(p.name) && p.wireguard === 'up') : false;
    const now = Date.now();
    if (remoteOk || peersOk) {
      c.lostSince = undefined;
      if (now >= c.until - config.rollback.windowMs) { confirm = undefined; log.log('info', 'confirmed', { commit: c.commit }); return; }
    } else {
      c.lostSince ??= now;
      if (now - c.lostSince >= config.rollback.windowMs) {
        confirm = undefined;
        await selfRollback(c);
        return;
      }
    }
    startProbe();
  };

  const selfRollback = async (c: Confirm) => {
    const why = `lost the git remote and every peer (${c.peers.join(', ')}) for ${Math.round(config.rollback.windowMs / 1000)} s after applying it`;
    log.log('warn', 'self-rollback', { commit: c.commit, to: c.previous.commit, why });
    const wait = running;
    if (wait) await wait;
    await deps.store.saveLastGood(c.previous);
    await rollBack(deps, why);
    await recordApplied(config.stateDir, c.previous.commit);
    await deps.store.reject(c.commit, `self-rollback: ${why}`);
    await deps.reporter?.post({ sha: c.commit, context: `dlan/${config.router}`, outcome: 'failure', description: `rolled back by itself to ${c.previous.commit.slice(0, 7)}: ${why}` }).catch(() => undefined);
  };

  const startProbe = () => {
    clearTimeout(probeTimer);
    if (stopping || !confirm) return;
    const every = o.probeMs ?? Math.max(1000, Math.floor(config.rollback.windowMs / 6));
    probeTimer = setTimeout(() => { probe().catch((e) => log.log('error', 'confirm-probe-failed', { error: e as Error })); }, every);
  };

  // Re-run at once when the local config or the trust roots change (a key added or revoked).
  const watched = [o.configFile, config.trust.allowedSigners, config.trust.openpgpKeys].filter((x): x is string => !!x);
  const watcher: FSWatcher = watch(watched, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 } });
  watcher.on('all', (event, path) => { log.log('info', 'local-change', { event, path }); trigger(`${path} changed`); });
  watcher.on('error', (e) => log.log('warn', 'watch-error', { error: e as Error }));

  const stop = async () => {
    if (stopping) return stopped;
    stopping = true;
    clearTimeout(timer);
    clearTimeout(probeTimer);
    log.log('info', 'agent-stopping', {});
    if (running) await running;
    await watcher.close();
    log.log('info', 'agent-stopped', {});
    resolveStopped();
    return stopped;
  };

  trigger('start');
  return { trigger, stop, stopped };
}

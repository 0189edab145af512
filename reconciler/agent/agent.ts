/**
 * `dlan agent`: reconcile on a schedule (interval or cron, with jitter) and at once when the
 * agent config or a trust file changes; never two runs at once; graceful on SIGTERM (the run in
 * progress finishes, nothing new starts). After an apply that changed something, it watches the
 * router like VyOS's commit-confirm: if the git remote and every peer that was up before are
 * lost for the rollback window, it goes back to the previous good state by itself, refuses that
 * commit until a newer one comes, and says why (state file, commit status).
 */
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../log.js';
import { peersUp, type ReconcileDeps, reconcileOnce, type ReconcileResult, recordSelfRollback, rollBack } from '../reconcile.js';
import { checkSource } from '../source/fetch-source.js';
import { recordApplied } from '../trust/applied-state.js';
import type { LastGood } from '../state-store.js';
import { type CronNext, loadCronNext, scheduleDelay } from './schedule.js';
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
  /**
   * Re-reads the config file when it changes. A config that does not validate is logged and
   * ignored: the agent keeps running with the last good one. Without it, changes to the config
   * file only trigger a reconcile.
   */
  readonly reload?: () => Promise<{ readonly config: AgentConfig; readonly deps: ReconcileDeps }>;
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
  const { log } = o;
  // Replaced when the config file changes (see `reload`); a run in progress keeps its own.
  let { config, deps } = o;
  // One job at a time: reconciles and self-rollbacks never overlap. A rollback goes first.
  type Job = { readonly kind: 'reconcile'; readonly reason: string } | { readonly kind: 'rollback'; readonly confirm: Confirm };
  const queue: Job[] = [];
  let draining: Promise<void> | undefined;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let probeTimer: NodeJS.Timeout | undefined;
  let confirm: Confirm | undefined;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));

  // Loaded before the first run ends (the first run starts at once, the schedule after it).
  let cronNext: CronNext | undefined;
  const needCron = () => {
    if (config.schedule.cron && !cronNext) {
      loadCronNext().then((f) => (cronNext = f), (e) => log.log('error', 'cron-unavailable', { error: e as Error }));
    }
  };
  needCron();
  const nextDelay = (): number => scheduleDelay(config.schedule, o.random(), cronNext);

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

  const drain = async () => {
    for (let job = queue.shift(); job && !stopping; job = queue.shift()) {
      try {
        if (job.kind === 'reconcile') await runOnce(job.reason);
        else await selfRollback(job.confirm);
      } catch (e) {
        log.log('error', job.kind === 'reconcile' ? 'reconcile-crashed' : 'self-rollback-failed', { error: e as Error });
      }
    }
  };

  const enqueue = (job: Job) => {
    if (stopping) return;
    if (job.kind === 'rollback') queue.unshift(job);
    // One queued reconcile is enough: it reads the tip and the router as they are when it runs.
    else if (!queue.some((j) => j.kind === 'reconcile')) queue.push(job);
    if (!draining) draining = drain().finally(() => { draining = undefined; schedule(); });
  };

  const trigger = (reason: string) => enqueue({ kind: 'reconcile', reason });

  /**
   * Commit-confirmed: lost the remote AND every peer that was up before, for a whole window.
   * Peers are judged against the previous state (the one the router ran when they were up).
   */
  const probe = async () => {
    const c = confirm;
    if (!c || stopping) return;
    const remoteOk = await checkSource({ url: config.repo.url, branch: config.repo.branch, timeoutMs: 5000 }, config.stateDir).then(() => true, () => false);
    const up = await peersUp(deps, c.previous.desired).catch(() => [] as string[]);
    const peersOk = up.some((p) => c.peers.includes(p));
    const now = Date.now();
    if (confirm !== c) return; // a newer apply replaced this watch meanwhile
    if (remoteOk || peersOk) {
      c.lostSince = undefined;
      if (now >= c.until - config.rollback.windowMs) { confirm = undefined; log.log('info', 'confirmed', { commit: c.commit }); return; }
    } else {
      c.lostSince ??= now;
      log.log('warn', 'confirm-lost', { commit: c.commit, remote: false, peersUp: up, forMs: now - c.lostSince });
      if (now - c.lostSince >= config.rollback.windowMs) {
        confirm = undefined;
        enqueue({ kind: 'rollback', confirm: c });
        return;
      }
    }
    startProbe();
  };

  const selfRollback = async (c: Confirm) => {
    const why = `lost the git remote and every peer that was up (${c.peers.join(', ')}) for ${Math.round(config.rollback.windowMs / 1000)} s after applying it`;
    log.log('warn', 'self-rollback', { commit: c.commit, to: c.previous.commit, why });
    // In this order, so that an agent killed at any point finishes the rollback on its next run
    // (a refused commit with a pending marker is rolled back, see reconcile's fetchSource).
    await deps.store.savePending({ commit: c.previous.commit, startedAt: deps.now().toISOString(), previous: c.commit });
    await deps.store.saveLastGood(c.previous);
    await deps.store.reject(c.commit, `self-rollback: ${why}`);
    await rollBack(deps, why);
    await recordApplied(config.stateDir, c.previous.commit);
    await recordSelfRollback(deps, { commit: c.commit, to: c.previous.commit, why });
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
  const onChange = async (path: string) => {
    if (path === o.configFile && o.reload) {
      try {
        ({ config, deps } = await o.reload());
      } catch (e) {
        log.log('error', 'config-invalid', { path, error: e as Error, keeping: 'the last good config' });
        return;
      }
      const trust = [config.trust.allowedSigners, config.trust.openpgpKeys].filter((x): x is string => !!x);
      watcher.add(trust);
      needCron();
      log.log('info', 'config-reloaded', { path, repo: config.repo.url });
    }
    trigger(`${path} changed`);
  };
  watcher.on('all', (event, path) => {
    log.log('info', 'local-change', { event, path });
    void onChange(path);
  });
  watcher.on('error', (e) => log.log('warn', 'watch-error', { error: e as Error }));

  const stop = async () => {
    if (stopping) return stopped;
    stopping = true;
    clearTimeout(timer);
    clearTimeout(probeTimer);
    log.log('info', 'agent-stopping', {});
    if (draining) await draining;
    await watcher.close();
    log.log('info', 'agent-stopped', {});
    resolveStopped();
    return stopped;
  };

  trigger('start');
  return { trigger, stop, stopped };
}

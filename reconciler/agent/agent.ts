/**
 * `dlan agent`: reconcile on a schedule (interval or cron, with jitter) and at once when the
 * agent config or a trust file changes; never two runs at once (jobs.ts); graceful on SIGTERM
 * (the run in progress finishes, nothing new starts). After an apply that changed something it
 * watches the router (commit-confirmed: the rule is confirm.ts, the readings probe.ts) and, when
 * the router lost the git remote and every peer for the window, goes back by itself
 * (self-rollback.ts). What people operate it with — the lock shared with `dlan apply`,
 * suspension, events, metrics, the control socket and status API — is operations.ts. This file
 * only wires them to the clock, the timers and the file watcher.
 */
import { watch as watchFiles, type FSWatcher } from 'chokidar';
import { peersUp } from '../apply/observe-router.js';
import type { AgentConfig } from '../agent-config.js';
import type { ReconcileDeps } from '../deps.js';
import type { Logger } from '../log.js';
import { agentAddresses } from '../fleet/collect.js';
import { acquireLock } from '../lock.js';
import type { ReconcileResult } from '../reconcile/index.js';
import { checkSource } from '../source/fetch-source.js';
import { type Clock, systemClock, type Timer } from './clock.js';
import { type ConfirmWatch, type Reading, watchAfter } from './confirm.js';
import { Confirmer } from './confirmer.js';
import { appliedOnce, type AppliedTopology } from './applied-topology.js';
import { readOnlyListeners } from './local/listeners.js';
import { slice } from '../../model/slice.js';
import type { Routes } from '../api/routes.js';
import type { Control } from './control.js';
import { type Job, JobQueue } from './jobs.js';
import { createOperations, LOCK_WAIT_MS, type RunOutcome } from './operations.js';
import { probe } from './probe.js';
import { type CronNext, loadCronNext, scheduleDelay } from './schedule.js';
import { selfRollback } from './self-rollback.js';

export interface AgentOptions {
  readonly configFile: string;
  readonly config: AgentConfig;
  readonly deps: ReconcileDeps;
  readonly log: Logger;
  /** Random in [0, 1) (Math.random outside tests). */
  readonly random: () => number;
  /** Called for every reconcile result (tests, benchmarks). */
  readonly onResult?: (r: ReconcileResult) => void;
  /**
   * Routes the read-only listener serves beside the status API: the LAN answers and the home
   * page (page/agent-routes.ts), handed in by the command that starts the agent.
   */
  readonly readOnlyRoutes?: Routes;
  /**
   * The applied topology, loaded once per commit: pass the memo the read-only routes use
   * (page/agent-routes.ts), so one load serves both. Default: the agent's own.
   */
  readonly applied?: () => Promise<AppliedTopology | undefined>;
  /** dlan's version, for the status API. */
  readonly version?: string;
  /** How often commit-confirmed probes connectivity. Default window / 6, at least 1 s. */
  readonly probeMs?: number;
  /**
   * Re-reads the config file when it changes. A config that does not validate is logged and
   * ignored: the agent keeps running with the last good one. Without it, changes to the config
   * file only trigger a reconcile.
   */
  readonly reload?: () => Promise<{ readonly config: AgentConfig; readonly deps: ReconcileDeps }>;
  /** Time and timers: the system's, or a test's. */
  readonly clock?: Clock;
  /** What the agent drives: the real reconcile, probe and self-rollback, or a test's. */
  readonly effects?: Partial<AgentEffects>;
}

export interface AgentEffects {
  /** One reconcile as the agent runs it (under the lock, suspended or not: operations.ts). */
  reconcile(reason: string, deps: ReconcileDeps): Promise<RunOutcome>;
  probe(deps: ReconcileDeps, config: AgentConfig, watch: ConfirmWatch): Promise<Reading>;
  selfRollback(deps: ReconcileDeps, watch: ConfirmWatch, why: string): Promise<void>;
}

const realProbe: AgentEffects['probe'] = (deps, config, w) => probe({
  checkRemote: () => checkSource({ url: config.repo.url, branch: config.repo.branch, timeoutMs: 5000 }, config.stateDir),
  peersUp: (running) => peersUp(deps, running), log: deps.log,
}, w);

export interface Agent {
  /** Runs a reconcile now (or right after the current one). */
  trigger(reason: string): void;
  /** What the control socket and the status API answer with (tests drive it directly). */
  readonly control: Control;
  /** Resolves once the control socket listens (and the webhook, when configured). */
  readonly ready: Promise<void>;
  /** Stops scheduling, waits for the current run, closes watchers. */
  stop(): Promise<void>;
  /** Resolves when the agent has stopped. */
  readonly stopped: Promise<void>;
}

export function startAgent(o: AgentOptions): Agent {
  const { log } = o;
  const clock = o.clock ?? systemClock;
  // Replaced when the config file changes (see `reload`); a run in progress keeps its own.
  let { config, deps } = o;
  let stopping = false;
  let tick: Timer | undefined;
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

  const schedule = () => {
    if (stopping) return;
    tick?.cancel();
    tick = clock.after(scheduleDelay(config.schedule, o.random(), clock.now(), cronNext), () => trigger('schedule'));
  };

  // The lock, suspension, events, metrics and listeners (operations.ts). The state dir and the
  // socket are read once: changing them in agent.yaml takes a restart.
  // The applied topology, loaded once per commit: read after every run by the listeners and the fan-out.
  const applied = o.applied ?? appliedOnce(config.stateDir);
  const ops = createOperations({
    config, log, version: o.version ?? 'dev', now: () => deps.now(),
    trigger: (reason) => trigger(reason),
    listeners: async () => {
      const a = await applied();
      if (!a?.topology.routers.some((r) => r.name === config.router)) return [];
      return readOnlyListeners(slice(a.topology, config.router), a.topology.network.agentApi.port);
    },
    ...(o.readOnlyRoutes && { readOnlyRoutes: o.readOnlyRoutes }),
    peersToNudge: async () => {
      const a = await applied();
      if (!a) return [];
      return [...agentAddresses(a.topology)].filter(([name]) => name !== config.router).map(([, a]) => a[0] as { host: string; port: number });
    },
  });
  const fx: AgentEffects = {
    reconcile: (reason, d) => ops.run(reason, d),
    probe: realProbe,
    async selfRollback(d, w, why) {
      const lock = await acquireLock(config.stateDir, { command: 'agent', waitMs: LOCK_WAIT_MS });
      try {
        await selfRollback(d, w, why);
        await ops.noteSelfRollback(w.commit, w.previous.commit, why);
      } finally {
        await lock.release();
      }
    },
    ...o.effects,
  };

  const runJob = async (job: Job) => {
    if (job.kind === 'rollback') {
      const why = `lost the git remote and every peer that was up (${job.watch.peers.join(', ')}) for ${Math.round(config.rollback.windowMs / 1000)} s after applying it`;
      log.log('warn', 'self-rollback', { commit: job.watch.commit, to: job.watch.previous.commit, why, lostForMs: job.lostForMs });
      await fx.selfRollback(deps, job.watch, why);
      return;
    }
    const previous = await deps.store.lastGood();
    const { result: r, suspended } = await fx.reconcile(job.reason, deps);
    o.onResult?.(r);
    // A suspended agent applied nothing: there is nothing to confirm.
    const w = suspended ? undefined : watchAfter({ ok: r.outcome.ok, changed: (r.plan?.steps.length ?? 0) > 0, ...(r.commit && { commit: r.commit }), ...(r.peersUpBefore && { peersUpBefore: r.peersUpBefore }) },
      previous, config.rollback.enabled, clock.now());
    if (w) confirmer.watch(w);
  };
  const jobs = new JobQueue(runJob, schedule, log);
  const trigger = (reason: string) => jobs.enqueue({ kind: 'reconcile', reason });
  const confirmer = new Confirmer({
    clock, log,
    windowMs: () => config.rollback.windowMs,
    everyMs: () => o.probeMs ?? Math.max(1000, Math.floor(config.rollback.windowMs / 6)),
    probe: (w) => fx.probe(deps, config, w),
    rollBack: (w, lostForMs) => jobs.enqueue({ kind: 'rollback', watch: w, lostForMs }),
  });

  // Re-run at once when the local config or the trust roots change (a key added or revoked).
  const watched = [o.configFile, config.trust.allowedSigners, config.trust.openpgpKeys].filter((x): x is string => !!x);
  const watcher: FSWatcher = watchFiles(watched, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 } });
  const onChange = async (path: string) => {
    if (path === o.configFile && o.reload) {
      try {
        ({ config, deps } = await o.reload());
      } catch (e) {
        log.log('error', 'config-invalid', { path, error: e as Error, keeping: 'the last good config' });
        return;
      }
      watcher.add([config.trust.allowedSigners, config.trust.openpgpKeys].filter((x): x is string => !!x));
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
    tick?.cancel();
    confirmer.stop();
    log.log('info', 'agent-stopping', {});
    await jobs.stop();
    await watcher.close();
    await ops.close();
    log.log('info', 'agent-stopped', {});
    resolveStopped();
    return stopped;
  };

  // The control socket first: `dlan status` answers while the first reconcile runs.
  const ready = ops.start().catch((e) => log.log('error', 'agent-api-unavailable', { error: e as Error }));
  void ready.then(() => trigger('start'));
  return { trigger, stop, stopped, control: ops.control, ready };
}

/**
 * One reconcile of one router, as an ordered list of named steps (style.md §5):
 *
 *   fetchSource → verifyTip → loadTopology → renderSlice → observeLive → makePlan
 *     → checkConfigs → applyPlan → checkHealth
 *
 * Each step sets its condition (Fetched, Verified, Valid, Rendered, Observed, Planned, Checked,
 * Applied, Healthy); Ready is derived. `finish` always runs: it writes the local state file and
 * posts the commit status. Nothing is changed on the router before checkConfigs has passed; a
 * failure after that rolls the router back to its last good state. The last applied commit and
 * the last good state advance only once checkHealth passed.
 */
import { render } from '../renderers/render.js';
import type { RenderOptions } from '../renderers/options.js';
import { type RouterSlice, slice } from '../renderers/slice.js';
import type { DesiredState } from '../renderers/state.js';
import type { AgentConfig } from './agent/config.js';
import { executePlan } from './apply/execute.js';
import { health, healthFromLive, observe, peersUp } from './apply/observe-router.js';
import { rollBack } from './apply/rollback.js';
import { checkFiles } from './check/files.js';
import { type Outcome, runSteps, type Step } from './driver.js';
import { Internal, Stalled } from './errors.js';
import type { HealthSummary } from './health/types.js';
import { type Host, localHost } from './host.js';
import type { LiveState } from './live/types.js';
import type { Logger } from './log.js';
import { assertComplete } from './plan/guard.js';
import type { Inventory, Observed } from './plan/observed.js';
import { makePlan, type Plan } from './plan/plan.js';
import { supersede, type DedupingReporter } from './report/dedupe.js';
import { writeStateFile, readStateFile, type RouterState } from './report/state-file.js';
import type { Outcome as StatusOutcome } from './report/status.js';
import type { ServiceManager } from './services/types.js';
import { fetchSource, type FetchResult } from './source/fetch-source.js';
import { readTopologyAt } from './source/read-topology.js';
import { mergeInventories, owedServices, type PendingApply, type StateStore } from './state-store.js';
import { formatDiagnostic } from './topology/diagnostic.js';
import { loadTopology } from './topology/load.js';
import type { Topology } from './topology/model.js';
import { readLastApplied, recordApplied } from './trust/applied-state.js';
import { trustSettings } from './trust/from-config.js';
import { loadTrustRoots } from './trust/trust-roots.js';
import { type Verification, verifyCandidate } from './trust/verify-candidate.js';

export interface ReconcileDeps {
  readonly config: AgentConfig;
  readonly host: Host;
  readonly services: ServiceManager;
  readonly store: StateStore;
  readonly log: Logger;
  readonly now: () => Date;
  readonly reporter?: DedupingReporter;
  readonly renderOptions?: Partial<RenderOptions>;
  /** Test hook: runs before each apply step. */
  readonly beforeStep?: Parameters<typeof executePlan>[2]['beforeStep'];
}

export interface ReconcileOptions {
  /** Stop after makePlan: `dlan plan`. */
  readonly dryRun?: boolean;
  /** Operator override of anti-rollback for exactly this commit. */
  readonly allowRollbackTo?: string;
}

export interface ReconcileContext {
  readonly deps: ReconcileDeps;
  readonly opts: ReconcileOptions;
  fetched?: FetchResult;
  lastApplied?: string;
  verification?: Verification;
  topology?: Topology;
  slice?: RouterSlice;
  desired?: DesiredState;
  live?: LiveState;
  observed?: Observed;
  inventory?: Inventory;
  plan?: Plan;
  /** An apply that did not finish (killed half-way), from the state dir. */
  pending?: PendingApply;
  rolledBack?: string;
  health?: HealthSummary;
  /** Peers up before the apply: commit-confirmed watches them. */
  peersUpBefore?: readonly string[];
}

export interface ReconcileResult {
  readonly outcome: Outcome;
  readonly commit?: string;
  readonly plan?: Plan;
  readonly health?: HealthSummary;
  readonly rolledBack?: string;
  readonly peersUpBefore?: readonly string[];
}

const short = (c: string | undefined) => (c ? c.slice(0, 7) : '-');

export { health, observe, peersUp } from './apply/observe-router.js';

/** A rollback that fails is logged; the reconcile reports the failure that caused it. */
const tryRollBack = (deps: ReconcileDeps, why: string): Promise<string | undefined> =>
  rollBack(deps, why).catch((e) => { deps.log.log('error', 'rollback-failed', { why, error: e as Error }); return undefined; });
export { recordSelfRollback, rollBack } from './apply/rollback.js';

/**
 * A commit id names its content: the topology, slice and render of the same commit are the same.
 * The agent keeps the last ones per set of dependencies, so an unchanged tip is not parsed,
 * validated and rendered again on every tick.
 */
interface Memo { commit: string; topology: Topology; slice?: RouterSlice; desired?: DesiredState }
const memos = new WeakMap<ReconcileDeps, Memo>();

function renderFor(deps: ReconcileDeps, s: RouterSlice): DesiredState {
  const d = render(s, { privateKeyFile: deps.config.privateKeyFile, ...deps.renderOptions });
  assertComplete(d);
  return d;
}

const steps: Step<ReconcileContext>[] = [
  {
    name: 'fetchSource', condition: 'Fetched',
    async run(ctx) {
      const { config, store } = ctx.deps;
      const r = config.repo;
      ctx.fetched = await fetchSource({ url: r.url, branch: r.branch, ...(r.tokenFile && { auth: { tokenFile: r.tokenFile, ...(r.username && { username: r.username }) } }) }, config.stateDir);
      ctx.lastApplied = await readLastApplied(config.stateDir);
      const why = (await store.rejected())[ctx.fetched.commit];
      if (why) {
        // Refused, but an apply or a rollback was cut short: finish going back to the last good state.
        if (await store.pending()) ctx.rolledBack = await tryRollBack(ctx.deps, `commit ${short(ctx.fetched.commit)} is refused and an earlier apply or rollback did not finish`);
        throw new Stalled('CommitRejected', `commit ${short(ctx.fetched.commit)} was rolled back earlier (${why}); waiting for a newer commit`, { commit: ctx.fetched.commit });
      }
      return { message: `${ctx.fetched.changed ? 'fetched' : 'unchanged'} ${short(ctx.fetched.commit)}` };
    },
  },
  {
    name: 'verifyTip', condition: 'Verified',
    async run(ctx) {
      const { config, now } = ctx.deps;
      const { files, policy } = trustSettings(config.trust);
      ctx.verification = await verifyCandidate({
        gitdir: ctx.fetched!.gitdir, commit: ctx.fetched!.commit, ...(ctx.lastApplied && { lastApplied: ctx.lastApplied }),
        roots: await loadTrustRoots(files), now: now(),
        policy: { ...policy, ...(ctx.opts.allowRollbackTo && { allowRollbackTo: ctx.opts.allowRollbackTo }) },
      });
      const signer = ctx.verification.verified[0]!.signer;
      return { message: `commit ${short(ctx.fetched!.commit)} signed by ${signer.identities[0] ?? signer.fingerprint}` };
    },
  },
  {
    name: 'loadTopology', condition: 'Valid',
    async run(ctx) {
      const commit = ctx.fetched!.commit;
      const memo = memos.get(ctx.deps);
      if (memo?.commit === commit) {
        ctx.topology = memo.topology;
        return { message: `${memo.topology.routers.length} routers, ${memo.topology.services.length} services` };
      }
      const r = loadTopology(await readTopologyAt(ctx.fetched!.gitdir, commit));
      if (!r.topology) {
        const errors = r.diagnostics.filter((d) => d.severity === 'error');
        throw new Stalled('InvalidTopology', `commit ${short(ctx.fetched!.commit)} has ${errors.length} topology error(s): ${errors.slice(0, 3).map(formatDiagnostic).join('; ')}`,
          { commit: ctx.fetched!.commit, diagnostics: errors });
      }
      ctx.topology = r.topology;
      memos.set(ctx.deps, { commit, topology: r.topology });
      for (const w of r.diagnostics) ctx.deps.log.log('warn', 'topology-warning', { at: formatDiagnostic(w) });
      return { message: `${r.topology.routers.length} routers, ${r.topology.services.length} services` };
    },
  },
  {
    name: 'renderSlice', condition: 'Rendered',
    async run(ctx) {
      const memo = memos.get(ctx.deps);
      const cached = memo?.commit === ctx.fetched!.commit && memo.topology === ctx.topology ? memo : undefined;
      ctx.slice = cached?.slice ?? slice(ctx.topology!, ctx.deps.config.router);
      ctx.desired = cached?.desired ?? renderFor(ctx.deps, ctx.slice);
      if (cached) Object.assign(cached, { slice: ctx.slice, desired: ctx.desired });
      return { message: `${ctx.desired.files.length} files, ${ctx.desired.vxlans.length} links` };
    },
  },
  {
    name: 'observeLive', condition: 'Observed',
    async run(ctx) {
      ctx.inventory = await ctx.deps.store.inventory();
      ctx.pending = await ctx.deps.store.pending();
      const o = await observe(ctx.deps, ctx.desired!, ctx.inventory);
      ctx.live = o.live;
      ctx.observed = o.observed;
      return { message: 'observed' };
    },
  },
  {
    name: 'makePlan', condition: 'Planned',
    async run(ctx) {
      ctx.plan = makePlan(ctx.desired!, ctx.observed!, ctx.inventory!, { commit: ctx.fetched!.commit, ...(ctx.pending?.services && { interrupted: ctx.pending.services }) });
      const s = ctx.plan.summary;
      const message = ctx.plan.steps.length === 0 ? 'no changes' : `${s.add} to add, ${s.change} to change, ${s.destroy} to destroy`;
      return { message, ...(ctx.opts.dryRun && { done: true }) };
    },
  },
  {
    name: 'checkConfigs', condition: 'Checked',
    async run(ctx) {
      const changed = ctx.plan!.steps.flatMap((s) => (s.kind === 'file' && s.op !== 'delete' && !s.modeOnly ? [s.file] : []));
      const r = await checkFiles(changed);
      if (!r.ok) throw r.errors[0]!;
      return { message: changed.length ? `${changed.length} changed file(s) accepted by their daemons` : 'nothing to check' };
    },
  },
  {
    name: 'applyPlan', condition: 'Applied',
    async run(ctx) {
      const { store, log, config } = ctx.deps;
      const plan = ctx.plan!;
      if (plan.steps.length === 0) return { message: 'no changes' };
      ctx.peersUpBefore = await peersUp(ctx.deps, (await store.lastGood())?.desired ?? ctx.desired!);
      await postStatus(ctx, 'pending', `applying: ${plan.summary.add} to add, ${plan.summary.change} to change, ${plan.summary.destroy} to destroy`);
      // Intent first: whatever this apply creates is dlan's even if it is killed half-way.
      await store.saveInventory(mergeInventories(ctx.inventory!, plan.inventory));
      await store.savePending({ commit: ctx.fetched!.commit, startedAt: ctx.deps.now().toISOString(), ...(ctx.lastApplied && { previous: ctx.lastApplied }),
        services: owedServices(plan, ctx.pending) });
      try {
        await executePlan(plan, ctx.desired!, { host: ctx.deps.host, services: ctx.deps.services, log, ...(ctx.deps.beforeStep && { beforeStep: ctx.deps.beforeStep }) });
      } catch (e) {
        ctx.rolledBack = await tryRollBack(ctx.deps, `apply of ${short(ctx.fetched!.commit)} failed`);
        throw e;
      }
      await store.saveInventory(plan.inventory);
      log.log('info', 'applied', { router: config.router, commit: ctx.fetched!.commit, ...plan.summary });
      return { message: `applied: ${plan.summary.add} added, ${plan.summary.change} changed, ${plan.summary.destroy} destroyed` };
    },
  },
  {
    name: 'checkHealth', condition: 'Healthy',
    async run(ctx) {
      const { config, store } = ctx.deps;
      // Nothing changed since observeLive: its links, WireGuard peers and daemons are still true.
      ctx.health = ctx.plan!.steps.length === 0
        ? await healthFromLive(ctx.deps, ctx.desired!, ctx.fetched!.commit, ctx.live!)
        : await health(ctx.deps, ctx.desired!, ctx.fetched!.commit);
      const down = ctx.health.daemons.filter((d) => !d.running).map((d) => d.name);
      if (down.length > 0) {
        const changed = ctx.plan!.steps.length > 0;
        if (changed) ctx.rolledBack = await tryRollBack(ctx.deps, `daemons down after applying ${short(ctx.fetched!.commit)}: ${down.join(', ')}`);
        throw new Stalled('Unhealthy', `${down.join(', ')} not running after the apply${ctx.rolledBack ? `; rolled back to ${short(ctx.rolledBack)}` : ''}`, { down });
      }
      await recordApplied(config.stateDir, ctx.fetched!.commit);
      await store.saveLastGood({ commit: ctx.fetched!.commit, desired: ctx.desired!, at: ctx.deps.now().toISOString() });
      await store.clearPending();
      return { message: `${ctx.health.peersUp}/${ctx.health.peers.length} peers up` };
    },
  },
];

async function postStatus(ctx: ReconcileContext, outcome: StatusOutcome, description: string): Promise<void> {
  const { reporter, config, log } = ctx.deps;
  const sha = ctx.fetched?.commit;
  if (!reporter || !sha) return;
  try {
    await reporter.post({ sha, context: `dlan/${config.router}`, outcome, description, ...(config.status?.targetUrl && { targetUrl: config.status.targetUrl }) });
  } catch (e) {
    // A forge outage must not fail the reconcile: the network keeps running; the next
    // status change is posted when the forge is back.
    log.log('warn', 'status-not-posted', { outcome, error: e as Error });
  }
}

function describeOutcome(ctx: ReconcileContext, o: Outcome): { outcome: StatusOutcome; description: string } {
  if (o.ok) {
    const s = ctx.plan?.summary;
    const changed = s && ctx.plan!.steps.length ? `${s.add + s.change + s.destroy} change(s)` : 'no changes';
    return { outcome: 'success', description: ctx.opts.dryRun ? `plan: ${o.ready.message}` : `applied (${changed}); ${ctx.health?.peersUp ?? 0}/${ctx.health?.peers.length ?? 0} peers up` };
  }
  const internal = o.error instanceof Internal || !(o.error as { kind?: string })?.kind;
  const rolled = ctx.rolledBack ? ` — rolled back to ${short(ctx.rolledBack)}` : '';
  return { outcome: internal && !(o.error as { code?: string })?.code ? 'error' : 'failure', description: `${o.ready.reason}: ${o.ready.message}${rolled}` };
}

/** State file and commit status, whatever happened. */
async function finish(o: Outcome, ctx: ReconcileContext): Promise<void> {
  const { config, now, log } = ctx.deps;
  if (ctx.opts.dryRun) return;
  const at = Math.floor(now().getTime() / 1000);
  const commit = ctx.fetched?.commit;
  const transient = (o.error as { kind?: string } | undefined)?.kind === 'Transient';
  const { outcome, description } = describeOutcome(ctx, o);
  // A transient failure (git server down) says nothing about the commit: no status for it.
  if (commit && !transient) await postStatus(ctx, outcome, description);
  if (o.ok && commit && ctx.lastApplied && ctx.lastApplied !== commit && ctx.deps.reporter) {
    await supersede(ctx.deps.reporter, { sha: ctx.lastApplied, context: `dlan/${config.router}`, by: commit }).catch((e) => log.log('warn', 'status-not-posted', { error: e as Error }));
  }
  // The state dir is dlan's own, on the machine's real filesystem (not under `root`).
  const stateHost = localHost();
  let prev: RouterState | undefined;
  try {
    prev = await readStateFile(stateHost, config.stateDir);
  } catch (e) {
    log.log('warn', 'state-file-unreadable', { error: e as Error });
  }
  const applied = await readLastApplied(config.stateDir);
  const err = o.error as { code?: string; message?: string } | undefined;
  const state: RouterState = {
    version: 1,
    router: config.router,
    ...(applied && { applied: prev?.applied?.commit === applied ? prev.applied : { commit: applied, at } }),
    ...(commit && { lastAttempt: { commit, outcome, at, description } }),
    ...(o.ok ? (prev?.lastError && { lastError: prev.lastError }) : { lastError: { ...(commit && { commit }), code: err?.code ?? 'Error', message: err?.message ?? String(o.error), at } }),
    ...((ctx.health ?? prev?.health) && { health: ctx.health ?? prev!.health }),
  };
  await writeStateFile(stateHost, state, config.stateDir).catch((e) => log.log('error', 'state-file-not-written', { error: e as Error }));
  log.log(o.ok ? 'info' : 'error', 'reconciled', { router: config.router, commit: commit ?? null, ready: o.ready.status, reason: o.ready.reason, message: o.ready.message });
}

export async function reconcileOnce(deps: ReconcileDeps, opts: ReconcileOptions = {}): Promise<ReconcileResult> {
  const ctx: ReconcileContext = { deps, opts };
  const outcome = await runSteps(steps, ctx, finish);
  return {
    outcome,
    ...(ctx.fetched && { commit: ctx.fetched.commit }),
    ...(ctx.plan && { plan: ctx.plan }),
    ...(ctx.health && { health: ctx.health }),
    ...(ctx.rolledBack && { rolledBack: ctx.rolledBack }),
    ...(ctx.peersUpBefore && { peersUpBefore: ctx.peersUpBefore }),
  };
}

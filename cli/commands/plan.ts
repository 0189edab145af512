import { resolve } from 'node:path';
import { makeLogger } from '../../reconciler/log.js';
import { localHost } from '../../reconciler/host.js';
import { observe, observeFiles } from '../../reconciler/apply/observe-router.js';
import { reconcileOnce } from '../../reconciler/reconcile/index.js';
import { assertComplete } from '../../reconciler/plan/guard.js';
import { makePlan, type Plan } from '../../reconciler/plan/plan.js';
import { planJson, renderPlan } from '../../reconciler/plan/render-plan.js';
import { styleFor } from '../../reconciler/plan/style.js';
import { processServices } from '../../reconciler/services/process/index.js';
import { StateStore } from '../../reconciler/memory/store.js';
import { render } from '../../renderers/render.js';
import { slice } from '../../model/slice.js';
import { chooseWireguardFor, readAgentConfig, reconcileDeps } from '../../reconciler/agent/wire.js';
import { type Command, flag, type Io, jsonOption, printJson, str, UsageError } from '../command.js';
import { loadRepo } from '../load-repo.js';

/**
 * A plan against this machine from a topology working tree, without trust (a preview: apply
 * only ever runs verified commits). Reads the live state, changes nothing.
 */
export async function previewPlan(io: Io, repo: string, router: string, root: string, stateDir: string): Promise<Plan> {
  const t = await loadRepo(io, repo);
  const desired = render(slice(t, router));
  assertComplete(desired);
  const host = localHost({ rootDir: root });
  const inventory = await new StateStore(stateDir).inventory();
  // Under another root (a router that is not this machine) only its files are read: this
  // machine's links, sysctl, nftables and daemons are not that router's.
  const { observed } = root === '/'
    ? await observe({ host, services: processServices({ host }) }, desired, inventory)
    : await observeFiles(host, desired, inventory);
  return makePlan(desired, observed, inventory);
}

export const plan: Command = {
  name: 'plan',
  summary: 'Show what a reconcile would change on this router, like terraform plan. Changes nothing.',
  details: [
    'With --config (default /etc/dlan/agent.yaml): fetch, verify and render the signed tip, as the agent would.',
    'With --repo DIR --router NAME: preview a topology working tree (unsigned: for review only). With --root DIR',
    'other than /, only the files under DIR are compared: links, sysctl, nftables and daemons count as absent.',
    '',
    'Exit codes: 0 no change, 1 error, 2 changes (like terraform plan -detailed-exitcode).',
  ].join('\n'),
  usageExit: 1,
  options: {
    config: { type: 'string', short: 'c', value: 'FILE', description: 'Agent config.', default: '/etc/dlan/agent.yaml' },
    repo: { type: 'string', value: 'DIR', description: 'Preview a topology working tree instead of the signed repo.' },
    router: { type: 'string', short: 'r', value: 'NAME', description: 'With --repo: the router to plan for.' },
    root: { type: 'string', value: 'DIR', description: 'With --repo: the root the files live under.', default: '/' },
    'state-dir': { type: 'string', value: 'DIR', description: 'With --repo: where the inventory is.', default: '/var/lib/dlan' },
    'no-diff': { type: 'boolean', description: 'Only the list of changes, without file diffs.' },
    json: jsonOption,
  },
  async run(args, io) {
    let p: Plan;
    const repo = str(args, 'repo');
    if (repo) {
      const router = str(args, 'router');
      if (!router) throw new UsageError('--repo needs --router');
      p = await previewPlan(io, resolve(io.cwd, repo), router, resolve(io.cwd, str(args, 'root') ?? '/'), resolve(io.cwd, str(args, 'state-dir') ?? '/var/lib/dlan'));
    } else {
      const config = await readAgentConfig(resolve(io.cwd, str(args, 'config') ?? '/etc/dlan/agent.yaml'));
      const log = makeLogger({ format: 'text', write: io.stderr, now: () => new Date(), minLevel: 'warn' });
      const r = await reconcileOnce(reconcileDeps(config, log, await chooseWireguardFor(config, log)), { dryRun: true });
      if (!r.outcome.ok) throw r.outcome.error;
      p = r.plan!;
    }
    if (flag(args, 'json')) printJson(io, planJson(p));
    else io.stdout(renderPlan(p, { diffs: !flag(args, 'no-diff'), style: styleFor(io.isTTY, io.env) }));
    return p.steps.length === 0 ? 0 : 2;
  },
};

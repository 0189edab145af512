import { resolve } from 'node:path';
import { makeLogger } from '../../reconciler/log.js';
import { localHost } from '../../reconciler/host.js';
import { observe, reconcileOnce } from '../../reconciler/reconcile.js';
import { assertComplete } from '../../reconciler/plan/guard.js';
import { makePlan, type Plan } from '../../reconciler/plan/plan.js';
import { planJson, renderPlan } from '../../reconciler/plan/render-plan.js';
import { processServices } from '../../reconciler/services/process/index.js';
import { StateStore } from '../../reconciler/state-store.js';
import type { ServiceManager } from '../../reconciler/services/types.js';
import { render } from '../../renderers/render.js';
import { slice } from '../../renderers/slice.js';
import { readAgentConfig, reconcileDeps } from '../../reconciler/agent/wire.js';
import { type Command, flag, type Io, jsonOption, printJson, str, UsageError } from '../command.js';
import { loadRepo } from '../load-repo.js';

const notObserved: ServiceManager = {
  flavour: 'process',
  start: unsupported, stop: unsupported, reload: unsupported, restart: unsupported,
  status: async (name) => ({ name, running: false, detail: 'not observed: preview under another root' }),
  isRunning: async () => false,
};
async function unsupported(): Promise<never> {
  throw new Error('a preview changes nothing');
}

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
  // Daemons can only be observed on the machine's own root; under another root (a preview of a
  // router that is not this machine) they are taken as not running, and the plan says "start".
  const services = root === '/' ? processServices({ host }) : notObserved;
  const { observed } = await observe({ host, services }, desired, inventory);
  return makePlan(desired, observed, inventory);
}

export const plan: Command = {
  name: 'plan',
  summary: 'Show what a reconcile would change on this router, like terraform plan. Changes nothing.',
  details: [
    'With --config (default /etc/dlan/agent.yaml): fetch, verify and render the signed tip, as the agent would.',
    'With --repo DIR --router NAME: preview a topology working tree (unsigned: for review only).',
  ].join('\n'),
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
      const r = await reconcileOnce(reconcileDeps(config, log), { dryRun: true });
      if (!r.outcome.ok) throw r.outcome.error;
      p = r.plan!;
    }
    if (flag(args, 'json')) printJson(io, planJson(p));
    else io.stdout(renderPlan(p, { diffs: !flag(args, 'no-diff') }));
    return 0;
  },
};

import { resolve } from 'node:path';
import { makeLogger } from '../../reconciler/log.js';
import { reconcileOnce } from '../../reconciler/reconcile.js';
import { renderPlan, planJson } from '../../reconciler/plan/render-plan.js';
import { readAgentConfig, reconcileDeps } from '../../reconciler/agent/wire.js';
import { type Command, flag, jsonOption, printJson, str } from '../command.js';

export const apply: Command = {
  name: 'apply',
  summary: 'Run one reconcile now, as the agent would: fetch, verify, plan, check, apply, report.',
  options: {
    config: { type: 'string', short: 'c', value: 'FILE', description: 'Agent config.', default: '/etc/dlan/agent.yaml' },
    'allow-rollback-to': { type: 'string', value: 'COMMIT', description: 'Accept this exact commit although it does not descend from the last applied one.' },
    json: jsonOption,
  },
  async run(args, io) {
    const config = await readAgentConfig(resolve(io.cwd, str(args, 'config') ?? '/etc/dlan/agent.yaml'));
    const json = flag(args, 'json');
    const log = makeLogger({ format: json || !io.isTTY ? 'json' : 'text', write: io.stderr, now: () => new Date() });
    const rollbackTo = str(args, 'allow-rollback-to');
    const r = await reconcileOnce(reconcileDeps(config, log), rollbackTo ? { allowRollbackTo: rollbackTo } : {});
    const o = r.outcome;
    if (json) {
      printJson(io, {
        ok: o.ok, commit: r.commit ?? null, conditions: o.conditions, ready: o.ready,
        ...(r.plan && { plan: planJson(r.plan) }), ...(r.health && { health: r.health }), ...(r.rolledBack && { rolledBack: r.rolledBack }),
      });
    } else {
      if (r.plan) io.stdout(renderPlan(r.plan, { diffs: false }));
      for (const c of o.conditions) io.stdout(`${c.status ? 'ok  ' : 'FAIL'} ${c.type.padEnd(9)} ${c.message}\n`);
      io.stdout(`${o.ok ? 'Ready' : 'Not ready'}: ${o.ready.message}\n`);
    }
    return o.ok ? 0 : 1;
  },
};

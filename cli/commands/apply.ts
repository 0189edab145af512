import { resolve } from 'node:path';
import { makeLogger } from '../../reconciler/log.js';
import { reconcileOnce } from '../../reconciler/reconcile/index.js';
import { renderPlan, planJson } from '../../reconciler/plan/render-plan.js';
import { chooseWireguardFor, readAgentConfig, reconcileDeps } from '../../reconciler/agent/wire.js';
import { acquireLock } from '../../reconciler/lock.js';
import { LOCK_WAIT_MS } from '../../reconciler/agent/operations.js';
import { type Command, flag, jsonOption, printJson, str } from '../command.js';
import { EXIT, exitCodeFor } from '../exit-code.js';

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
    const deps = reconcileDeps(config, log, await chooseWireguardFor(config, log));
    // Never beside the agent: wait for its reconcile to finish (or it for ours).
    const lock = await acquireLock(config.stateDir, {
      command: 'apply', waitMs: LOCK_WAIT_MS,
      onWait: (h) => io.stderr(`waiting for ${h ? `dlan ${h.command} (pid ${h.pid}, since ${h.since})` : 'another reconcile'} to finish…\n`),
    });
    let r;
    try {
      r = await reconcileOnce(deps, rollbackTo ? { allowRollbackTo: rollbackTo } : {});
    } finally {
      await lock.release();
    }
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
    return o.ok ? EXIT.ok : exitCodeFor(o.error);
  },
};

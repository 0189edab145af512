/**
 * What each part of the agent costs to load, for the light resident agent (issue 16, item 1): in
 * a fresh node with the agent's flags (reconciler/agent/node-flags.ts), import one group of
 * modules, collect garbage, and print resident and proportional memory (PSS) and the CPU the
 * import took. Each group is measured alone and then cumulatively in the order a tick needs them,
 * so the figures say what stays resident and what a reconcile would load in a child process.
 */
import { spawnSync } from 'node:child_process';
import { AGENT_NODE_FLAGS } from '../reconciler/agent/node-flags.js';
import { fromRoot } from '../test/support/paths.js';

/** Module groups, as dist paths (relative to dist/) or package names. */
export const GROUPS: readonly { name: string; modules: readonly string[] }[] = [
  { name: 'node alone', modules: [] },
  { name: 'resident: http poll, schedule, log, state file, control socket', modules: ['node:http', 'reconciler/agent/schedule.js', 'reconciler/log.js', 'reconciler/report/state-file.js', 'reconciler/api/client.js'] },
  { name: 'fetch: isomorphic-git', modules: ['reconciler/source/fetch-source.js'] },
  { name: 'verify: sshsig, openpgp', modules: ['reconciler/trust/verify-candidate.js', 'reconciler/trust/trust-roots.js'] },
  { name: 'load: yaml, ajv, schemas, checks', modules: ['model/load.js', 'reconciler/source/read-topology.js'] },
  { name: 'render: slice, renderers', modules: ['model/slice.js', 'renderers/render.js'] },
  { name: 'observe, plan, apply, health', modules: ['reconciler/apply/observe-router.js', 'reconciler/plan/plan.js', 'reconciler/apply/execute.js'] },
  { name: 'checkers', modules: ['reconciler/check/index.js'] },
  { name: 'the whole agent (dlan agent)', modules: ['reconciler/agent/agent.js', 'reconciler/agent/wire.js', 'reconciler/reconcile/index.js'] },
];

interface Figures { readonly rssMb: number; readonly pssMb: number; readonly heapMb: number; readonly cpuMs: number }

const PROBE = `
const t = process.cpuUsage();
for (const m of JSON.parse(process.argv[1])) await import(m);
const c = process.cpuUsage(t);
globalThis.gc?.(); globalThis.gc?.();
const { readFileSync } = await import('node:fs');
const kb = (file, field) => Number(new RegExp('^' + field + ':\\\\s+(\\\\d+) kB', 'm').exec(readFileSync('/proc/self/' + file, 'utf8'))[1]) / 1024;
console.log(JSON.stringify({ rssMb: kb('status', 'VmRSS'), pssMb: kb('smaps_rollup', 'Pss'), heapMb: process.memoryUsage().heapUsed / 1048576, cpuMs: (c.user + c.system) / 1000 }));
`;

function measure(modules: readonly string[]): Figures {
  const urls = modules.map((m) => (m.startsWith('node:') || !m.endsWith('.js') ? m : `file://${fromRoot('dist', m)}`));
  const r = spawnSync(process.execPath, [...AGENT_NODE_FLAGS, '--expose-gc', '--input-type=module', '-e', PROBE, JSON.stringify(urls)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`importing ${modules.join(', ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Figures;
}

export function main(): void {
  const row = (label: string, f: Figures, base?: Figures) => console.log(`  ${label.padEnd(64)} ${f.rssMb.toFixed(1).padStart(6)} MB RSS ${f.pssMb.toFixed(1).padStart(6)} MB PSS ${f.heapMb.toFixed(1).padStart(5)} MB heap ${f.cpuMs.toFixed(0).padStart(5)} ms CPU${base ? `   (+${(f.pssMb - base.pssMb).toFixed(1)} MB PSS)` : ''}`);
  console.log(`each group alone, in a fresh node ${AGENT_NODE_FLAGS.join(' ')} (after gc):`);
  const base = measure([]);
  for (const g of GROUPS) row(g.name, g.modules.length ? measure(g.modules) : base, g.modules.length ? base : undefined);
  console.log('cumulative, in the order a reconcile needs them:');
  const acc: string[] = [];
  for (const g of GROUPS.slice(1, -1)) {
    acc.push(...g.modules);
    row(`+ ${g.name}`, measure(acc), base);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();

/**
 * The live demo (`dlan demo` as root, with the lab's packages): what dlan promises, in a few
 * minutes, on the bundled sample network run in network namespaces (see lab/):
 *
 *   1. lab up: every router runs `dlan agent`, fetches the signed repo, applies its slice; the
 *      convergence shown as it happens
 *   2. pings across sites, by name (each server asks its own router; names of other sites are
 *      forwarded over the overlay)
 *   3. a signed change (a port forward) pushed: the small plan each router applied
 *   4. an unsigned change pushed: every router refuses it and says what still runs
 *   5. both pictures (dlan graph), the logical one coloured with the routers' reports
 *   6. lab down
 *
 * Ctrl-C at any point stops at the next step or wait (each wait takes the abort signal) and takes
 * the lab down; the lab is taken down at the end in any case — except when `lab up` itself failed,
 * which stops the lab but keeps its logs and state files and says where.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderGraph } from '../graph/render.js';
import { parseStatus } from '../graph/status.js';
import { expectedLinks, routerState, waitConverged } from '../lab/converge.js';
import { labDown } from '../lab/down.js';
import { LabError } from '../lab/errors.js';
import { execInNode, type Lab } from '../lab/node.js';
import { labPaths } from '../lab/paths.js';
import { git } from '../lab/topology-repo.js';
import { labUp } from '../lab/up.js';
import { waitFor } from '../lab/wait.js';
import type { Topology } from '../model/model.js';
import { statusHeadline, statusView } from '../reconciler/report/status-table.js';
import type { LastPlan } from '../reconciler/memory/store.js';
import type { Io } from './command.js';
import { loadRepo } from './load-repo.js';

export interface LiveDemoOptions {
  /** The topology repo (the bundled sample). */
  readonly repo: string;
  readonly prefix: string;
  readonly root?: string;
  /** Where the pictures go; default a new folder under the temp dir. */
  readonly out?: string;
}

const short = (c: string) => c.slice(0, 7);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const indent = (text: string, by = '   ') => text.trimEnd().split('\n').map((l) => `${by}${l}`).join('\n');

export async function liveDemo(io: Io, o: LiveDemoOptions): Promise<number> {
  const paths = labPaths(o.prefix, o.root);
  const controller = new AbortController();
  const { signal } = controller;
  const say = (text = '') => io.stdout(`${text}\n`);
  // Taking the lab down while a step still makes namespaces would leave the later ones: every
  // Ctrl-C only asks the steps to stop, and the lab goes down once they have.
  const onSigint = () => {
    if (!signal.aborted) io.stderr('\ninterrupted: stopping at the next step, then taking the lab down\n');
    else io.stderr('\nstill stopping: the lab goes down as soon as the current step ends\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let keep = false;
  try {
    say('dlan demo: the sample network (5 routers at 4 sites, 7 servers, 2 home routers doing NAT, an internet)');
    say('on this machine, in network namespaces, with the real daemons. Ctrl-C takes it all down at any time.');
    const { lab, commit, domain } = await bringUp(io, o, signal);
    await pingAcross(io, lab, domain);
    const { commit: signed, topology } = await signedChange(io, lab, signal);
    await unsignedChange(io, lab, signed, signal);
    await pictures(io, lab, topology, o.out);
    say(`\nThat was dlan: ${short(commit)} and ${short(signed)} applied by every router from a signed repo, the unsigned commit refused by all.`);
    return 0;
  } catch (e) {
    if (e instanceof LabError && e.code === 'Aborted') return 130;
    // lab up failed: it stopped the lab and kept the files its error points at.
    keep = e instanceof LabError && e.data.kept !== undefined;
    throw e;
  } finally {
    say('\n6. Taking the lab down');
    if (keep) say(`   already stopped by lab up; its logs and state files stay in ${paths.dir} (dlan lab down --prefix ${o.prefix} removes them)`);
    else {
      const r = await labDown(paths);
      if (r.found) say(`   removed ${r.namespaces} namespaces and ${r.mounts} mounts, stopped ${r.processes} processes: nothing of the demo is left`);
    }
    process.off('SIGINT', onSigint);
  }
}

async function bringUp(io: Io, o: LiveDemoOptions, signal: AbortSignal): Promise<{ lab: Lab; commit: string; domain: string }> {
  io.stdout('\n1. Bringing it up: each router makes its key, fetches the signed repo over HTTP, applies its slice\n');
  const t0 = performance.now();
  const up = await labUp({
    topology: o.repo, prefix: o.prefix, ...(o.root && { root: o.root }), agents: { interval: '2s', jitter: '1s' }, signal,
    progress: (l) => io.stdout(`   ${l.startsWith('  ') ? l.trimStart() : l}\n`),
  });
  io.stdout(`   converged in ${seconds(performance.now() - t0)}: every router applied ${short(up.commit)} with success, OSPF Full on every link, `
    + `every server has its addresses\n`);
  return { lab: up.lab, commit: up.commit, domain: up.topology.network.domain };
}

async function pingAcross(io: Io, lab: Lab, domain: string): Promise<void> {
  io.stdout('\n2. Pinging across sites, by name: each server asks its own router, which forwards the other site\'s name over the overlay\n');
  const [a, ...rest] = lab.plan.servers;
  const b = rest.find((s) => s.router !== a!.router)!;
  const c = [...rest].reverse().find((s) => s.router !== b.router && s.router !== a!.router) ?? b;
  for (const [from, to, family] of [[a!, b, '-4'], [c, a!, '-6']] as const) {
    const name = `${to.node}.${to.router}.${domain}`;
    io.stdout(`   $ dlan lab exec ${from.node} -- ping ${family} -c3 ${name}\n`);
    const r = await execInNode(lab, from.node, ['ping', family, '-c3', '-i0.2', '-W2', name], { check: false });
    // iputils prints the name it was given, or not, depending on the version: say it ourselves.
    const address = /^PING [^(]*\((?:[^()]*\()?([0-9a-f.:]+)\)/m.exec(r.stdout)?.[1];
    const lines = [...(address ? [`${name} is ${address}`] : []), ...r.stdout.split('\n').filter((l) => /packets transmitted|^rtt /.test(l))];
    io.stdout(`${indent(lines.join('\n') || r.stderr, '     ')}\n`);
  }
}

/** A port forward added by a signed commit; then the plan each router applied for it. */
async function signedChange(io: Io, lab: Lab, signal: AbortSignal): Promise<{ commit: string; topology: Topology }> {
  const message = 'demo: expose s2:9000 on port 8088 of r4 and r5';
  io.stdout(`\n3. A signed change: a new port forward\n   $ git commit -S -m '${message}' && git push\n`);
  await writeFile(join(lab.paths.topology, 'services', 'demo.yaml'), [
    '# yaml-language-server: $schema=../schema/service.schema.json',
    'description: added by dlan demo',
    'backends: [s2]',
    'forwards:',
    '  - { port: 8088, to: 9000 }',
    'exposeOn: [r4, r5]',
    '',
  ].join('\n'));
  const commit = await commitAndPush(lab, message, true);
  const t0 = performance.now();
  const topology = await loadRepo({ ...io, cwd: lab.paths.topology }, lab.paths.topology);
  await waitConverged(lab, { commit, links: expectedLinks(topology), timeoutMs: 120_000, signal });
  io.stdout(`   every router applied ${short(commit)} ${seconds(performance.now() - t0)} after the push; what each one did:\n`);
  for (const r of lab.plan.routers) {
    const p = await lastPlan(lab, r.node);
    if (p?.commit === commit) io.stdout(`${indent(p.text.replace(/\n\n+/g, '\n'))}\n`);
    else io.stdout(`   ${r.node}: no changes (nothing of this commit is ${r.node}'s to do)\n`);
  }
  return { commit, topology };
}

/** An unsigned commit: every router refuses it and keeps running the last good one. */
async function unsignedChange(io: Io, lab: Lab, running: string, signal: AbortSignal): Promise<void> {
  const message = 'demo: remove the forward, unsigned';
  io.stdout(`\n4. An unsigned change: the same as a push by someone without a trusted key\n   $ git commit -m '${message}' && git push\n`);
  await rm(join(lab.paths.topology, 'services', 'demo.yaml'));
  const commit = await commitAndPush(lab, message, false);
  const t0 = performance.now();
  await waitFor('every router to refuse the unsigned commit', () => lab.plan.routers.every((r) => {
    const s = routerState(lab, r.node);
    return s?.lastAttempt?.commit === commit && s.lastAttempt.outcome === 'failure';
  }), { timeoutMs: 60_000, intervalMs: 200, signal });
  io.stdout(`   every router refused ${short(commit)} within ${seconds(performance.now() - t0)} and keeps running ${short(running)} (dlan status on each):\n`);
  const now = Math.floor(Date.now() / 1000);
  for (const r of lab.plan.routers) io.stdout(`   ${statusHeadline(statusView(routerState(lab, r.node)!, now))}\n`);
}

async function pictures(io: Io, lab: Lab, topology: Topology, out: string | undefined): Promise<void> {
  const dir = out ?? await mkdtemp(join(tmpdir(), 'dlan-demo-'));
  await mkdir(dir, { recursive: true });
  const now = Math.floor(Date.now() / 1000);
  const status = parseStatus(lab.plan.routers.flatMap((r) => {
    const s = routerState(lab, r.node);
    return s ? [statusView(s, now)] : [];
  }));
  const physical = join(dir, 'physical.svg');
  const logical = join(dir, 'logical.svg');
  await writeFile(physical, renderGraph(topology, 'physical', 'svg'));
  await writeFile(logical, renderGraph(topology, 'logical', 'svg', status));
  io.stdout(`\n5. Pictures (dlan graph): the sites and cables, and the overlay coloured with every router's report\n   ${physical}\n   ${logical}\n`);
}

async function commitAndPush(lab: Lab, message: string, signed: boolean): Promise<string> {
  await git(lab.paths, ['add', '-A']);
  await git(lab.paths, [...(signed ? [] : ['-c', 'commit.gpgsign=false']), 'commit', '-q', '-m', message]);
  await git(lab.paths, ['push', '-q', 'origin', 'main']);
  return (await git(lab.paths, ['rev-parse', 'HEAD'])).stdout.trim();
}

async function lastPlan(lab: Lab, router: string): Promise<LastPlan | undefined> {
  try {
    return JSON.parse(await readFile(join(lab.paths.nodeRoot(router), 'var/lib/dlan/last-plan.json'), 'utf8')) as LastPlan;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

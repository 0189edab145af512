/**
 * Operating the fleet in the lab (issue 12): the sample network with `dlan agent` in every router
 * polling only every 10 minutes, so every change below reaches the routers through what the
 * issue builds: the forge's push webhook on r4 (which nudges the others over the overlay),
 * `dlan reconcile`, `dlan resume`. Checked: `dlan status --fleet` from server s1 (all five from
 * their agents; r5 from the forge once its agent is stopped), a bad webhook signature changes
 * nothing and is logged, a good one makes all five apply (merge → all-applied is printed),
 * `dlan suspend` holds r2 back while the others apply, `dlan resume` brings it along,
 * `dlan reconcile --wait` returns the apply's outcome, `dlan apply` waits for the agent's
 * reconcile, `/metrics` parses as Prometheus text, and the status API is closed to the internet.
 * Root only; one lab for all the cases, always taken down.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { agentConfigPath, renderAgentConfig, startAgents } from '../../lab/agents.js';
import { routerState } from '../../lab/converge.js';
import { dlanBin } from '../../lab/keys.js';
import { labDown } from '../../lab/down.js';
import { enterArgs, execInNode, spawnInNode, type Lab } from '../../lab/node.js';
import { labPaths } from '../../lab/paths.js';
import { git } from '../../lab/topology-repo.js';
import { labUp } from '../../lab/up.js';
import { waitFor } from '../../lab/wait.js';
import { addressPlanOf } from '../../model/address-plan.js';
import type { Topology } from '../../model/model.js';
import type { FleetRow } from '../../reconciler/fleet/view.js';
import { startForgeServer, type ForgeServer } from '../support/forge-server.js';
import { fromRoot, sampleRepo } from '../support/paths.js';
import { sampleTopology } from '../support/sample.js';

const prefix = `dlf${process.pid}`;
const paths = labPaths(prefix);
const FORGE = 'http://203.0.113.80:3000';
const TOKEN = 'lab-forge-token';
const R4 = '203.0.113.4';
const HOOK_PORT = 9088;
const SECRET = 'lab-webhook-secret';
const ROUTERS = ['r1', 'r2', 'r3', 'r4', 'r5'];

process.on('exit', () => {
  if (existsSync(paths.dir)) execFileSync(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), 'lab', 'down', '--prefix', prefix], { stdio: 'inherit' });
});

const ctx = {} as { lab: Lab; topology: Topology; forge: ForgeServer; tmp: string; commit: string; s1Config: string };
const figures: string[] = [];

/** Runs the built dlan inside a node (its own /etc/dlan and /run), to completion. */
const dlanIn = (node: string, args: string[], o: { mounts?: boolean } = {}) => execInNode(ctx.lab, node, [...dlanBin(), ...args], { check: false, ...o });

/** `dlan status --fleet --json` run on s1 from the lab's work tree (the host's files, s1's network). */
async function fleet(): Promise<{ rows: FleetRow[]; table: string }> {
  const args = ['status', '--fleet', '--repo', paths.topology, '--config', ctx.s1Config];
  const [json, table] = await Promise.all([dlanIn('s1', [...args, '--json'], { mounts: false }), dlanIn('s1', args, { mounts: false })]);
  assert.is(json.code, 0, json.stderr);
  return { rows: JSON.parse(json.stdout) as FleetRow[], table: table.stdout };
}

async function commitAndPush(message: string, file: string, text: string): Promise<string> {
  writeFileSync(join(paths.topology, file), text);
  await git(paths, ['add', '-A']);
  await git(paths, ['commit', '-q', '-m', message]);
  await git(paths, ['push', '-q', 'origin', 'main']);
  return (await git(paths, ['rev-parse', 'HEAD'])).stdout.trim();
}
const service = (n: number) => `description: fleet test ${n}\nbackends: [s1]\nforwards:\n  - { port: ${8100 + n}, to: 8080 }\nexposeOn: [r4, r5]\n`;

/** A GitHub push delivery to r4's webhook, from the internet; `secret` signs it. */
async function postHook(secret: string): Promise<string> {
  const body = JSON.stringify({ ref: 'refs/heads/main', after: (await git(paths, ['rev-parse', 'HEAD'])).stdout.trim() });
  const sig = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const r = await execInNode(ctx.lab, 'client', ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '10', '-X', 'POST',
    '-H', 'X-GitHub-Event: push', '-H', `X-Hub-Signature-256: ${sig}`, '-H', 'content-type: application/json', '--data-binary', body,
    `http://${R4}:${HOOK_PORT}/hooks`], { check: false });
  return r.stdout.trim();
}

const applied = (r: string) => routerState(ctx.lab, r)?.applied?.commit;
const attempted = (r: string) => routerState(ctx.lab, r)?.lastAttempt?.commit;
const allApplied = (commit: string, routers = ROUTERS) => routers.every((r) => applied(r) === commit && routerState(ctx.lab, r)?.lastAttempt?.outcome === 'success');
const agentPid = (r: string) => ctx.lab.state.state.processes.filter((p) => p.node === r && p.role === 'agent').at(-1)!.pid;
const logOf = (r: string) => readFileSync(join(paths.logs, `${r}-agent.log`), 'utf8');

/** Where a router's time went for the run that applied `commit`: its log's start and steps. */
function runOf(r: string, commit: string): string {
  const lines = logOf(r).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const end = lines.findIndex((l) => l.event === 'reconciled' && l.commit === commit);
  const start = lines.slice(0, end).findLast((l) => l.event === 'reconcile-start');
  if (end < 0 || !start) return 'no run found in its log';
  const ms = Date.parse(String(lines[end]!.time)) - Date.parse(String(start.time));
  const steps = Object.entries(lines[end]!.stepMs as Record<string, number>).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${start.reason as string} run ${ms} ms (${steps})`;
}

const t = suite('lab: operating the fleet (status --fleet, suspend, reconcile, webhook, metrics)');

t.before(async () => {
  ctx.tmp = mkdtempSync(join(tmpdir(), 'dlf-'));
  ctx.forge = await startForgeServer(TOKEN, { socket: join(ctx.tmp, 'forge.sock') });
  ctx.topology = await sampleTopology();
  const status = { forge: 'github', url: FORGE, repo: 'lab/topology', token: TOKEN } as const;
  try {
    const up = await labUp({
      topology: sampleRepo, prefix,
      // Polling every 2 s until converged (the agent's first run finds no peer up yet; later ones see OSPF Full).
      agents: { interval: '2s', jitter: '1s', status, webhook: { routers: ['r4'], port: HOOK_PORT, secret: SECRET } },
      progress: (l) => { if (!l.startsWith(' ')) console.log(`  lab up: ${l}`); },
    });
    ctx.lab = up.lab;
    ctx.commit = up.commit;
  } catch (e) {
    console.error('lab up failed:', e);
    throw e;
  }
  // Then every 10 minutes: each agent reloads its edited agent.yaml and reconciles once more.
  for (const r of ROUTERS) {
    const file = join(paths.nodeRoot(r), agentConfigPath);
    writeFileSync(file, readFileSync(file, 'utf8').replace('  interval: 2s\n  jitter: 1s\n', '  interval: 10m\n  jitter: 0s\n'), { mode: 0o600 });
  }
  await waitFor('every agent to poll every 10 minutes', () => ROUTERS.every((r) => /"event":"config-reloaded"[^]*"event":"reconciled"/.test(logOf(r))), { timeoutMs: 60_000, intervalMs: 200 });
  await spawnInNode(ctx.lab, 'git', 'forge-bridge', ['socat', `TCP-LISTEN:${new URL(FORGE).port},fork,reuseaddr`, `UNIX-CONNECT:${join(ctx.tmp, 'forge.sock')}`], { mounts: false });
  // The operator on s1 has the forge's address and token, as an agent config (the router named is not used).
  ctx.s1Config = join(ctx.tmp, 'agent.yaml');
  writeFileSync(join(ctx.tmp, 'forge-token'), `${TOKEN}\n`, { mode: 0o600 });
  writeFileSync(ctx.s1Config, renderAgentConfig('r1', 'http://203.0.113.80:8080/topology.git', { status }).replace('/etc/dlan/forge-token', join(ctx.tmp, 'forge-token')), { mode: 0o600 });
});

t.after(async () => {
  try {
    if (figures.length) console.log(`\n==== fleet figures ====\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
  } finally {
    await labDown(paths);
    await ctx.forge?.close();
    if (ctx.tmp) rmSync(ctx.tmp, { recursive: true, force: true });
  }
});

t('`dlan status --fleet` on s1 lists all five routers ready, from their agents, with the lab commit', async () => {
  const { rows, table } = await waitFor('every router ready in the fleet view', async () => {
    const f = await fleet();
    return f.rows.length === 5 && f.rows.every((r) => r.ready && r.applied?.commit === ctx.commit) ? f : undefined;
  }, { timeoutMs: 60_000, intervalMs: 1000 });
  assert.equal(rows.map((r) => [r.router, r.source, r.ready, r.applied?.commit]), ROUTERS.map((r) => [r, 'agent', true, ctx.commit]));
  for (const r of ROUTERS) assert.match(table, new RegExp(`^${r}\\s+agent\\s+${ctx.commit.slice(0, 7)}\\s`, 'm'), table);
});

t('a webhook with a bad signature changes nothing and is logged; a good one makes all five apply the pushed commit', async () => {
  const commit = await commitAndPush('fleet: a forward, announced by webhook', 'services/fleet-1.yaml', service(1));
  assert.is(await postHook('not-the-secret'), '401');
  await waitFor('r4 to log the refusal', () => /"event":"webhook-refused"[^\n]*"reason":"BadSignature"|"reason":"BadSignature"[^\n]*webhook-refused/.test(logOf('r4')), { timeoutMs: 10_000 });
  // Nothing polls for 10 minutes: a few seconds later no router has even tried the commit.
  await new Promise((r) => setTimeout(r, 5000));
  assert.equal(ROUTERS.filter((r) => attempted(r) === commit), []);

  const t0 = performance.now();
  assert.is(await postHook(SECRET), '202');
  await waitFor('all five routers to apply the pushed commit', () => allApplied(commit), { timeoutMs: 120_000, intervalMs: 50 });
  figures.push(`webhook POST (merge) → all five applied: ${((performance.now() - t0) / 1000).toFixed(1)} s (poll interval 10 min)`);
  for (const r of ROUTERS) figures.push(`  ${r}: ${runOf(r, commit)}`);
  await waitFor('success statuses on the forge', () => ROUTERS.every((r) => ctx.forge.requests.some((q) => q.sha === commit && q.body.context === `dlan/${r}` && q.body.state === 'success')), { timeoutMs: 30_000 });
  ctx.commit = commit;
});

t('with r5\'s agent stopped, its row comes from the forge and says so', async () => {
  const pid = agentPid('r5');
  process.kill(pid, 'SIGTERM');
  await waitFor('r5\'s agent to stop', () => { try { process.kill(pid, 0); return false; } catch { return true; } }, { timeoutMs: 30_000 });
  const { rows, table } = await waitFor('r5 from the forge', async () => {
    const f = await fleet();
    return f.rows.find((r) => r.router === 'r5')?.source === 'forge' ? f : undefined;
  }, { timeoutMs: 60_000, intervalMs: 1000 });
  const r5 = rows.find((r) => r.router === 'r5')!;
  assert.is(r5.forgeState, 'success');
  assert.match(r5.note ?? '', /^agent: /);
  assert.equal(rows.filter((r) => r.router !== 'r5').map((r) => r.source), ['agent', 'agent', 'agent', 'agent']);
  assert.match(table, /^r5\s+forge\s/m);
  assert.match(table, /^r5: from the forge \(agent: /m);
  await startAgents(ctx.lab, ['r5']);
  await waitFor('r5 back in the fleet view', async () => (await fleet()).rows.find((r) => r.router === 'r5')?.source === 'agent', { timeoutMs: 60_000, intervalMs: 1000 });
});

t('suspended, r2 reports it and does not apply while the others do; resumed, it converges', async () => {
  const s = await dlanIn('r2', ['suspend', '--reason', 'fleet test: hands on r2']);
  assert.is(s.code, 0, s.stderr);
  assert.match(s.stdout, /^suspended: fleet test: hands on r2/);
  const before = applied('r2');
  const commit = await commitAndPush('fleet: a change while r2 is suspended', 'services/fleet-2.yaml', service(2));
  assert.is(await postHook(SECRET), '202');
  const others = ROUTERS.filter((r) => r !== 'r2');
  await waitFor('the others to apply', () => allApplied(commit, others), { timeoutMs: 120_000, intervalMs: 100 });
  // r2 saw it (fetched, verified, planned) and said so on the forge, without applying it.
  await waitFor('r2\'s pending status on the forge', () => ctx.forge.requests.some((q) => q.sha === commit && q.body.context === 'dlan/r2' && q.body.state === 'pending' && /^suspended: fleet test: hands on r2/.test(String(q.body.description))), { timeoutMs: 60_000 });
  assert.is(applied('r2'), before);
  const { rows } = await fleet();
  const r2 = rows.find((r) => r.router === 'r2')!;
  assert.is(r2.suspended, 'fleet test: hands on r2');
  assert.is(r2.applied?.commit, before);
  const st = await dlanIn('r2', ['status', '--json']);
  assert.match(st.stdout, /fleet test: hands on r2/);

  const r = await dlanIn('r2', ['resume']);
  assert.is(r.code, 0, r.stderr);
  await waitFor('r2 to converge after resume', () => allApplied(commit, ['r2']), { timeoutMs: 120_000, intervalMs: 100 });
  assert.is((await fleet()).rows.find((x) => x.router === 'r2')!.suspended, undefined);
  ctx.commit = commit;
});

t('`dlan reconcile --wait` on r1 returns after the apply, with its outcome', async () => {
  const commit = await commitAndPush('fleet: a change reconciled by hand on r1', 'services/fleet-3.yaml', service(3));
  const r = await dlanIn('r1', ['reconcile', '--wait']);
  assert.is(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, new RegExp(`^ok: (success|noop) ${commit.slice(0, 7)}: `, 'm'));
  assert.is(applied('r1'), commit, 'applied when the command returned');
  assert.ok(r.stderr.trim().length > 0, 'progress was streamed');
});

t('`dlan apply` while the agent is mid-reconcile waits for it', async () => {
  // A change on r1 itself; the git server is paused so the agent's reconcile, lock taken, hangs in its fetch.
  const r1 = readFileSync(join(paths.topology, 'routers', 'r1.yaml'), 'utf8');
  assert.ok(r1.includes('lease: 12h'));
  const commit = await commitAndPush('fleet: a change on r1, agent and apply at once', 'routers/r1.yaml', r1.replace('lease: 12h', 'lease: 6h'));
  const gitServer = ctx.lab.state.state.processes.find((p) => p.node === 'git' && p.role === 'git-server')!.pid;
  const plan = addressPlanOf(ctx.topology.network);
  const api = `http://${plan.loopback4(ctx.topology.routers.find((r) => r.name === 'r1')!.id)}:${ctx.topology.network.agentApi.port}/v1/status`;
  const order: string[] = [];
  const run = (args: string[], tag: string) => {
    const child = spawn('nsenter', [...enterArgs(ctx.lab, 'r1'), ...dlanBin(), ...args], { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    const io = { out: '', err: '' };
    child.stdout.on('data', (d) => (io.out += d));
    child.stderr.on('data', (d) => (io.err += d));
    const done = new Promise<number>((resolve) => child.on('close', (c) => { order.push(tag); resolve(c ?? -1); }));
    return { io, done };
  };
  process.kill(gitServer, 'SIGSTOP');
  let agentRun, applyRun;
  try {
    agentRun = run(['reconcile', '--wait', '--json'], 'agent');
    await waitFor('r1\'s agent to be busy', async () => {
      const r = await execInNode(ctx.lab, 'r1', ['curl', '-sS', '--max-time', '5', api], { check: false });
      return r.code === 0 && r.stdout.includes(`"busy":`);
    }, { timeoutMs: 30_000, intervalMs: 200 });
    applyRun = run(['apply', '--config', '/etc/dlan/agent.yaml'], 'apply');
    await waitFor('dlan apply to say it waits', () => /waiting for dlan agent \(pid \d+, since [^)]+\) to finish/.test(applyRun!.io.err), { timeoutMs: 30_000, intervalMs: 100 });
  } finally {
    process.kill(gitServer, 'SIGCONT');
  }
  assert.is(await agentRun.done, 0, agentRun.io.out + agentRun.io.err);
  assert.is(await applyRun.done, 0, applyRun.io.out + applyRun.io.err);
  assert.equal(order, ['agent', 'apply']);
  assert.match(agentRun.io.out, new RegExp(`"type":"result","ok":true,"outcome":"success","commit":"${commit}"`));
  assert.is(applied('r1'), commit);
});

t('/metrics from a router parses as Prometheus text; the status API is closed to the internet', async () => {
  const plan = addressPlanOf(ctx.topology.network);
  const port = ctx.topology.network.agentApi.port;
  const r4 = ctx.topology.routers.find((r) => r.name === 'r4')!;
  const text = (await execInNode(ctx.lab, 's1', ['curl', '-sS', '--max-time', '10', `http://${plan.loopback4(r4.id)}:${port}/metrics`])).stdout;
  const families = parsePrometheusTextFormat(text) as { name: string; type: string; metrics: { value?: string; labels?: Record<string, string> }[] }[];
  const names = families.map((f) => f.name);
  for (const n of ['dlan_reconciles_total', 'dlan_suspended', 'dlan_peers_expected', 'dlan_peers_up']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  const reconciles = families.find((f) => f.name === 'dlan_reconciles_total')!;
  assert.is(reconciles.type, 'COUNTER');
  assert.ok(reconciles.metrics.some((m) => m.labels?.outcome === 'success' && Number(m.value) >= 1), JSON.stringify(reconciles.metrics));
  // From the internet: r4's public address, and its loopbacks routed through r4 by hand.
  const closed = async (url: string) => (await execInNode(ctx.lab, 'inet', ['curl', '-sS', '--max-time', '5', url], { check: false })).code !== 0;
  assert.ok(await closed(`http://${R4}:${port}/v1/status`), 'the status API answered on r4\'s public address');
  await execInNode(ctx.lab, 'inet', ['ip', 'route', 'replace', `${plan.loopback4(r4.id)}/32`, 'via', R4]);
  assert.ok(await closed(`http://${plan.loopback4(r4.id)}:${port}/v1/status`), 'the status API answered the internet on r4\'s loopback');
});

t.run();

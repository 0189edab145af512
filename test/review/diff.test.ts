import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTopology } from '../../model/load.js';
import type { SourceFile } from '../../model/yaml-source.js';
import { diffTopologies, type TopologyDiff } from '../../review/diff.js';
import { diffRouter } from '../../review/router-diff.js';
import { exitCode } from '../../review/summary.js';
import { slice } from '../../model/slice.js';
import { render } from '../../renderers/render.js';
import { sampleFiles } from '../support/sample.js';
import { applyScenario, type Scenario } from '../support/scenarios.js';

function side(name: string, files: readonly SourceFile[]) {
  const r = loadTopology(files);
  if (!r.topology) throw new Error(`${name} is invalid`);
  return { label: { name }, topology: r.topology, diagnostics: r.diagnostics };
}
async function scenario(s: Scenario): Promise<TopologyDiff> {
  const files = await sampleFiles();
  return diffTopologies(side('main', files), side('HEAD', applyScenario(files, s)));
}

const d = suite('diffTopologies');
d('the same topology on both sides: no change, exit 0', async () => {
  const files = await sampleFiles();
  const diff = diffTopologies(side('a', files), side('b', files));
  assert.equal(diff.routers, []);
  assert.equal(diff.unchanged, ['r1', 'r2', 'r3', 'r4', 'r5']);
  assert.is(diff.summary.changed, false);
  assert.is(exitCode(diff.summary, { failOnReachabilityLoss: true }), 0);
});
d('r5 leaves: every router changes, r5 is removed, its forwards and peerings go, r4 becomes a single point of failure for r1', async () => {
  const diff = await scenario('r5-leaves');
  assert.equal(diff.routers.map((r) => `${r.router} ${r.status}`), ['r1 changed', 'r2 changed', 'r3 changed', 'r4 changed', 'r5 removed']);
  for (const r of diff.routers.filter((x) => x.status === 'changed')) {
    assert.equal(r.peers.removed.map((p) => p.name), ['r5'], r.router);
    assert.equal(r.links.removed.map((l) => l.peer), ['r5'], r.router);
    assert.ok(r.files.some((f) => f.path === '/etc/frr/frr.conf' && f.diff.includes('-interface dl5')), r.router);
  }
  const r4 = diff.routers.find((r) => r.router === 'r4')!;
  assert.ok(r4.files.some((f) => f.path === '/etc/dlan/nginx.conf' && /\+.*2222/.test(f.diff)), 'r4 now forwards 2222');
  assert.ok(r4.actions.some((a) => a.subject === 'nginx' && a.action === 'reload' && a.hitless));
  assert.equal(diff.network.forwards.removed.map((f) => `${f.router} ${f.protocol}/${f.port}`), ['r5 tcp/80', 'r5 tcp/443', 'r5 tcp/2222']);
  assert.equal(diff.network.forwards.added.map((f) => `${f.router} ${f.protocol}/${f.port}`), ['r4 tcp/2222']);
  assert.equal(diff.network.peerings.removed.map((p) => `${p.a}–${p.b}`), ['r1–r5', 'r2–r5', 'r3–r5', 'r4–r5']);
  assert.equal(diff.network.spofs.routers.added, [{ router: 'r4', cutOff: ['r1'] }]);
  assert.equal(diff.network.reachability.lanPairs.lost, 0);
  assert.equal(diff.network.reachability.lanPairs.changes.map((c) => `${c.from}-${c.to} ${c.change} ${c.families.join('+')}`), ['r1-r2 path 4+6', 'r1-r3 path 4+6']);
  assert.equal(diff.network.dns.removed.map((n) => n.name), ['router.r5.lan']);
  assert.is(exitCode(diff.summary, { failOnReachabilityLoss: true }), 2);
});
d('both hubs gone: r1\'s LAN is unreachable from every other LAN, exit 3 with --fail-on-reachability-loss', async () => {
  const diff = await scenario('hubs-gone');
  const lost = diff.network.reachability.lanPairs.changes.filter((c) => c.change === 'lost');
  assert.equal(lost.map((c) => `${c.from}-${c.to} ${c.families.join('+')}`), ['r1-r2 4+6', 'r1-r3 4+6']);
  assert.is(diff.network.reachability.lanPairs.lost, 4);
  assert.match(diff.warnings.join('\n'), 'falls apart');
  assert.is(exitCode(diff.summary), 2);
  assert.is(exitCode(diff.summary, { failOnReachabilityLoss: true }), 3);
});
d('a secret in a rendered file is redacted in the diff, by the planner\'s redaction', async () => {
  const t = side('main', await sampleFiles()).topology;
  const s = slice(t, 'r1');
  const base = render(s);
  const secret = { ...base, files: base.files.map((f) => (f.path === '/etc/dlan/wg-dlan.conf' ? { ...f, content: `${f.content}PrivateKey = aGVsbG8gaHVudGVyMg==\n` } : f)) };
  const r = diffRouter('r1', { slice: s, desired: base }, { slice: s, desired: secret }, ['main', 'HEAD'])!;
  assert.match(r.files[0]!.diff, '+PrivateKey = (redacted)');
  assert.not.match(JSON.stringify(r), 'aGVsbG8');
});
d.run();

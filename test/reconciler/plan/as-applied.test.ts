import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTopology } from '../../../model/load.js';
import { slice } from '../../../model/slice.js';
import { asApplied } from '../../../reconciler/plan/as-applied.js';
import { effectOf } from '../../../reconciler/plan/effects.js';
import { inventoryOf, makePlan } from '../../../reconciler/plan/plan.js';
import type { Step } from '../../../reconciler/plan/steps.js';
import { render } from '../../../renderers/render.js';
import { generated } from '../../support/generated.js';
import { sampleTopology } from '../../support/sample.js';

const applied = suite('asApplied');
applied('a desired state planned against itself applied is an empty plan (sample and generated topologies)', async () => {
  const topologies = [await sampleTopology(), ...[1, 2, 3, 4, 5].map((seed) => loadTopology(generated(seed).files).topology!)];
  for (const t of topologies) {
    for (const r of t.routers) {
      const d = render(slice(t, r.name));
      assert.equal(makePlan(d, asApplied(d), inventoryOf(d)).steps, [], `${t.network.name} ${r.name}`);
    }
  }
});
applied('planned against another render, only the difference is planned, with the diff labels asked for', async () => {
  const t = await sampleTopology();
  const d = render(slice(t, 'r1'));
  const moved = { ...d, files: d.files.map((f) => (f.path === '/etc/dnsmasq.d/dlan.conf' ? { ...f, content: `${f.content}# one more line\n` } : f)) };
  const steps = makePlan(moved, asApplied(d), inventoryOf(d), { labels: ['main', 'HEAD'] }).steps;
  assert.equal(steps.map((s) => `${s.kind} ${s.op}`), ['file update', 'service restart']);
  assert.match((steps[0] as { diff: string }).diff, '--- /etc/dnsmasq.d/dlan.conf\tmain\n+++ /etc/dnsmasq.d/dlan.conf\tHEAD');
});

const effects = suite('effectOf');
effects('in-place actions are hitless; restarts, removed links and removed addresses are not', () => {
  const svc = (op: string, service = 'dnsmasq') => ({ kind: 'service', op, service, reason: '' }) as Step;
  const hitless = (s: Step) => effectOf(s).hitless;
  for (const op of ['wg-sync', 'frr-reload', 'reload', 'nft-apply', 'sysctl-apply', 'start']) assert.ok(hitless(svc(op)), op);
  assert.not.ok(hitless(svc('restart')));
  assert.not.ok(hitless(svc('stop')));
  assert.match(effectOf(svc('restart', 'frr')).effect, 'adjacency');
  assert.not.ok(hitless({ kind: 'vxlan', op: 'delete', ifname: 'dl5' }));
  assert.not.ok(hitless({ kind: 'address', op: 'delete', ifname: 'eth1', address: '10.1.0.1/24' }));
  assert.ok(hitless({ kind: 'address', op: 'add', ifname: 'eth1', address: '10.1.0.1/24' }));
});
applied.run();
effects.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigRejected, accepted, rejected } from '../../../../reconciler/check/rejected.js';
import { makePlan as planChanges } from '../../../../reconciler/plan/plan.js';
import { checkConfigs, filesToCheck } from '../../../../reconciler/reconcile/steps/check-configs.js';
import type { FileSpec } from '../../../../renderers/state.js';
import { desiredState, inventoryOf, observedFrom } from '../../../support/desired.js';

const before = desiredState();
const edit = (service: string, content: string) => desiredState({ files: before.files.map((f) => (f.service === service ? { ...f, content } : f)) });
const planFor = (next = before, observed = observedFrom(before)) => planChanges(next, observed, inventoryOf(before));

const step = suite('checkConfigs (Checked)');
step('only the files the plan writes with new content are checked', async () => {
  const next = edit('nginx', 'stream { server { listen 80; } }\n');
  const observed = observedFrom(before);
  // dnsmasq's file differs in mode only: no new content to judge.
  const files = new Map(observed.files);
  files.set('/etc/dnsmasq.d/dlan.conf', { content: 'domain=r1.lan\n', mode: 0o600 });
  const seen: string[] = [];
  const r = await checkConfigs(planFor(next, { ...observed, files }), 'userspace', () => undefined, async (fs: readonly FileSpec[]) => { seen.push(...fs.map((f) => f.path)); return accepted; });
  assert.equal(seen, ['/etc/nginx/dlan.conf']);
  assert.is(r.message, '1 changed file(s) accepted by their daemons');
  assert.equal(filesToCheck(planFor(next)).map((f) => f.path), ['/etc/nginx/dlan.conf']);
});
step('a plan without file changes: "nothing to check"', async () => {
  const r = await checkConfigs(planFor(), 'userspace', () => undefined, async (fs) => { assert.equal(fs, []); return accepted; });
  assert.is(r.message, 'nothing to check');
});
step('a rejection is thrown as it is: Stalled ConfigRejected naming the file and line', async () => {
  const no = new ConfigRejected({ service: 'nginx', file: '/etc/nginx/dlan.conf', line: 1, message: 'unknown directive "sever"', stderr: '' });
  try {
    await checkConfigs(planFor(edit('nginx', 'stream { sever {} }\n')), 'userspace', () => undefined, async () => rejected([no]));
    assert.unreachable();
  } catch (e) {
    assert.is(e, no);
    assert.equal([(e as ConfigRejected).kind, (e as ConfigRejected).code], ['Stalled', 'ConfigRejected']);
  }
});
step.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makePlan } from '../../../../reconciler/reconcile/steps/make-plan.js';
import { desiredState, inventoryOf, observedFrom } from '../../../support/desired.js';
import type { Stalled } from '../../../../model/errors.js';
import { C1, WG } from '../../../support/steps.js';

const step = suite('makePlan (Planned)');
const desired = desiredState();
step('a router that matches: "no changes", an empty plan based on the commit', async () => {
  const r = await makePlan(desired, { observed: observedFrom(desired), inventory: inventoryOf(desired) }, C1, WG);
  assert.is(r.message, 'no changes');
  assert.equal(r.value.steps, []);
  assert.is(r.value.basedOn.commit, C1);
});
step('one file changed: counted in the message, the file written and its daemon reloaded', async () => {
  const next = desiredState({ files: desired.files.map((f) => (f.service === 'nginx' ? { ...f, content: 'stream { server { listen 80; } }\n' } : f)) });
  const r = await makePlan(next, { observed: observedFrom(desired), inventory: inventoryOf(desired) }, C1, WG);
  assert.is(r.message, '0 to add, 2 to change, 0 to destroy');
  assert.equal(r.value.steps.map((s) => `${s.kind} ${s.op}`), ['file update', 'service reload']);
});
step('the services an interrupted apply still owes are acted on again, although their files match', async () => {
  const r = await makePlan(desired, { observed: observedFrom(desired), inventory: inventoryOf(desired), pending: { commit: C1, startedAt: 'x', services: ['nginx'] } }, C1, WG);
  assert.equal(r.value.steps.map((s) => `${s.kind} ${s.op} ${s.kind === 'service' ? s.service : ''}`), ['service reload nginx']);
});
step('a port the router file names that does not exist here: Stalled InterfaceMissing, naming file and field', async () => {
  const withPort = desiredState({ ports: [{ ifname: 'eth9', role: 'lan', file: 'routers/r1.yaml', field: 'lan.interface', up: true }] });
  try {
    await makePlan(withPort, { observed: observedFrom(desired), inventory: inventoryOf(desired) }, C1, WG);
    assert.unreachable();
  } catch (e) {
    assert.equal([(e as Stalled).kind, (e as Stalled).code], ['Stalled', 'InterfaceMissing']);
    assert.match((e as Stalled).message, 'routers/r1.yaml: lan.interface: eth9 does not exist on this router');
  }
});
step('a WireGuard that cannot run here: Stalled with what to fix', async () => {
  const missing = { ...WG, problem: { code: 'WireguardGoMissing' as const, message: 'wireguard-go is not installed.', fix: 'apt install wireguard-go' } };
  try {
    await makePlan(desired, { observed: observedFrom(desired), inventory: inventoryOf(desired) }, C1, missing);
    assert.unreachable();
  } catch (e) {
    assert.equal([(e as Stalled).kind, (e as Stalled).code], ['Stalled', 'WireguardGoMissing']);
  }
});
step.run();

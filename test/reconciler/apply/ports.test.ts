/** The ports of the router file on real links: the LAN set up by apply, the WAN left alone, a missing port refused. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { executePlan } from '../../../reconciler/apply/execute.js';
import { observe } from '../../../reconciler/apply/observe-router.js';
import { makeLogger } from '../../../reconciler/log.js';
import { emptyInventory } from '../../../reconciler/plan/observed.js';
import { makePlan } from '../../../reconciler/plan/plan.js';
import { assertPortsExist } from '../../../reconciler/plan/ports.js';
import { processServices } from '../../../reconciler/services/index.js';
import type { PortSpec } from '../../../renderers/state.js';
import { desiredState } from '../../support/desired.js';
import { makeNode, nodeName, removeNode, type NodeNs } from '../../support/ns-node.js';

const log = makeLogger({ format: 'json', write: () => undefined, now: () => new Date() });
const port = (role: 'wan' | 'lan', ifname: string): PortSpec =>
  ({ ifname, role, file: 'routers/r1.yaml', field: `${role}.interface`, up: role === 'lan' });
const isUp = async (node: NodeNs, ifname: string): Promise<boolean> =>
  (JSON.parse((await node.host.run('ip', ['-j', 'link', 'show', 'dev', ifname], { check: true })).stdout) as { flags: string[] }[])[0]!.flags.includes('UP');

const ports = suite<{ node: NodeNs }>('apply: the router file\'s ports (real links)');
ports.before(async (ctx) => {
  ctx.node = await makeNode(nodeName('dlp', 'p'));
  for (const b of ['wan0', 'lan0']) await ctx.node.host.run('ip', ['link', 'add', b, 'type', 'bridge'], { check: true });
});
ports.after(async (ctx) => { if (ctx.node) await removeNode(ctx.node); });

ports('a LAN port that is down is set up by apply; the WAN port is not touched', async ({ node }) => {
  const desired = desiredState({ ports: [port('wan', 'wan0'), port('lan', 'lan0')] });
  const services = processServices({ host: node.host });
  const { observed } = await observe({ host: node.host, services }, desired, emptyInventory);
  assertPortsExist(desired, observed);
  const plan = makePlan(desired, observed, emptyInventory);
  const linkSteps = plan.steps.filter((s) => s.kind === 'link');
  assert.equal(linkSteps, [{ kind: 'link', op: 'up', ifname: 'lan0', field: 'lan.interface' }]);
  await executePlan({ ...plan, steps: linkSteps }, desired, { host: node.host, services, log });
  assert.equal([await isUp(node, 'lan0'), await isUp(node, 'wan0')], [true, false]);
  const again = await observe({ host: node.host, services }, desired, emptyInventory);
  assert.equal(makePlan(desired, again.observed, emptyInventory).steps.filter((s) => s.kind === 'link'), []);
});
ports('a port that is not there: InterfaceMissing with the file, the field and the links there are', async ({ node }) => {
  const desired = desiredState({ ports: [port('wan', 'wan0'), port('lan', 'eth9')] });
  const { observed } = await observe({ host: node.host, services: processServices({ host: node.host }) }, desired, emptyInventory);
  try {
    assertPortsExist(desired, observed);
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'InterfaceMissing');
    assert.match((e as Error).message, 'routers/r1.yaml: lan.interface: eth9 does not exist on this router (it has: lan0, lo, wan0)');
  }
});
ports.run();

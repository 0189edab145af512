import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { expectedLinks, renderConvergence } from '../../lab/converge.js';
import { sampleTopology } from '../support/sample.js';

const links = suite('expectedLinks');
links('every router of the sample and its VXLAN links (one per peering)', async () => {
  assert.equal(expectedLinks(await sampleTopology()), {
    r1: ['dl4', 'dl5'], r2: ['dl3', 'dl4', 'dl5'], r3: ['dl2', 'dl4', 'dl5'], r4: ['dl1', 'dl2', 'dl3', 'dl5'], r5: ['dl1', 'dl2', 'dl3', 'dl4'],
  });
});
links.run();

const render = suite('renderConvergence');
render('one line: converged mark, the last attempt, Full adjacencies of the expected links', () => {
  const base = { router: 'r1', links: ['dl4', 'dl5'], ospf: ['dl4', 'dl5'], ospf6: ['dl4'] };
  assert.is(renderConvergence({ ...base, converged: false }), 'r1 … no reconcile yet, OSPF 2/2, OSPFv3 1/2');
  const attempt = { commit: 'ceb269e60429aa', outcome: 'failure', description: 'Unsigned: commit ceb269e is not signed\nmore' };
  assert.is(renderConvergence({ ...base, converged: false, attempt }), 'r1 … ceb269e failure (Unsigned: commit ceb269e is not signed), OSPF 2/2, OSPFv3 1/2');
  assert.is(renderConvergence({ ...base, ospf6: ['dl4', 'dl5'], converged: true, applied: 'ceb269e60429aa', attempt: { ...attempt, outcome: 'success' }, health: 'healthy' }),
    'r1 ✓ ceb269e success, OSPF 2/2, OSPFv3 2/2, healthy');
});
render.run();

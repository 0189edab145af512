import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderDot } from '../../graph/dot.js';
import { logicalGraph, physicalGraph } from '../../graph/model.js';
import { sampleTopology } from '../support/sample.js';

const dot = suite('renderDot');
dot('logical: one node per router, one edge per peering, explicit ones dashed, hubs on one rank', async () => {
  const t = await sampleTopology();
  const out = renderDot(logicalGraph(t));
  assert.is((out.match(/ -- /g) ?? []).length, 8);
  assert.match(out, '{ rank=same; "r4"; "r5" }');
  assert.match(out, '"r4" -- "r1" [label="10"', 'hub first');
  assert.match(out, '"r2" -- "r3" [label="10", color="#1f9484"');
  const explicit = renderDot(logicalGraph({ ...t, routers: t.routers.map((r) => (r.name === 'r1' ? { ...r, peers: ['r2'] } : r)) }));
  assert.match(explicit, /"r1" -- "r2" \[[^\]]*style="dashed"/);
});
dot('physical: a cluster per site; the internet reaches home routers and public routers', async () => {
  const out = renderDot(physicalGraph(await sampleTopology()));
  assert.is((out.match(/subgraph "cluster_/g) ?? []).length, 4);
  for (const e of ['"internet" -- "home/gateway"', '"home/gateway" -- "r1"', '"internet" -- "r4"', '"r3/lan" -- "r3/s5"']) assert.match(out, e);
  assert.is((out.match(/{/g) ?? []).length, (out.match(/}/g) ?? []).length, 'balanced braces');
});
dot('quotes in names are escaped', async () => {
  const t = await sampleTopology();
  const out = renderDot(physicalGraph({ ...t, network: { ...t.network, sites: { ...t.network.sites, home: { description: 'My "home"', nat: true } } } }));
  assert.match(out, 'My \\"home\\"');
});
dot.run();

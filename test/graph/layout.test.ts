import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layout } from '../../graph/layout.js';
import { linkStates } from '../../graph/status.js';
import { logicalGraph, physicalGraph } from '../../graph/model.js';
import type { Scene } from '../../graph/scene.js';
import type { Topology } from '../../model/model.js';
import { sampleTopology } from '../support/sample.js';
import { synthetic } from './fixtures.js';
import { sampleStatus } from './golden.js';
import { edgesThroughNodes, offCanvas, overlappingNodes, overlappingTexts, textsAcrossNodes } from './scene-checks.js';

function readable(s: Scene): void {
  assert.equal(overlappingTexts(s), [], 'no two labels overlap');
  assert.equal(overlappingNodes(s), [], 'no two boxes overlap');
  assert.equal(textsAcrossNodes(s), [], 'no label straddles a box');
  assert.equal(offCanvas(s), [], 'everything is on the canvas');
  assert.equal(edgesThroughNodes(s), [], 'no line runs through a box');
  assert.is(s.omittedLabels, 0, 'every label found a spot');
  assert.ok(Math.min(...s.texts.map((t) => t.size)) >= 10, 'no text smaller than 10 px');
}

const cases: [string, () => Promise<Topology>][] = [
  ['the sample', sampleTopology],
  ['50 routers, 4 hubs', async () => synthetic(50, 4)],
  ['30 routers, 1 hub', async () => synthetic(30, 1)],
  ['12 routers, no hub', async () => synthetic(12, 0)],
  ['a lone router', async () => synthetic(1, 1)],
];

const logical = suite('layout: logical view');
for (const [name, topo] of cases) {
  logical(`${name}: labels, boxes and lines keep clear of each other`, async () => readable(layout(logicalGraph(await topo()))));
}
logical('the sample with live status is as readable', async () => {
  readable(layout(logicalGraph(await sampleTopology(), linkStates(await sampleStatus()))));
});
logical('the sample puts both hubs in one row above the three other routers', async () => {
  const s = layout(logicalGraph(await sampleTopology()));
  const y = (id: string) => s.nodes.find((n) => n.id === id)!.box.y;
  assert.is(y('r4'), y('r5'));
  assert.ok(y('r1') > y('r4'));
  assert.ok(y('r1') === y('r2') && y('r2') === y('r3'));
  assert.is(s.edges.filter((e) => e.from !== '').length, 8);
  assert.is(s.texts.filter((t) => t.tone === 'edge' && t.text === '10').length, 8, 'every link shows its OSPF cost');
});
logical('50 routers fit in two spoke rows around the hubs, at most 4500 px wide', async () => {
  const s = layout(logicalGraph(synthetic(50, 4)));
  const centres = s.nodes.filter((n) => !n.id.startsWith('legend')).map((n) => n.box.y + n.box.h / 2).sort((a, b) => a - b);
  const rows = 1 + centres.filter((c, i) => i > 0 && c - centres[i - 1]! > 80).length;
  assert.ok(s.width <= 4500, `width ${s.width}`);
  assert.is(rows, 3);
});
logical('is deterministic', async () => {
  const t = synthetic(50, 4);
  assert.equal(layout(logicalGraph(t)), layout(logicalGraph(t)));
});
logical.run();

const physical = suite('layout: physical view');
for (const [name, topo] of cases) {
  physical(`${name}: labels, boxes and lines keep clear of each other`, async () => readable(layout(physicalGraph(await topo()))));
}
physical('the sample hangs H1 and H2 and the two cloud routers off the internet', async () => {
  const s = layout(physicalGraph(await sampleTopology()));
  const fromInternet = s.edges.filter((e) => e.id.startsWith('internet-') && e.id !== 'internet-bus').map((e) => e.to).sort();
  assert.equal(fromInternet, ['friend/gateway', 'home/gateway', 'r4', 'r5']);
  const texts = s.texts.map((t) => t.text);
  for (const want of ['H1', 'H2', 'public 203.0.113.4:51820', 'public 198.51.100.5:51820', '10.1.0.0/24', 's5', 'Home', "A friend's house"]) {
    assert.ok(texts.includes(want), want);
  }
  const inSite = (id: string, site: string) => {
    const g = s.groups.find((x) => x.id === site)!.box;
    const b = s.nodes.find((n) => n.id === id)!.box;
    return b.x >= g.x && b.x + b.w <= g.x + g.w && b.y >= g.y && b.y + b.h <= g.y + g.h;
  };
  assert.ok(inSite('r2', 'friend') && inSite('r3', 'friend') && inSite('r1', 'home') && inSite('r3/s5', 'friend'));
});
physical('50 routers wrap into rows no wider than 2000 px', async () => {
  const s = layout(physicalGraph(synthetic(50, 4)));
  assert.ok(s.width <= 2000, `width ${s.width}`);
});
physical.run();

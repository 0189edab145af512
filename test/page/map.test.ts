import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EDGE_COLOURS } from '../../graph/svg.js';
import { renderMap } from '../../page/map.js';
import type { LinkView } from '../../page/types.js';
import { sampleTopology } from '../support/sample.js';

const t = await sampleTopology();
const map = suite('renderMap');
map('links are coloured by state and labelled with their round trip; others keep their OSPF cost', () => {
  const links: LinkView[] = [
    { a: 'r1', b: 'r4', state: 'full', rttMs: 16.2, detail: [] },
    { a: 'r4', b: 'r5', state: 'down', detail: [] },
  ];
  const svg = renderMap(t, links);
  assert.match(svg, '>16ms</text>');
  assert.is(svg.split(`stroke="${EDGE_COLOURS.down}"`).length - 1, 1 + 1, 'r4–r5 and the legend sample');
  assert.is(svg.split(`stroke="${EDGE_COLOURS.full}"`).length - 1, 1 + 1, 'r1–r4 and the legend sample');
  assert.match(svg, 'ms: round-trip time of the link');
  assert.match(svg, '>10</text>', 'links without a measurement show their cost');
});
map.run();

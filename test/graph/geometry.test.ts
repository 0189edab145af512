import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { alongPolyline, overlaps, segmentCrossesBox } from '../../graph/geometry.js';

const box = { x: 10, y: 10, w: 20, h: 10 };
const g = suite('geometry');
g('a segment through a box crosses it; one that ends on its side or passes by does not', () => {
  assert.ok(segmentCrossesBox({ x: 0, y: 15 }, { x: 40, y: 15 }, box));
  assert.ok(segmentCrossesBox({ x: 0, y: 0 }, { x: 40, y: 30 }, box));
  assert.not.ok(segmentCrossesBox({ x: 20, y: 0 }, { x: 20, y: 10 }, box), 'ends on the top side');
  assert.not.ok(segmentCrossesBox({ x: 0, y: 25 }, { x: 40, y: 25 }, box));
  assert.not.ok(segmentCrossesBox({ x: 0, y: 10 }, { x: 40, y: 10 }, box), 'runs along the side');
});
g('boxes that only touch do not overlap', () => {
  assert.not.ok(overlaps(box, { x: 30, y: 10, w: 5, h: 5 }));
  assert.ok(overlaps(box, { x: 29, y: 19, w: 5, h: 5 }));
  assert.ok(overlaps(box, { x: 32, y: 10, w: 5, h: 5 }, 3));
});
g('alongPolyline measures by length', () => {
  assert.equal(alongPolyline([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 30 }], 0.5), { x: 10, y: 10 });
});
g.run();

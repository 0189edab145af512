/**
 * Edge labels without overlaps: each label tries spots along its own edge, middle first. A spot
 * is allowed when it meets no node, no other text and stays on the canvas; among allowed spots
 * the first one crossed by the fewest other edges wins, so a label does not sit on a crossing
 * where it could be read as another edge's. A label with no allowed spot is left out and
 * counted, so the layout can grow and try again.
 */
import { alongPolyline, type Box, overlaps, type Point, segmentCrossesBox } from './geometry.js';
import { text, type SceneText } from './scene.js';

const SPOTS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8, 0.46, 0.54, 0.38, 0.62, 0.3, 0.7, 0.24, 0.76];
/** Space kept around nodes and texts, and (wider) around other edge labels. */
const GAP = 2;
const LABEL_GAP = 12;
const CLEAR = 6;

export interface LabelRequest {
  readonly text: string;
  readonly size: number;
  /** The edge's own line. */
  readonly path: readonly Point[];
}

const grow = (b: Box, d: number): Box => ({ x: b.x - d, y: b.y - d, w: b.w + 2 * d, h: b.h + 2 * d });

function crossings(b: Box, own: readonly Point[], lines: readonly (readonly Point[])[]): number {
  const area = grow(b, CLEAR);
  let n = 0;
  for (const l of lines) {
    if (l === own) continue;
    for (let i = 0; i + 1 < l.length; i++) {
      if (segmentCrossesBox(l[i]!, l[i + 1]!, area)) { n++; break; }
    }
  }
  return n;
}

export function placeLabels(requests: readonly LabelRequest[], obstacles: readonly Box[], taken: readonly Box[], canvas: Box,
  lines: readonly (readonly Point[])[] = requests.map((r) => r.path)): { placed: SceneText[]; omitted: number } {
  const busy: Box[] = [...obstacles, ...taken];
  const placed: SceneText[] = [];
  const near = (b: Box) => busy.some((o) => overlaps(o, b, GAP)) || placed.some((o) => overlaps(o.box, b, LABEL_GAP));
  let omitted = 0;
  for (const r of requests) {
    let best: { t: SceneText; score: number } | undefined;
    for (const spot of SPOTS) {
      const p = alongPolyline(r.path, spot);
      const candidate = text(r.text, p.x, p.y + r.size * 0.35, r.size, 'middle', 'edge');
      const b = candidate.box;
      const onCanvas = b.x >= canvas.x && b.y >= canvas.y && b.x + b.w <= canvas.x + canvas.w && b.y + b.h <= canvas.y + canvas.h;
      if (!onCanvas || near(b)) continue;
      const score = crossings(b, r.path, lines);
      if (!best || score < best.score) best = { t: candidate, score };
      if (score === 0) break;
    }
    if (best) {
      placed.push(best.t);
    } else omitted++;
  }
  return { placed, omitted };
}

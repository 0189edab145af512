/**
 * Edge labels without overlaps: each label tries spots along its edge, middle first, and takes
 * the first one that meets no node, no other text and stays on the canvas. A label that finds no
 * spot is left out and counted, so the layout can grow and try again.
 */
import { alongPolyline, type Box, overlaps, type Point } from './geometry.js';
import { text, type SceneText } from './scene.js';
import { textWidth } from './text.js';

const SPOTS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8, 0.46, 0.54, 0.38, 0.62, 0.3, 0.7, 0.24, 0.76];
const GAP = 2;

export interface LabelRequest {
  readonly text: string;
  readonly size: number;
  readonly path: readonly Point[];
}

export function placeLabels(requests: readonly LabelRequest[], obstacles: readonly Box[], taken: readonly Box[], canvas: Box): { placed: SceneText[]; omitted: number } {
  const busy: Box[] = [...obstacles, ...taken];
  const placed: SceneText[] = [];
  let omitted = 0;
  for (const r of requests) {
    const w = textWidth(r.text, r.size);
    let found: SceneText | undefined;
    for (const t of SPOTS) {
      const p = alongPolyline(r.path, t);
      const candidate = text(r.text, p.x, p.y + r.size * 0.35, r.size, 'middle', 'edge');
      const b = candidate.box;
      const onCanvas = b.x >= canvas.x && b.y >= canvas.y && b.x + b.w <= canvas.x + canvas.w && b.y + b.h <= canvas.y + canvas.h;
      if (onCanvas && w > 0 && !busy.some((o) => overlaps(o, b, GAP))) {
        found = candidate;
        break;
      }
    }
    if (found) {
      placed.push(found);
      busy.push(found.box);
    } else omitted++;
  }
  return { placed, omitted };
}

/** A legend under a picture: samples of lines and boxes with their meaning, flowed into rows. */
import type { Box } from './geometry.js';
import { type EdgeTone, type NodeTone, type SceneEdge, type SceneNode, type SceneText, text } from './scene.js';
import { textWidth } from './text.js';

export type LegendItem =
  | { readonly kind: 'line'; readonly tone: EdgeTone; readonly dashed?: boolean; readonly label: string }
  | { readonly kind: 'box'; readonly tone: NodeTone; readonly label: string }
  | { readonly kind: 'text'; readonly label: string };

const SIZE = 11;
const SWATCH = 30;
const ROW = 20;
const ITEM_GAP = 26;

export interface DrawnLegend {
  readonly nodes: SceneNode[];
  readonly edges: SceneEdge[];
  readonly texts: SceneText[];
  readonly bottom: number;
}

export function legend(items: readonly LegendItem[], x0: number, y0: number, width: number): DrawnLegend {
  const out: DrawnLegend = { nodes: [], edges: [], texts: [], bottom: y0 };
  let x = x0;
  let y = y0;
  items.forEach((it, i) => {
    const sw = it.kind === 'text' ? 0 : SWATCH + 6;
    const w = sw + textWidth(it.label, SIZE);
    if (x > x0 && x + w > x0 + width) { x = x0; y += ROW; }
    const mid = y + ROW / 2;
    if (it.kind === 'line') {
      out.edges.push({ id: `legend-${i}`, from: '', to: '', tone: it.tone, ...(it.dashed && { dashed: true }), points: [{ x, y: mid }, { x: x + SWATCH, y: mid }] });
    } else if (it.kind === 'box') {
      const box: Box = { x: x + 4, y: mid - 7, w: SWATCH - 8, h: 14 };
      out.nodes.push({ id: `legend-${i}`, box, tone: it.tone });
    }
    out.texts.push(text(it.label, x + sw, mid + SIZE * 0.35, SIZE, 'start', 'muted'));
    x += w + ITEM_GAP;
  });
  return { ...out, bottom: y + ROW };
}

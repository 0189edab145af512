/** What "readable" means, as checks over a laid-out Scene; used by the layout tests. */
import { type Box, inside, overlaps, segmentCrossesBox } from '../../graph/geometry.js';
import { edgePolyline, type Scene } from '../../graph/scene.js';

/** Pairs of texts whose boxes intersect (should be none). */
export function overlappingTexts(s: Scene): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.texts.length; i++) {
    for (let j = i + 1; j < s.texts.length; j++) {
      if (overlaps(s.texts[i]!.box, s.texts[j]!.box)) out.push(`${s.texts[i]!.text} × ${s.texts[j]!.text}`);
    }
  }
  return out;
}

export function overlappingNodes(s: Scene): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.nodes.length; i++) {
    for (let j = i + 1; j < s.nodes.length; j++) {
      if (overlaps(s.nodes[i]!.box, s.nodes[j]!.box)) out.push(`${s.nodes[i]!.id} × ${s.nodes[j]!.id}`);
    }
  }
  return out;
}

/** Texts that poke out of the canvas. */
export function offCanvas(s: Scene): string[] {
  const canvas: Box = { x: 0, y: 0, w: s.width, h: s.height };
  return [...s.texts.filter((t) => !inside(t.box, canvas)).map((t) => t.text),
    ...s.nodes.filter((n) => !inside(n.box, canvas)).map((n) => n.id)];
}

/** Texts that sit on a node they do not belong to (inside no node, or inside exactly one). */
export function textsAcrossNodes(s: Scene): string[] {
  return s.texts.filter((t) => s.nodes.some((n) => overlaps(n.box, t.box) && !inside(t.box, n.box))).map((t) => t.text);
}

/** Edges whose line passes through a node other than the two it joins. */
export function edgesThroughNodes(s: Scene): string[] {
  const out: string[] = [];
  for (const e of s.edges) {
    const line = edgePolyline(e);
    for (const n of s.nodes) {
      if (n.id === e.from || n.id === e.to) continue;
      for (let i = 0; i + 1 < line.length; i++) {
        if (segmentCrossesBox(line[i]!, line[i + 1]!, n.box)) { out.push(`${e.id} through ${n.id}`); break; }
      }
    }
  }
  return out;
}

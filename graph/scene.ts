/**
 * A laid-out picture: boxes, lines and texts with absolute coordinates, every text with the box
 * it covers (so tests can check that no two overlap). Produced by the layouts, drawn by svg.ts.
 */
import { type Box, type Point, quadratic } from './geometry.js';
import { type Anchor, lineHeight, textBox, textWidth } from './text.js';

export type NodeTone = 'hub' | 'router' | 'gateway' | 'lan' | 'host' | 'internet' | 'swatch';
export type EdgeTone = 'public' | 'site' | 'none' | 'full' | 'fresh' | 'down' | 'unknown' | 'wire';
export type TextTone = 'normal' | 'muted' | 'service' | 'title' | 'edge';

export interface SceneNode {
  readonly id: string;
  readonly box: Box;
  readonly tone: NodeTone;
}

/** A frame drawn behind nodes (a site). */
export interface SceneGroup {
  readonly id: string;
  readonly box: Box;
  readonly nat: boolean;
}

export interface SceneEdge {
  readonly id: string;
  /** Node ids the edge joins ('' for a bus or a legend sample). */
  readonly from: string;
  readonly to: string;
  /** A polyline, or with `curve` a quadratic Bézier [start, control, end]. */
  readonly points: readonly Point[];
  readonly curve?: boolean;
  readonly tone: EdgeTone;
  readonly dashed?: boolean;
  /** Drawn lighter: one of many similar lines (the fans of a big network). */
  readonly thin?: boolean;
}

export interface SceneText {
  readonly text: string;
  /** Anchor point; y is the baseline. */
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly anchor: Anchor;
  readonly bold?: boolean;
  readonly tone: TextTone;
  readonly box: Box;
}

export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly groups: readonly SceneGroup[];
  readonly nodes: readonly SceneNode[];
  readonly edges: readonly SceneEdge[];
  readonly texts: readonly SceneText[];
  /** Edge labels that found no free spot (the layout grows until this is zero, within limits). */
  readonly omittedLabels: number;
}

export function text(s: string, x: number, y: number, size: number, anchor: Anchor, tone: TextTone = 'normal', bold = false): SceneText {
  return { text: s, x, y, size, anchor, tone, ...(bold && { bold }), box: textBox(s, x, y, size, anchor, bold) };
}

/** The line of an edge as a polyline (curves sampled), for hit tests and label placement. */
export function edgePolyline(e: SceneEdge): Point[] {
  return e.curve ? quadratic(e.points[0]!, e.points[1]!, e.points[2]!) : [...e.points];
}

/** One line of text inside a node box. */
export interface Line {
  readonly text: string;
  readonly size: number;
  readonly bold?: boolean;
  readonly tone?: TextTone;
}

export const PAD_X = 12;
export const PAD_Y = 7;

/** Width and height of a box holding these lines. */
export function measureLines(lines: readonly Line[], minWidth = 0): { w: number; h: number } {
  const w = Math.max(minWidth, ...lines.map((l) => textWidth(l.text, l.size, l.bold) + 2 * PAD_X));
  const h = lines.reduce((s, l) => s + lineHeight(l.size), 0) + 2 * PAD_Y;
  return { w: Math.ceil(w), h: Math.ceil(h) };
}

/** The texts of `lines` laid out inside `box`, centred or left-aligned. */
export function linesIn(box: Box, lines: readonly Line[], align: 'middle' | 'start' = 'middle'): SceneText[] {
  let y = box.y + PAD_Y;
  const x = align === 'middle' ? box.x + box.w / 2 : box.x + PAD_X;
  return lines.map((l) => {
    const lh = lineHeight(l.size);
    // Baseline: ascent (0.93 em) below the top of the line, the rest of the line height split evenly.
    const baseline = y + (lh - l.size * 1.17) / 2 + l.size * 0.93;
    y += lh;
    return text(l.text, x, baseline, l.size, align, l.tone ?? 'normal', l.bold ?? false);
  });
}

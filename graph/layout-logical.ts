/**
 * Layout of the overlay picture. Hubs (routers with a public endpoint) form the middle row;
 * the other routers sit below them, grouped by site — and, when that row grows too wide, split
 * by whole sites into a row above the hubs and a row below. So every hub–spoke line runs through
 * the empty band between two rows and never crosses a box. Neighbours in a row are joined by a
 * straight line through their gap, farther ones by an arc outside the row, and the rare link
 * between the two spoke rows bends through a gap of the hub row. Edge labels (OSPF cost) are
 * placed by placeLabels; if one finds no free spot, the bands grow and the layout starts again.
 */
import type { Box, Point } from './geometry.js';
import { type LabelRequest, placeLabels } from './labels.js';
import { legend, type LegendItem } from './legend.js';
import type { LogicalEdge, LogicalGraph, LogicalNode } from './model.js';
import { type EdgeTone, type Line, linesIn, measureLines, type Scene, type SceneEdge, type SceneNode, text, edgePolyline } from './scene.js';

const MARGIN = 24;
const NAME = 15;
const SMALL = 11;
const GAP_IN_SITE = 60;
const GAP_BETWEEN_SITES = 90;
const HUB_GAP = 70;
const MAX_ROW = 1500;
const FIRST_BAND = 150;

type Row = 'top' | 'hub' | 'bottom';

interface Item {
  readonly node: LogicalNode;
  readonly lines: readonly Line[];
  readonly w: number;
  readonly h: number;
  readonly group: string;
}

interface Placed extends Item {
  readonly row: Row;
  readonly index: number;
  readonly box: Box;
}

export function nodeLines(n: LogicalNode): Line[] {
  const lines: Line[] = [{ text: n.name, size: NAME, bold: true }];
  lines.push({ text: n.hub ? `hub · ${n.endpoint}` : 'behind NAT', size: SMALL });
  const place = n.place ?? (n.site !== undefined ? `site ${n.site}` : undefined);
  if (place) lines.push({ text: place, size: SMALL, tone: 'muted' });
  for (const s of n.services) lines.push({ text: `⇢ ${s.name} ${s.ports} → ${s.backends.join(', ')}`, size: SMALL, tone: 'service' });
  return lines;
}

function item(node: LogicalNode): Item {
  const lines = nodeLines(node);
  const { w, h } = measureLines(lines, 96);
  return { node, lines, w, h, group: node.site ?? `#${node.name}` };
}

const gapAfter = (row: readonly Item[], i: number): number => (row[i]!.group === row[i + 1]!.group ? GAP_IN_SITE : GAP_BETWEEN_SITES);
const rowWidth = (row: readonly Item[]): number => row.reduce((s, it, i) => s + it.w + (i < row.length - 1 ? gapAfter(row, i) : 0), 0);

/** Spokes in one row, or split by whole sites into two rows of about the same width. */
function spokeRows(spokes: readonly Item[]): { top: Item[]; bottom: Item[] } {
  if (rowWidth(spokes) <= MAX_ROW) return { top: [], bottom: [...spokes] };
  const total = rowWidth(spokes);
  let cut = 0;
  for (let i = 0; i < spokes.length; i++) {
    if (i > 0 && spokes[i]!.group !== spokes[i - 1]!.group && rowWidth(spokes.slice(0, i)) >= total / 2) break;
    cut = i + 1;
  }
  return { top: spokes.slice(0, cut), bottom: spokes.slice(cut) };
}

/** x of each item: packed and centred in [x0, x0 + width]. */
function packed(row: readonly Item[], x0: number, width: number): number[] {
  let x = x0 + (width - rowWidth(row)) / 2;
  return row.map((it, i) => {
    const at = x;
    x += it.w + (i < row.length - 1 ? gapAfter(row, i) : 0);
    return at;
  });
}

/** Hubs spread over the width when they fit in equal slots, so the fans do not bunch up. */
function hubXs(hubs: readonly Item[], x0: number, width: number): number[] {
  const slot = width / Math.max(1, hubs.length);
  if (hubs.every((h) => h.w + HUB_GAP <= slot)) return hubs.map((h, i) => x0 + slot * (i + 0.5) - h.w / 2);
  let x = x0 + (width - (hubs.reduce((s, h) => s + h.w, 0) + HUB_GAP * (hubs.length - 1))) / 2;
  return hubs.map((h) => { const at = x; x += h.w + HUB_GAP; return at; });
}

const arcDepth = (span: number): number => 26 + 16 * (span - 1);

function toneOf(e: LogicalEdge): EdgeTone {
  return e.state ?? e.via;
}

interface Attempt { scene: Scene; omitted: number }

function attempt(g: LogicalGraph, band: number): Attempt {
  const items = g.nodes.map(item);
  const hubs = items.filter((i) => i.node.hub);
  const { top, bottom } = spokeRows(items.filter((i) => !i.node.hub));
  const rows: Record<Row, Item[]> = { top, hub: hubs, bottom };
  const rowOf = new Map<string, { row: Row; index: number }>();
  for (const r of ['top', 'hub', 'bottom'] as const) rows[r].forEach((it, index) => rowOf.set(it.node.name, { row: r, index }));

  // Arcs: same-row links between non-neighbours; their depth decides the space outside the rows.
  const span = (e: LogicalEdge) => Math.abs(rowOf.get(e.a)!.index - rowOf.get(e.b)!.index);
  const sameRow = (e: LogicalEdge) => rowOf.get(e.a)!.row === rowOf.get(e.b)!.row;
  const isArc = (e: LogicalEdge) => sameRow(e) && span(e) > 1;
  const maxDepth = (row: Row) => Math.max(0, ...g.edges.filter((e) => isArc(e) && rowOf.get(e.a)!.row === row).map((e) => arcDepth(span(e))));
  const hubArcCap = top.length ? band * 0.4 : Infinity;
  const depthFor = (e: LogicalEdge) => {
    const row = rowOf.get(e.a)!.row;
    return row === 'hub' ? Math.min(arcDepth(span(e)), hubArcCap) : arcDepth(span(e));
  };

  const width = Math.max(rowWidth(top), rowWidth(bottom), rowWidth(hubs) + HUB_GAP * hubs.length, 360);
  const x0 = MARGIN;
  const header = [text(`${g.network}: logical view (overlay)`, MARGIN, MARGIN + 18, 18, 'start', 'title', true),
    text(`${g.nodes.length} routers, ${g.edges.length} peerings (WireGuard + VXLAN, OSPF)`, MARGIN, MARGIN + 38, 12, 'start', 'muted')];
  let y = MARGIN + 54;
  const upper = top.length ? 'top' : 'hub';
  y += maxDepth(upper) > 0 ? Math.min(maxDepth(upper), upper === 'hub' ? hubArcCap : Infinity) + 20 : 0;

  const placed: Placed[] = [];
  const put = (row: Row, list: readonly Item[], xs: readonly number[], rowY: number, rowH: number, alignBottom: boolean) => {
    list.forEach((it, index) => placed.push({ ...it, row, index, box: { x: xs[index]!, y: alignBottom ? rowY + rowH - it.h : rowY, w: it.w, h: it.h } }));
  };
  const heightOf = (list: readonly Item[]) => Math.max(0, ...list.map((i) => i.h));
  if (top.length) {
    put('top', top, packed(top, x0, width), y, heightOf(top), true);
    y += heightOf(top) + band;
  }
  const hubY = y;
  if (hubs.length) {
    put('hub', hubs, hubXs(hubs, x0, width), y, heightOf(hubs), false);
    y += heightOf(hubs);
  }
  if (bottom.length) {
    if (hubs.length) y += band;
    put('bottom', bottom, packed(bottom, x0, width), y, heightOf(bottom), false);
    y += heightOf(bottom);
    y += maxDepth('bottom') > 0 ? maxDepth('bottom') + 20 : 0;
  }
  const hubBottom = hubY + heightOf(hubs);

  const at = new Map(placed.map((p) => [p.node.name, p]));
  const gaps = hubGaps(placed.filter((p) => p.row === 'hub'), x0, width);
  const dense = g.edges.length > LABEL_EVERY_LINK_UP_TO;
  const edges: SceneEdge[] = g.edges.map((e) => {
    const a = at.get(e.a)!;
    const b = at.get(e.b)!;
    const base = { id: `${e.a}-${e.b}`, from: e.a, to: e.b, tone: toneOf(e), ...(e.kind === 'explicit' && { dashed: true }) };
    if (a.row === b.row && span(e) === 1) return { ...base, points: neighbours(a, b) };
    if (a.row === b.row) return { ...base, curve: true, points: arc(a, b, depthFor(e), a.row === 'bottom' ? 1 : -1) };
    if (a.row === 'hub' || b.row === 'hub') {
      const [hub, spoke] = a.row === 'hub' ? [a, b] : [b, a];
      return { ...base, points: fan(hub, spoke, width), ...(dense && { thin: true }) };
    }
    const [up, down] = a.row === 'top' ? [a, b] : [b, a];
    const p = { x: up.box.x + up.box.w / 2, y: up.box.y + up.box.h };
    const q = { x: down.box.x + down.box.w / 2, y: down.box.y };
    if (!hubs.length) return { ...base, points: [p, q] };
    const gx = nearest(gaps, (p.x + q.x) / 2);
    return { ...base, points: [p, { x: gx, y: hubY - band * 0.3 }, { x: gx, y: hubBottom + band * 0.3 }, q] };
  });

  const nodes: SceneNode[] = placed.map((p) => ({ id: p.node.name, box: p.box, tone: p.node.hub ? 'hub' : 'router' }));
  const nodeTexts = placed.flatMap((p) => linesIn(p.box, p.lines));
  const items2: LegendItem[] = legendItems(g.edges.some((e) => e.state !== undefined), commonCost(g.edges), g.edges.some((e) => e.rttMs !== undefined));
  const drawn = legend(items2, MARGIN, y + 28, width);
  const canvas: Box = { x: 0, y: 0, w: width + 2 * MARGIN, h: drawn.bottom + MARGIN };
  const common = commonCost(g.edges);
  const paths = edges.map(edgePolyline);
  const requests: LabelRequest[] = g.edges.map((e, i) => ({ text: e.rttMs !== undefined ? formatRtt(e.rttMs) : String(e.cost), size: SMALL, path: paths[i]!, cost: e.cost, rtt: e.rttMs !== undefined }))
    .filter((r) => r.rtt || common === undefined || r.cost !== common)
    .map((r, i) => ({ r, len: pathLength(r.path), i })).sort((p, q) => p.len - q.len || p.i - q.i).map((x) => x.r);
  const labels = placeLabels(requests, nodes.map((n) => n.box), [...header, ...nodeTexts, ...drawn.texts].map((t) => t.box), canvas, paths);
  return {
    omitted: labels.omitted,
    scene: {
      width: Math.ceil(canvas.w), height: Math.ceil(canvas.h), title: `${g.network}: logical view`,
      // Fans first, so the fewer links inside sites and explicit ones are drawn over them.
      groups: [], nodes: [...nodes, ...drawn.nodes], edges: [...edges.filter((e) => e.thin), ...edges.filter((e) => !e.thin), ...drawn.edges],
      texts: [...header, ...nodeTexts, ...labels.placed, ...drawn.texts], omittedLabels: labels.omitted,
    },
  };
}

function pathLength(ps: readonly Point[]): number {
  return ps.slice(1).reduce((s, q, i) => s + Math.hypot(q.x - ps[i]!.x, q.y - ps[i]!.y), 0);
}

/** Straight line between the facing sides of two neighbours in a row. */
function neighbours(a: Placed, b: Placed): Point[] {
  const [l, r] = a.box.x < b.box.x ? [a, b] : [b, a];
  const top = Math.max(l.box.y, r.box.y);
  const bottom = Math.min(l.box.y + l.box.h, r.box.y + r.box.h);
  const y = (top + bottom) / 2;
  return [{ x: l.box.x + l.box.w, y }, { x: r.box.x, y }];
}

/** Arc outside the row: below it (dir 1) or above it (dir -1). */
function arc(a: Placed, b: Placed, depth: number, dir: 1 | -1): Point[] {
  const side = (p: Placed) => (dir === 1 ? p.box.y + p.box.h : p.box.y);
  const p = { x: a.box.x + a.box.w / 2, y: side(a) };
  const q = { x: b.box.x + b.box.w / 2, y: side(b) };
  const edge = dir === 1 ? Math.max(p.y, q.y) : Math.min(p.y, q.y);
  return [p, { x: (p.x + q.x) / 2, y: edge + dir * 2 * depth }, q];
}

/** Hub to spoke: from the hub's side facing the spoke's row, ports spread by direction. */
function fan(hub: Placed, spoke: Placed, width: number): Point[] {
  const below = spoke.box.y > hub.box.y;
  const hc = hub.box.x + hub.box.w / 2;
  const sc = spoke.box.x + spoke.box.w / 2;
  const lean = Math.max(-1, Math.min(1, (sc - hc) / (width / 2)));
  const p = { x: hc + lean * (hub.box.w / 2 - 14), y: below ? hub.box.y + hub.box.h : hub.box.y };
  const q = { x: sc - lean * (spoke.box.w / 2 - 14), y: below ? spoke.box.y : spoke.box.y + spoke.box.h };
  return [p, q];
}

/** x positions where a line may pass through the hub row without touching a hub. */
function hubGaps(hubs: readonly Placed[], x0: number, width: number): number[] {
  if (!hubs.length) return [x0 + width / 2];
  const sorted = [...hubs].sort((a, b) => a.box.x - b.box.x);
  const out = [sorted[0]!.box.x - 24, sorted.at(-1)!.box.x + sorted.at(-1)!.box.w + 24];
  for (let i = 0; i + 1 < sorted.length; i++) out.push((sorted[i]!.box.x + sorted[i]!.box.w + sorted[i + 1]!.box.x) / 2);
  return out;
}

const nearest = (xs: readonly number[], x: number): number => xs.reduce((best, c) => (Math.abs(c - x) < Math.abs(best - x) ? c : best));

/** Up to this many links, every link shows its cost; above, only links whose cost is not the usual one. */
export const LABEL_EVERY_LINK_UP_TO = 40;

/** The cost most links have, when labels of links with that cost are left out (big networks). */
function commonCost(edges: readonly LogicalEdge[]): number | undefined {
  if (edges.length <= LABEL_EVERY_LINK_UP_TO) return undefined;
  const count = new Map<number, number>();
  for (const e of edges) count.set(e.cost, (count.get(e.cost) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}

/** A round-trip time as a link label: `0.4ms`, `12ms` (no space: the line would show through it, labels have a halo per glyph). */
export const formatRtt = (ms: number): string => `${ms < 10 ? Math.round(ms * 10) / 10 : Math.round(ms)}ms`;

function legendItems(status: boolean, common: number | undefined, rtt = false): LegendItem[] {
  const links: LegendItem[] = status
    ? [{ kind: 'line', tone: 'full', label: 'up, OSPF Full' }, { kind: 'line', tone: 'fresh', label: 'handshake fresh, OSPF not Full' },
      { kind: 'line', tone: 'down', label: 'down' }, { kind: 'line', tone: 'unknown', label: 'no status' }]
    : [{ kind: 'line', tone: 'public', label: 'peering over the internet' }, { kind: 'line', tone: 'site', label: 'peering inside a site' }];
  return [...links,
    { kind: 'line', tone: status ? 'unknown' : 'public', dashed: true, label: 'explicit (peers:), else derived' },
    { kind: 'box', tone: 'hub', label: 'hub: public endpoint' },
    { kind: 'text', label: rtt ? 'ms: round-trip time of the link; other numbers: OSPF cost' : common === undefined ? 'numbers: OSPF cost' : `OSPF cost ${common} unless a number says otherwise` },
    { kind: 'text', label: '⇢ service ports → backends, exposed on this router' }];
}

/** Lays out the logical picture; grows the bands between rows until every label has a spot. */
export function layoutLogical(g: LogicalGraph): Scene {
  let band = FIRST_BAND;
  let best = attempt(g, band);
  for (let i = 0; i < 8 && best.omitted > 0; i++) {
    band *= 1.3;
    best = attempt(g, band);
  }
  return best.scene;
}


/**
 * Layout of the physical picture, top to bottom: the internet, then one frame per site holding
 * its upstream (home) router, the dlan routers cascaded behind it, each router's LAN and the
 * static hosts on it. Sites flow left to right and wrap into rows; each row hangs from its own
 * internet bus, and the buses meet on a trunk left of the frames, so no line crosses a box.
 * Every box is sized from its text, so nothing overlaps by construction.
 */
import { type Box, type Point, union } from './geometry.js';
import { legend } from './legend.js';
import type { PhysicalGraph, PhysicalRouter, PhysicalSite } from './model.js';
import { type Line, linesIn, measureLines, type Scene, type SceneEdge, type SceneGroup, type SceneNode, type SceneText, text } from './scene.js';

const MARGIN = 24;
const NAME = 14;
const SMALL = 11;
const PAD = 16;
const COL_GAP = 30;
const SITE_GAP = 36;
const ROW_GAP = 64;
const BUS_DROP = 28;
const HOST_INDENT = 26;
const MAX_ROW = 1700;

/** Pieces of a site frame, relative to the frame's top-left corner. */
interface SitePiece {
  readonly w: number;
  readonly h: number;
  readonly nodes: SceneNode[];
  readonly texts: SceneText[];
  readonly edges: SceneEdge[];
  /** Where the internet reaches in: the home router, or each router of an open site. */
  readonly entries: { id: string; at: Point }[];
  readonly site: PhysicalSite;
}

const shiftPoint = (p: Point, dx: number, dy: number): Point => ({ x: p.x + dx, y: p.y + dy });
const shiftBox = (b: Box, dx: number, dy: number): Box => ({ ...b, x: b.x + dx, y: b.y + dy });
const shiftText = (t: SceneText, dx: number, dy: number): SceneText => ({ ...t, x: t.x + dx, y: t.y + dy, box: shiftBox(t.box, dx, dy) });
const topMid = (b: Box): Point => ({ x: b.x + b.w / 2, y: b.y });
const bottomMid = (b: Box): Point => ({ x: b.x + b.w / 2, y: b.y + b.h });

export function routerLines(r: PhysicalRouter, nat: boolean): Line[] {
  const lines: Line[] = [{ text: r.name, size: NAME, bold: true }, { text: `dlan router · WAN ${r.wan}`, size: SMALL, tone: 'muted' }];
  if (r.endpoint) lines.push({ text: `public ${r.endpoint}`, size: SMALL, tone: 'service' });
  if (r.siteEndpoint) lines.push({ text: `on site LAN ${r.siteEndpoint}`, size: SMALL });
  if (!r.endpoint && nat) lines.push({ text: 'behind NAT', size: SMALL });
  return lines;
}

interface Block { nodes: SceneNode[]; texts: SceneText[]; edges: SceneEdge[]; router: Box }

/** One router with its LAN and hosts, drawn with the router's top-left at (0, 0). */
function column(r: PhysicalRouter, nat: boolean): Block {
  const rl = routerLines(r, nat);
  const rs = measureLines(rl, 110);
  const router: Box = { x: 0, y: 0, w: rs.w, h: rs.h };
  const nodes: SceneNode[] = [{ id: r.name, box: router, tone: r.endpoint ? 'hub' : 'router' }];
  const texts = linesIn(router, rl);
  const edges: SceneEdge[] = [];
  if (r.lan) {
    const ll: Line[] = [{ text: `LAN ${r.lan.interface}`, size: SMALL, bold: true }];
    for (const p of [r.lan.ipv4, r.lan.ipv6]) if (p) ll.push({ text: p, size: SMALL });
    const ls = measureLines(ll, 100);
    const lan: Box = { x: router.w / 2 - ls.w / 2, y: router.h + 24, w: ls.w, h: ls.h };
    nodes.push({ id: `${r.name}/lan`, box: lan, tone: 'lan' });
    texts.push(...linesIn(lan, ll));
    edges.push({ id: `${r.name}-lan`, from: r.name, to: `${r.name}/lan`, tone: 'wire', points: [bottomMid(router), topMid(lan)] });
    let y = lan.y + lan.h + 12;
    const spineX = lan.x + 12;
    for (const h of r.lan.hosts) {
      const hl: Line[] = [{ text: h.name, size: SMALL + 1, bold: true }];
      for (const a of [h.ipv4, h.ipv6]) if (a) hl.push({ text: a, size: SMALL - 0.5 });
      const hs = measureLines(hl, 80);
      const box: Box = { x: lan.x + HOST_INDENT, y, w: hs.w, h: hs.h };
      const id = `${r.name}/${h.name}`;
      nodes.push({ id, box, tone: 'host' });
      texts.push(...linesIn(box, hl));
      const mid = box.y + box.h / 2;
      edges.push({ id: `${r.name}-lan-${h.name}`, from: `${r.name}/lan`, to: id, tone: 'wire', points: [{ x: spineX, y: lan.y + lan.h }, { x: spineX, y: mid }, { x: box.x, y: mid }] });
      y += hs.h + 10;
    }
  }
  return { nodes, texts, edges, router };
}

function siteCaption(s: PhysicalSite): Line[] {
  const title = s.description ?? (s.name !== undefined ? s.name : 'Routers without a site');
  const detail = [s.name !== undefined ? `site ${s.name}` : '', s.nat ? 'behind NAT' : 'public addresses'].filter(Boolean).join(' · ');
  return [{ text: title, size: 12, bold: true }, { text: detail, size: SMALL, tone: 'muted' }];
}

function sitePiece(s: PhysicalSite): SitePiece {
  const cols = s.routers.map((r) => column(r, s.nat));
  const bounds = cols.map((c) => union(c.nodes.map((n) => n.box)));
  const colsW = bounds.reduce((sum, b) => sum + b.w, 0) + COL_GAP * (cols.length - 1);
  const hasGateway = s.gateway !== undefined || s.nat;
  const gl: Line[] = [{ text: s.gateway ?? 'home router', size: NAME, bold: true }, { text: s.nat ? 'home router · NAT' : 'upstream router', size: SMALL, tone: 'muted' }];
  const gs = measureLines(gl, 110);
  const caption = siteCaption(s);
  const cs = measureLines(caption);
  const inner = Math.max(colsW, hasGateway ? gs.w : 0, cs.w - 2 * 12 + 8);
  const w = inner + 2 * PAD;
  const nodes: SceneNode[] = [];
  const texts: SceneText[] = [];
  const edges: SceneEdge[] = [];
  let y = PAD;
  let gateway: Box | undefined;
  if (hasGateway) {
    gateway = { x: w / 2 - gs.w / 2, y, w: gs.w, h: gs.h };
    const id = `${s.name ?? ''}/gateway`;
    nodes.push({ id, box: gateway, tone: 'gateway' });
    texts.push(...linesIn(gateway, gl));
    y += gs.h + 46;
  }
  let x = PAD + (inner - colsW) / 2;
  let colsBottom = y;
  const entries: { id: string; at: Point }[] = [];
  cols.forEach((c, i) => {
    const b = bounds[i]!;
    const dx = x - b.x;
    nodes.push(...c.nodes.map((n) => ({ ...n, box: shiftBox(n.box, dx, y) })));
    texts.push(...c.texts.map((t) => shiftText(t, dx, y)));
    edges.push(...c.edges.map((e) => ({ ...e, points: e.points.map((p) => shiftPoint(p, dx, y)) })));
    const router = shiftBox(c.router, dx, y);
    const r = s.routers[i]!;
    if (gateway) {
      const lean = cols.length > 1 ? (i / (cols.length - 1) - 0.5) * (gateway.w - 30) : 0;
      edges.push({ id: `${s.name ?? ''}/gateway-${r.name}`, from: `${s.name ?? ''}/gateway`, to: r.name, tone: 'wire',
        points: [{ x: gateway.x + gateway.w / 2 + lean, y: gateway.y + gateway.h }, topMid(router)] });
    } else entries.push({ id: r.name, at: topMid(router) });
    colsBottom = Math.max(colsBottom, y + b.h);
    x += b.w + COL_GAP;
  });
  if (gateway) entries.push({ id: `${s.name ?? ''}/gateway`, at: topMid(gateway) });
  const capBox: Box = { x: 0, y: colsBottom + 10, w, h: cs.h };
  texts.push(...linesIn(capBox, caption, 'start'));
  return { w, h: capBox.y + capBox.h + 4, nodes, texts, edges, entries, site: s };
}

export function layoutPhysical(g: PhysicalGraph): Scene {
  const pieces = g.sites.map(sitePiece);
  const rows: SitePiece[][] = [];
  let width = 0;
  for (const p of pieces) {
    const row = rows.at(-1);
    const rowW = row ? row.reduce((s, q) => s + q.w, 0) + SITE_GAP * row.length : 0;
    if (!row || rowW + p.w > MAX_ROW) rows.push([p]);
    else row.push(p);
  }
  for (const row of rows) width = Math.max(width, row.reduce((s, q) => s + q.w, 0) + SITE_GAP * (row.length - 1));
  const trunk = rows.length > 1;
  const x0 = MARGIN + (trunk ? 24 : 0);
  const header = [text(`${g.network}: physical view`, MARGIN, MARGIN + 18, 18, 'start', 'title', true),
    text('internet → home routers (not managed by dlan) → dlan routers → LANs and static hosts', MARGIN, MARGIN + 38, 12, 'start', 'muted')];
  const firstRowW = rows[0] ? rows[0].reduce((s, q) => s + q.w, 0) + SITE_GAP * (rows[0].length - 1) : width;
  const cloud: Box = { x: x0 + firstRowW / 2 - 110, y: MARGIN + 52, w: 220, h: 76 };
  const nodes: SceneNode[] = [{ id: 'internet', box: cloud, tone: 'internet' }];
  const texts: SceneText[] = [...header, text('Internet', cloud.x + cloud.w / 2, cloud.y + cloud.h * 0.66, 16, 'middle', 'normal', true)];
  const edges: SceneEdge[] = [];
  const groups: SceneGroup[] = [];
  const trunkX = MARGIN + 6;
  let busY = cloud.y + cloud.h + BUS_DROP;
  edges.push({ id: 'internet-bus', from: 'internet', to: '', tone: 'public', points: [bottomMid(cloud), { x: cloud.x + cloud.w / 2, y: busY }] });
  const buses: number[] = [];
  let rowTop = busY + BUS_DROP;
  rows.forEach((row, k) => {
    if (k > 0) busY = rowTop - BUS_DROP;
    buses.push(busY);
    let x = x0;
    const xs: number[] = k === 0 ? [cloud.x + cloud.w / 2] : [trunkX];
    for (const p of row) {
      groups.push({ id: p.site.name ?? '', box: { x, y: rowTop, w: p.w, h: p.h }, nat: p.site.nat });
      nodes.push(...p.nodes.map((n) => ({ ...n, box: shiftBox(n.box, x, rowTop) })));
      texts.push(...p.texts.map((t) => shiftText(t, x, rowTop)));
      edges.push(...p.edges.map((e) => ({ ...e, points: e.points.map((q) => shiftPoint(q, x, rowTop)) })));
      for (const e of p.entries) {
        const at = shiftPoint(e.at, x, rowTop);
        xs.push(at.x);
        edges.push({ id: `internet-${e.id}`, from: '', to: e.id, tone: 'public', points: [{ x: at.x, y: busY }, at] });
      }
      x += p.w + SITE_GAP;
    }
    if (trunk) xs.push(trunkX);
    edges.push({ id: `bus-${k}`, from: '', to: '', tone: 'public', points: [{ x: Math.min(...xs), y: busY }, { x: Math.max(...xs), y: busY }] });
    rowTop += Math.max(...row.map((p) => p.h)) + ROW_GAP;
  });
  if (trunk) edges.push({ id: 'trunk', from: '', to: '', tone: 'public', points: [{ x: trunkX, y: buses[0]! }, { x: trunkX, y: buses.at(-1)! }] });
  const contentW = Math.max(width + (x0 - MARGIN), 560);
  const drawn = legend([
    { kind: 'line', tone: 'public', label: 'internet' },
    { kind: 'line', tone: 'wire', label: 'cable: upstream LAN, LAN' },
    { kind: 'box', tone: 'gateway', label: 'home router (not dlan)' },
    { kind: 'box', tone: 'hub', label: 'dlan router, public endpoint' },
    { kind: 'box', tone: 'router', label: 'dlan router behind NAT' },
    { kind: 'box', tone: 'lan', label: 'LAN prefixes' },
    { kind: 'box', tone: 'host', label: 'static host' },
  ], MARGIN, rowTop - ROW_GAP + 24, contentW);
  return {
    width: Math.ceil(contentW + 2 * MARGIN), height: Math.ceil(drawn.bottom + MARGIN), title: `${g.network}: physical view`,
    groups, nodes: [...nodes, ...drawn.nodes], edges: [...edges, ...drawn.edges], texts: [...texts, ...drawn.texts], omittedLabels: 0,
  };
}

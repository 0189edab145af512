/**
 * A Scene as an SVG document: plain shapes, one <style> block, no scripts, no external
 * references, numbers rounded to 0.1 px, so the output is byte-stable and renders the same in
 * browsers and in rsvg-convert. Pure.
 */
import { type Box, round } from './geometry.js';
import type { EdgeTone, NodeTone, Scene, SceneEdge, SceneNode, SceneText } from './scene.js';
import { FONT_FAMILY } from './text.js';

export const EDGE_COLOURS: Readonly<Record<EdgeTone, string>> = {
  public: '#3f6fb0', site: '#1f9484', none: '#8a8a8a',
  full: '#2e9e44', fresh: '#e09b00', down: '#d62828', unknown: '#a8a8a8', wire: '#6d6d6d',
};

const NODE_STYLE: Readonly<Record<NodeTone, string>> = {
  hub: 'fill:#fff3df;stroke:#d9822b;stroke-width:2.5',
  router: 'fill:#eaf2fc;stroke:#3f6fb0;stroke-width:1.5',
  gateway: 'fill:#f0f0f0;stroke:#6d6d6d;stroke-width:1.5',
  lan: 'fill:#eef8ea;stroke:#5a9a4a;stroke-width:1.2',
  host: 'fill:#ffffff;stroke:#8a8a8a;stroke-width:1.2',
  internet: 'fill:#e6f0fb;stroke:#6b8fbf;stroke-width:2',
  swatch: 'fill:#eaf2fc;stroke:#3f6fb0;stroke-width:1.5',
};

const STYLE = `
text { font-family: ${FONT_FAMILY}; fill: #1e1e1e; }
text.muted { fill: #606060; }
text.service { fill: #a04a00; }
text.title { fill: #111111; }
text.edge { fill: #303030; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; paint-order: stroke; }
.edge { fill: none; stroke-width: 2; stroke-linecap: round; }
.wire { stroke-width: 1.6; }
.dashed { stroke-dasharray: 7 5; }
.thin { stroke-width: 1.1; stroke-opacity: 0.45; }
.site { fill: #f8f8f5; stroke: #b4b4b4; stroke-width: 1.2; }
.site.open { fill: #f4f8fd; }
`.trim();

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number): string => String(round(v));
const pt = (p: { x: number; y: number }): string => `${n(p.x)} ${n(p.y)}`;

/** A cloud outline inside a box: five bumps on a flat base. */
export function cloudPath(b: Box): string {
  const at = (fx: number, fy: number) => `${n(b.x + b.w * fx)} ${n(b.y + b.h * fy)}`;
  const bump = (rx: number, ry: number, fx: number, fy: number) => `A ${n(b.w * rx)} ${n(b.h * ry)} 0 0 1 ${at(fx, fy)}`;
  return [`M ${at(0.16, 1)}`, bump(0.12, 0.3, 0.1, 0.5), bump(0.16, 0.34, 0.34, 0.16), bump(0.18, 0.3, 0.66, 0.12),
    bump(0.16, 0.34, 0.9, 0.5), bump(0.12, 0.3, 0.84, 1), 'Z'].join(' ');
}

function node(v: SceneNode): string {
  const b = v.box;
  if (v.tone === 'internet') return `<path d="${cloudPath(b)}" style="${NODE_STYLE.internet}"/>`;
  const r = v.tone === 'host' ? 3 : 7;
  return `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.w)}" height="${n(b.h)}" rx="${r}" style="${NODE_STYLE[v.tone]}"/>`;
}

function edge(e: SceneEdge): string {
  const [first, ...rest] = e.points;
  const d = e.curve ? `M ${pt(first!)} Q ${pt(rest[0]!)} ${pt(rest[1]!)}` : `M ${pt(first!)} ${rest.map((p) => `L ${pt(p)}`).join(' ')}`;
  const cls = ['edge', e.tone === 'wire' ? 'wire' : '', e.dashed ? 'dashed' : '', e.thin ? 'thin' : ''].filter(Boolean).join(' ');
  return `<path d="${d}" class="${cls}" stroke="${EDGE_COLOURS[e.tone]}"/>`;
}

function label(t: SceneText): string {
  const cls = t.tone === 'normal' ? '' : ` class="${t.tone}"`;
  const anchor = t.anchor === 'start' ? '' : ` text-anchor="${t.anchor}"`;
  const weight = t.bold ? ' font-weight="bold"' : '';
  return `<text x="${n(t.x)}" y="${n(t.y)}" font-size="${t.size}"${anchor}${weight}${cls}>${esc(t.text)}</text>`;
}

export function renderSvg(s: Scene): string {
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${s.width}" height="${s.height}" viewBox="0 0 ${s.width} ${s.height}">`,
    `<title>${esc(s.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    `<rect width="${s.width}" height="${s.height}" fill="#ffffff"/>`,
    ...s.groups.map((g) => `<rect x="${n(g.box.x)}" y="${n(g.box.y)}" width="${n(g.box.w)}" height="${n(g.box.h)}" rx="12" class="site${g.nat ? '' : ' open'}"/>`),
    ...s.edges.map(edge),
    ...s.nodes.map(node),
    ...s.texts.map(label),
    '</svg>',
  ];
  return `${out.join('\n')}\n`;
}

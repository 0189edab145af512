/**
 * The same two graphs as Graphviz DOT, for people who prefer their own renderer (`dot -Tsvg`)
 * or want to post-process the graph. Node labels are the lines the SVG boxes show; colours and
 * dashes follow the SVG. Pure and byte-stable.
 */
import { nodeLines } from './layout-logical.js';
import { routerLines } from './layout-physical.js';
import type { LogicalGraph, PhysicalGraph, PhysicalSite } from './model.js';
import { EDGE_COLOURS } from './svg.js';

const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const label = (lines: readonly string[]): string => `"${lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n')}"`;
const attrs = (a: Record<string, string | number>): string =>
  `[${Object.entries(a).map(([k, v]) => `${k}=${typeof v === 'number' || v.startsWith('"') ? v : q(v)}`).join(', ')}]`;

const HUB = { fillcolor: '#fff3df', color: '#d9822b', penwidth: 2 };
const ROUTER = { fillcolor: '#eaf2fc', color: '#3f6fb0' };
const FONT = 'DejaVu Sans';

function header(name: string, title: string): string[] {
  return [`graph ${q(name)} {`,
    `  graph ${attrs({ label: title, labelloc: 't', fontname: FONT, fontsize: 18 })};`,
    `  node ${attrs({ shape: 'box', style: 'rounded,filled', fontname: FONT, fontsize: 11 })};`,
    `  edge ${attrs({ fontname: FONT, fontsize: 10 })};`];
}

export function renderLogicalDot(g: LogicalGraph): string {
  const out = header(`${g.network}-logical`, `${g.network}: logical view (overlay)`);
  out.push(`  { rank=same; ${g.nodes.filter((n) => n.hub).map((n) => q(n.name)).join('; ')} }`);
  for (const n of g.nodes) out.push(`  ${q(n.name)} ${attrs({ label: label(nodeLines(n).map((l) => l.text)), ...(n.hub ? HUB : ROUTER) })};`);
  const hubs = new Set(g.nodes.filter((n) => n.hub).map((n) => n.name));
  for (const e of g.edges) {
    const tone = e.state ?? e.via;
    // Hub first, so dot ranks hubs above the others; links between two non-hubs (or two hubs) do not rank.
    const [x, y] = hubs.has(e.b) && !hubs.has(e.a) ? [e.b, e.a] : [e.a, e.b];
    const ranks = hubs.has(e.a) !== hubs.has(e.b);
    out.push(`  ${q(x)} -- ${q(y)} ${attrs({ label: String(e.cost), color: EDGE_COLOURS[tone], penwidth: 2, ...(e.kind === 'explicit' && { style: 'dashed' }), ...(!ranks && { constraint: 'false' }), ...(e.state && { tooltip: e.state }) })};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

const siteId = (s: PhysicalSite): string => s.name ?? '';

export function renderPhysicalDot(g: PhysicalGraph): string {
  const out = header(`${g.network}-physical`, `${g.network}: physical view`);
  out.push(`  "internet" ${attrs({ label: 'Internet', shape: 'ellipse', fillcolor: '#e6f0fb', color: '#6b8fbf', fontsize: 14 })};`);
  const edges: string[] = [];
  g.sites.forEach((s, i) => {
    const caption = [s.description ?? s.name ?? 'no site', s.name !== undefined ? `site ${s.name}` : '', s.nat ? 'behind NAT' : 'public addresses'].filter(Boolean).join(' · ');
    out.push(`  subgraph ${q(`cluster_${i}`)} {`, `    graph ${attrs({ label: caption, style: 'rounded', color: '#b4b4b4', fontsize: 12 })};`);
    const gateway = s.gateway !== undefined || s.nat ? `${siteId(s)}/gateway` : undefined;
    if (gateway) {
      out.push(`    ${q(gateway)} ${attrs({ label: label([s.gateway ?? 'home router', s.nat ? 'home router · NAT' : 'upstream router']), fillcolor: '#f0f0f0', color: '#6d6d6d' })};`);
      edges.push(`  "internet" -- ${q(gateway)} ${attrs({ color: EDGE_COLOURS.public })};`);
    }
    for (const r of s.routers) {
      out.push(`    ${q(r.name)} ${attrs({ label: label(routerLines(r, s.nat).map((l) => l.text)), ...(r.endpoint ? HUB : ROUTER) })};`);
      edges.push(`  ${q(gateway ?? 'internet')} -- ${q(r.name)} ${attrs({ color: gateway ? EDGE_COLOURS.wire : EDGE_COLOURS.public })};`);
      if (!r.lan) continue;
      const lan = `${r.name}/lan`;
      out.push(`    ${q(lan)} ${attrs({ label: label([`LAN ${r.lan.interface}`, ...[r.lan.ipv4, r.lan.ipv6].filter((x): x is string => !!x)]), fillcolor: '#eef8ea', color: '#5a9a4a' })};`);
      edges.push(`  ${q(r.name)} -- ${q(lan)} ${attrs({ color: EDGE_COLOURS.wire })};`);
      for (const h of r.lan.hosts) {
        const id = `${r.name}/${h.name}`;
        out.push(`    ${q(id)} ${attrs({ label: label([h.name, ...[h.ipv4, h.ipv6].filter((x): x is string => !!x)]), fillcolor: '#ffffff', color: '#8a8a8a', style: 'filled' })};`);
        edges.push(`  ${q(lan)} -- ${q(id)} ${attrs({ color: EDGE_COLOURS.wire })};`);
      }
    }
    out.push('  }');
  });
  out.push(...edges, '}');
  return `${out.join('\n')}\n`;
}

export function renderDot(g: LogicalGraph | PhysicalGraph): string {
  return g.view === 'logical' ? renderLogicalDot(g) : renderPhysicalDot(g);
}

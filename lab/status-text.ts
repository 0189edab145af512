/**
 * `dlan lab status` as text, from the value `labStatus` makes (the same value `--json` prints).
 * By default it fits a terminal of `width` columns (80): one line per node with the addresses it
 * is plugged in with and how many processes run in it, one line per router with what its agent
 * last reported; a cell too long for its column ends in `…`. `wide` shows everything: every
 * address with its interface, every process by name with its PID, whole descriptions. Pure.
 */
import type { LabStatus, NodeStatus, RouterReport } from './status.js';

export interface LabStatusTextOptions {
  /** Every detail, however long the lines get. Default false. */
  readonly wide?: boolean;
  /** Terminal width for the default view. Default 80. */
  readonly width?: number;
}

const cut = (text: string, width: number): string => (text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`);

/**
 * Columns padded to their widest cell; when the table is wider than `width`, the `flexible`
 * columns (the last first) give up room down to `min` characters and their cells are cut.
 */
export function fitTable(head: readonly string[], rows: readonly (readonly string[])[], width: number, flexible: readonly number[], min = 12): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const total = () => widths.reduce((t, w) => t + w, 0) + 2 * (widths.length - 1);
  for (const i of [...flexible].reverse()) {
    const over = total() - width;
    if (over <= 0) break;
    widths[i] = Math.max(min, Math.max(head[i]!.length, widths[i]! - over));
  }
  return [head, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? cut(c, widths[i]!) : cut(c, widths[i]!).padEnd(widths[i]!))).join('  ').trimEnd());
}

function narrowNode(n: NodeStatus): string[] {
  return [n.name, n.kind, n.present ? n.uplink.join(', ') || '-' : '(namespace missing)', String(n.processes.length)];
}

function wideNode(n: NodeStatus): string[] {
  return [
    n.name, n.kind, n.present ? n.netns : `${n.netns} (missing)`,
    n.addresses.join(', ') || '-',
    n.processes.map((p) => `${p.role === '-' ? '' : `${p.role}:`}${p.exe.split('/').pop()}[${p.pid}]`).join(' ') || '-',
  ];
}

function attempt(r: RouterReport, wide: boolean): string {
  const a = r.lastAttempt;
  if (!a) return '-';
  if (a.outcome === 'success') return `${a.commit.slice(0, 7)} success`;
  const why = wide ? a.description : a.description.split('\n')[0]!;
  // A refusal names its commit itself ("refused c0ffee0: Unsigned: …; running …").
  return why.startsWith(`refused ${a.commit.slice(0, 7)}`) ? why : `${a.commit.slice(0, 7)} ${a.outcome}: ${why}`;
}

export function renderLabStatus(st: LabStatus, o: LabStatusTextOptions = {}): string {
  const wide = o.wide === true;
  const width = wide ? Infinity : (o.width ?? 80);
  const out = [`lab ${st.prefix} (${st.phase}), ${st.nodes.length} nodes, in ${st.dir}`];
  if (st.gitUrl) out.push(`topology served at ${st.gitUrl}`);
  if (st.failure) out.push(`lab up failed during ${st.failure.step}: ${wide ? st.failure.message : cut(st.failure.message.split('\n')[0]!, width - 30)}`, `logs: ${st.dir}/logs/`);
  out.push('');
  if (wide) out.push(...fitTable(['NODE', 'KIND', 'NETNS', 'ADDRESSES', 'PROCESSES'], st.nodes.map(wideNode), width, []));
  else out.push(...fitTable(['NODE', 'KIND', 'ADDRESSES', 'PROCS'], st.nodes.map(narrowNode), width, [0, 2], 16));
  if (st.routers.length) {
    out.push('');
    const health = (r: RouterReport) => (r.health ? `${r.health}${wide ? ', ' : ' '}${r.peersUp ?? 0}/${r.peers ?? 0}${wide ? ' peers up' : ''}` : '-');
    const rows = st.routers.map((r) => [r.router, r.applied?.slice(0, 7) ?? '-', health(r), attempt(r, wide)]);
    out.push(...fitTable(['ROUTER', 'APPLIED', 'HEALTH', 'LAST ATTEMPT'], rows, width, [0, 3], 16));
  }
  const long = Object.entries(st.ifnames);
  if (long.length) {
    out.push('', 'interface names of long node names (the port leading to the node):');
    for (const [node, ifname] of long) out.push(`  ${ifname}  ${wide ? node : cut(node, width - ifname.length - 4)}`);
  }
  const t = Object.entries(st.timings);
  const upMs = t.reduce((sum, [, v]) => sum + v, 0);
  out.push('', `memory: ${Math.round(st.pssKiB / 1024)} MiB (PSS; ${Math.round(st.rssKiB / 1024)} MiB RSS summed)${t.length ? `; bring-up ${(upMs / 1000).toFixed(1)} s` : ''}`);
  if (wide && t.length) out.push(`bring-up: ${t.map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  if (!wide) out.push('more: dlan lab status --wide (every address and process), --json');
  return `${out.join('\n')}\n`;
}

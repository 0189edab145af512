import { resolve } from 'node:path';
import { checkFiles } from '../../reconciler/check/index.js';
import { render as renderState } from '../../renderers/render.js';
import { slice } from '../../model/slice.js';
import type { DesiredState } from '../../renderers/state.js';
import { type Command, flag, jsonOption, printJson, requireStr, str, UsageError } from '../command.js';
import { loadRepo } from '../load-repo.js';
import { renderTable } from '../../reconciler/table.js';
import { type WrittenFile, writeRendered } from '../write-rendered.js';

export interface RenderSummary {
  readonly router: string;
  readonly out: string;
  readonly files: readonly WrittenFile[];
  readonly links: { readonly wireguard: string; readonly peers: number; readonly vxlans: readonly string[]; readonly services: readonly string[] };
  /** Present with --check: what the daemons' checkers said. */
  readonly check?: { readonly ok: boolean; readonly errors: readonly { file: string; line?: number; service: string; message: string }[] };
}

export function summarizeRender(d: DesiredState, out: string, files: readonly WrittenFile[]): RenderSummary {
  return {
    router: d.router, out, files,
    links: {
      wireguard: d.wireguard.ifname, peers: d.wireguard.peers.length,
      vxlans: d.vxlans.map((v) => v.ifname), services: d.services.map((s) => `${s.name}:${s.onChange}`),
    },
  };
}

export function renderRenderSummary(s: RenderSummary): string {
  const out = [`router ${s.router}: ${s.files.length} files under ${s.out}`, ''];
  out.push(renderTable(['FILE', 'SERVICE', 'MODE', 'BYTES'], s.files.map((f) => [f.path, f.service, f.mode.toString(8), String(f.bytes)])).trimEnd());
  out.push('', `${s.links.wireguard}: ${s.links.peers} peers; links: ${s.links.vxlans.join(' ') || '(none)'}`);
  out.push(`services: ${s.links.services.join(' ')}`);
  if (s.check) {
    out.push('', s.check.ok ? 'every daemon accepts its config' : 'REJECTED:');
    for (const e of s.check.errors) out.push(`  ${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.service}: ${e.message}`);
  }
  return `${out.join('\n')}\n`;
}

export const render: Command = {
  name: 'render',
  summary: "Render one router's configuration files and links into a directory (nothing is applied).",
  args: '[REPO]',
  details: 'Files land under OUT at their path on the router (OUT/etc/frr/frr.conf...), with OUT/links.json describing the WireGuard interface, VXLAN links, addresses, services and the WAN/LAN ports. --check runs every daemon\'s own config checker on them (needs the daemons installed, and root).',
  options: {
    router: { type: 'string', short: 'r', value: 'NAME', description: 'The router to render.' },
    repo: { type: 'string', value: 'DIR', description: 'The topology repo (default: REPO or the current directory).' },
    out: { type: 'string', short: 'o', value: 'DIR', description: 'Where to write the files.' },
    check: { type: 'boolean', description: "Check the files with the daemons' own checkers; exit 1 if one is rejected." },
    json: jsonOption,
  },
  async run(args, io) {
    const out = resolve(io.cwd, requireStr(args, 'out'));
    if (out === '/') throw new UsageError('--out / would overwrite the live configuration; render into a directory, apply with the agent');
    const t = await loadRepo(io, str(args, 'repo') ?? args.positionals[0]);
    const d = renderState(slice(t, requireStr(args, 'router')));
    const files = await writeRendered(out, d);
    let summary = summarizeRender(d, out, files);
    if (flag(args, 'check')) {
      const r = await checkFiles(d.files);
      summary = { ...summary, check: { ok: r.ok, errors: r.errors.map((e) => ({ file: e.file, ...(e.line !== undefined && { line: e.line }), service: e.service, message: e.message })) } };
    }
    if (flag(args, 'json')) printJson(io, summary);
    else io.stdout(renderRenderSummary(summary));
    return summary.check && !summary.check.ok ? 1 : 0;
  },
};

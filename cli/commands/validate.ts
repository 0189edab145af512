import { formatDiagnostic } from '../../reconciler/topology/diagnostic.js';
import { readTopologyDir } from '../../reconciler/topology/read-dir.js';
import { loadTopology, type LoadResult } from '../../reconciler/topology/load.js';
import { type Command, flag, jsonOption, printJson } from '../command.js';
import { resolve } from 'node:path';

export function summarize(r: LoadResult): string {
  const t = r.topology;
  if (!t) return `invalid: ${r.diagnostics.filter((d) => d.severity === 'error').length} error(s)`;
  return `valid: ${t.routers.length} routers, ${t.services.length} services, ${r.peerings?.length ?? 0} peerings`;
}

export const validate: Command = {
  name: 'validate',
  summary: 'Check a topology repo: schema, addresses, peerings, services. Exit 0 when valid, 1 when not.',
  args: '[REPO]',
  details: 'Findings are printed as file:line:col: field: message, all at once. REPO defaults to the current directory.',
  options: { json: jsonOption },
  async run(args, io) {
    const dir = resolve(io.cwd, args.positionals[0] ?? '.');
    const result = loadTopology(await readTopologyDir(dir));
    const valid = result.topology !== undefined;
    if (flag(args, 'json')) {
      printJson(io, { valid, repo: dir, diagnostics: result.diagnostics, summary: summarize(result) });
    } else {
      for (const d of result.diagnostics) (d.severity === 'error' ? io.stderr : io.stdout)(`${formatDiagnostic(d)}\n`);
      (valid ? io.stdout : io.stderr)(`${args.positionals[0] ?? '.'}: ${summarize(result)}\n`);
    }
    return valid ? 0 : 1;
  },
};

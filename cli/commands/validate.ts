import { resolve } from 'node:path';
import { LIMITS } from '../../model/limits.js';
import { loadTopology, type LoadResult } from '../../model/load.js';
import { isRefused } from '../../model/repo-files.js';
import { readTopologyDir } from '../../reconciler/source/read-dir.js';
import { type Command, flag, jsonOption, printJson } from '../command.js';
import { renderDiagnostics } from '../render-diagnostics.js';

export function summarize(r: LoadResult): string {
  const t = r.topology;
  if (!t) return `invalid: ${r.diagnostics.filter((d) => d.severity === 'error').length} error(s)`;
  return `valid: ${t.routers.length} routers, ${t.services.length} services, ${r.peerings?.length ?? 0} peerings`;
}

export const validate: Command = {
  name: 'validate',
  summary: 'Check a topology repo: schema, addresses, peerings, services. Exit 0 when valid, 1 when not.',
  args: '[REPO]',
  details: [
    'Findings are printed as file:line:col: field: message [Code], each with its source line, all at once',
    `(the first ${LIMITS.printed.value}; --json lists every one). REPO defaults to the current directory.`,
  ].join('\n'),
  options: { json: jsonOption },
  async run(args, io) {
    const dir = resolve(io.cwd, args.positionals[0] ?? '.');
    const files = await readTopologyDir(dir);
    const result = loadTopology(files);
    const valid = result.topology !== undefined;
    if (flag(args, 'json')) {
      printJson(io, { valid, repo: dir, diagnostics: result.diagnostics, summary: summarize(result) });
    } else {
      const sources = new Map(files.flatMap((f) => (isRefused(f) ? [] : [[f.path, f] as const])));
      (valid ? io.stdout : io.stderr)(renderDiagnostics(result.diagnostics, { max: LIMITS.printed.value, sources, more: 'dlan validate --json lists them all' }));
      (valid ? io.stdout : io.stderr)(`${args.positionals[0] ?? '.'}: ${summarize(result)}\n`);
    }
    return valid ? 0 : 1;
  },
};

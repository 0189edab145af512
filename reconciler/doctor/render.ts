/** `dlan doctor` for people: one line per finding (✓ ok, ! warning, ✗ error), the fix under it, a verdict. Pure. */
import { renderTable } from '../table.js';
import type { Severity } from './finding.js';
import type { DoctorReport } from './run.js';

const MARK: Record<Severity, string> = { ok: '✓', warning: '!', error: '✗' };

export function renderDoctor(r: DoctorReport): string {
  const rows: string[][] = [];
  for (const f of r.findings) {
    rows.push([MARK[f.severity], f.id, f.message]);
    if (f.fix) rows.push(['', '', `fix: ${f.fix}`]);
  }
  const head = r.router ? `dlan doctor: ${r.router}\n\n` : 'dlan doctor\n\n';
  const table = renderTable(['', 'CHECK', 'FINDING'], rows);
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const verdict = r.errors > 0
    ? `${plural(r.errors, 'error')}, ${plural(r.warnings, 'warning')}: fix the errors before enabling dlan-agent.`
    : r.warnings > 0 ? `no errors, ${plural(r.warnings, 'warning')}: dlan can run; read the warnings.` : 'no errors, no warnings.';
  return `${head}${table}\n${verdict}\n`;
}

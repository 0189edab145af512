/**
 * Findings as a person reads them: `file:line:col: field: message [Code]`, the source line with
 * a marker under the column, the second place of a conflict ("first given here"), and at most
 * `max` findings, then "… and N more". Pure: the sources are handed in.
 */
import { type Diagnostic, formatDiagnostic, formatRelated } from '../model/diagnostic.js';
import { codeFrame } from './code-frame.js';

export interface RenderDiagnosticsOptions {
  /** At most this many findings are printed. */
  readonly max: number;
  /** The text of each file, by repo path, for the source lines. */
  readonly sources?: ReadonlyMap<string, { text: string }>;
  /** What to say after "… and N more". */
  readonly more?: string;
}

const indent = (s: string): string => s.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');

export function renderDiagnostics(ds: readonly Diagnostic[], opts: RenderDiagnosticsOptions): string {
  const out: string[] = [];
  for (const d of ds.slice(0, opts.max)) {
    out.push(formatDiagnostic(d));
    const src = opts.sources?.get(d.file);
    const frame = src ? codeFrame(src, d.line, d.col) : '';
    if (frame) out.push(indent(frame));
    for (const r of formatRelated(d)) out.push(`  note: ${r}`);
  }
  if (ds.length > opts.max) out.push(`… and ${ds.length - opts.max} more${opts.more ? ` (${opts.more})` : ''}`);
  return out.length ? `${out.join('\n')}\n` : '';
}

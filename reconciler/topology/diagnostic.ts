/**
 * A finding about the topology, with the place it comes from. Errors make a topology invalid;
 * warnings are printed but do not stop an apply.
 */
export type Severity = 'error' | 'warning';
export type FieldPath = readonly (string | number)[];

export interface Diagnostic {
  readonly severity: Severity;
  /** CamelCase, stable: what went wrong, for machines (`--json`) and tests. */
  readonly code: string;
  /** Path inside the topology repo, e.g. `routers/r1.yaml`. */
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted field path, e.g. `lan.hosts[0].mac`. */
  readonly field: string;
  readonly message: string;
}

export function formatField(path: FieldPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

/** `file:line:col: field: message` — the form editors and CI annotate. */
export function formatDiagnostic(d: Diagnostic): string {
  const field = d.field === '' ? '' : `${d.field}: `;
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.col}: ${field}${sev}${d.message}`;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message);
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

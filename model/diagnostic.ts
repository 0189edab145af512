/**
 * A finding about the topology, with the place it comes from. Errors make a topology invalid;
 * warnings are printed but do not stop an apply.
 */
import { escapeText } from './escape.js';

export type Severity = 'error' | 'warning';
export type FieldPath = readonly (string | number)[];

/** A second place that belongs to a finding: where a duplicate was first defined, say. */
export interface Related {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** e.g. "first defined here". */
  readonly message: string;
}

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
  readonly related?: readonly Related[];
}

export function formatField(path: FieldPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

/**
 * `file:line:col: field: message [Code]` — the form editors and CI annotate, with the code that
 * `--json` carries. Everything that may come from a file is escaped (model/escape.ts).
 */
export function formatDiagnostic(d: Diagnostic): string {
  const field = d.field === '' ? '' : `${escapeText(d.field)}: `;
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${escapeText(d.file)}:${d.line}:${d.col}: ${field}${sev}${escapeText(d.message)} [${d.code}]`;
}

/** `file:line:col: message` for each related place, one per line. */
export function formatRelated(d: Diagnostic): string[] {
  return (d.related ?? []).map((r) => `${escapeText(r.file)}:${r.line}:${r.col}: ${escapeText(r.message)}`);
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return cmp(a.file, b.file) || a.line - b.line || a.col - b.col || cmp(a.message, b.message);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/**
 * Text from a topology file made safe to print. A field name or value may hold terminal escape
 * sequences (ESC [ 2 J clears the screen), a carriage return or newline (which fake another line
 * of output, or of a log), or Unicode bidirectional overrides (which reorder what a reviewer
 * sees). Each becomes a visible escape (`\x1b`, `\n`, `\u202e`); everything else is left as it
 * is. Idempotent: an escaped text has nothing left to escape, so escaping twice is harmless.
 */
// C0 controls but tab, DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides
// and isolates, and the zero-width characters that hide text.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/g;

function visible(c: string): string {
  const n = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

export function escapeText(s: string): string {
  return s.replace(UNSAFE, visible);
}

/** How many characters `escapeText` adds before column `col` (1-based) of `line`. */
export function escapedColumn(line: string, col: number): number {
  return escapeText(line.slice(0, Math.max(col - 1, 0))).length + 1;
}

/**
 * The source line a finding points at, with the line above and below and a marker under the
 * column (@babel/code-frame draws it). Lines are escaped first (model/escape.ts: a file cannot
 * send terminal escapes through its own excerpt) and cut to a window around the column, so a
 * 1 MiB line prints as a hundred characters.
 */
import { codeFrameColumns } from '@babel/code-frame';
import { escapedColumn, escapeText } from '../model/escape.js';

const WIDTH = 100;
const BEFORE = 60;

/** Start offsets of every line, computed once per text. */
const starts = new WeakMap<object, number[]>();
function lineStarts(source: { text: string }): number[] {
  let s = starts.get(source);
  if (!s) {
    s = [0];
    for (let i = source.text.indexOf('\n'); i >= 0; i = source.text.indexOf('\n', i + 1)) s.push(i + 1);
    starts.set(source, s);
  }
  return s;
}

function lineAt(source: { text: string }, n: number): string | undefined {
  const s = lineStarts(source);
  if (n < 1 || n > s.length) return undefined;
  const end = n < s.length ? s[n]! - 1 : source.text.length;
  return source.text.slice(s[n - 1], end).replace(/\r$/, '');
}

/** The frame around line:col (1-based), or '' when the place is not in the text. */
export function codeFrame(source: { text: string }, line: number, col: number): string {
  const here = lineAt(source, line);
  if (here === undefined) return '';
  const column = escapedColumn(here, col);
  const from = column > BEFORE ? column - BEFORE : 0;
  const cut = (l: string): string => {
    const e = escapeText(l);
    return `${from > 0 ? '…' : ''}${e.slice(from, from + WIDTH)}${e.length > from + WIDTH ? '…' : ''}`;
  };
  const rows = [line - 1, line, line + 1].map((n) => (n >= 1 ? lineAt(source, n) : undefined));
  const first = rows[0] === undefined ? line : line - 1;
  // Blank lines before the excerpt keep the real line numbers in the gutter.
  const excerpt = `${'\n'.repeat(first - 1)}${rows.filter((r) => r !== undefined).map((r) => cut(r!)).join('\n')}`;
  return codeFrameColumns(excerpt, { start: { line, column: column - from + (from > 0 ? 1 : 0) } }, { linesAbove: 1, linesBelow: 1, highlightCode: false });
}

/**
 * YAML syntax errors in words a person can act on, one finding per file. One slip (a line
 * indented one space too far) makes the parser report several errors, each a consequence of the
 * first, and often at the line above the slip; so only the first is kept, translated, and moved
 * to the line that is actually wrong when that can be told.
 */
import type { LineCounter, YAMLError } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { LIMITS } from './limits.js';

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isContent = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');

/**
 * After `key: value` on line `at` (1-based), the first content line indented further than it,
 * when that line is itself a `key:` (the usual slip: a sibling field indented one space too far).
 */
function overIndented(lines: readonly string[], at: number): { line: number; expected: number; found: number } | undefined {
  const base = lines[at - 1];
  if (base === undefined) return undefined;
  for (let i = at; i < lines.length; i++) {
    const l = lines[i]!;
    if (!isContent(l)) continue;
    if (indentOf(l) > indentOf(base) && /^\s*(- )?[^\s:#][^:#]*:(\s|$)/.test(l)) {
      return { line: i + 1, expected: indentOf(base.replace(/^(\s*)- /, '$1  ')), found: indentOf(l) };
    }
    return undefined;
  }
  return undefined;
}

function lineOf(text: string, line: number): string {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

export function syntaxFinding(path: string, text: string, counter: LineCounter, errors: readonly YAMLError[]): Diagnostic {
  const e = errors[0]!;
  const pos = counter.linePos(e.pos[0]);
  let line = Math.max(pos.line, 1);
  let col = pos.col;
  let code = 'YamlSyntax';
  let message = e.message.split('\n')[0]!;
  switch (e.code) {
    case 'RESOURCE_EXHAUSTION':
      code = 'TooDeep';
      message = `is nested too deeply to be read (a topology file has at most ${LIMITS.depth.value} levels)`;
      break;
    case 'TAB_AS_INDENT':
      message = 'a tab is used to indent this line; YAML indents with spaces only';
      break;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // Only a few lines around the error are split out: the file may be large.
      const near = Array.from({ length: 40 }, (_, i) => lineOf(text, line + i));
      const slip = overIndented(near, 1);
      if (slip) {
        message = `this line is indented ${slip.found} spaces, more than the field above it: a field of the same mapping starts at column ${slip.expected + 1} (or, if it belongs to the value above, that value needs its own line)`;
        line += slip.line - 1;
        col = slip.found + 1;
      } else {
        message = 'a value holds `key: value` on the same line; put the inner mapping on lines of its own, or quote the value';
      }
      break;
    }
    case 'BAD_INDENT':
      message = /Flow (map|sequence)/.test(e.message)
        ? 'a { … } or [ … ] opened above is not closed before this line'
        : 'this line is not lined up with the ones above it: the fields of one mapping, and the items of one list, start at the same column';
      break;
    case 'MISSING_CHAR':
      if (/closing "?quote/i.test(e.message)) message = 'a quoted text is not closed (its closing quote is missing)';
      else if (/without - indicator/.test(e.message)) message = 'this list item is missing its leading "- "';
      else if (/Missing , or :/.test(e.message)) message = 'a , or : is missing between the items of a { … } or [ … ]';
      break;
    case 'MULTIPLE_DOCS':
      message = 'holds more than one YAML document (a second ---); a topology file is one mapping';
      break;
    case 'BAD_DQ_ESCAPE':
      message = 'a \\ escape in a double-quoted text is not valid (write \\\\ for a backslash, or use single quotes)';
      break;
    case 'KEY_OVER_1024_CHARS':
      message = 'a key is longer than 1024 characters';
      break;
    default:
      break;
  }
  return { severity: 'error', code, file: path, line, col, field: '', message };
}

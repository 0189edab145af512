/**
 * YAML files parsed with source positions, so that every finding can name file, line, column.
 * Uses the `yaml` package (keeps a CST with offsets; js-yaml does not).
 *
 * Hostile input is bounded before the parsed document is turned into values: the size of the
 * text, the nesting depth and the number of aliases (model/limits.ts). Duplicate keys are found
 * here in one pass (the parser's own check compares every key with every other one: 40,000 keys
 * took minutes), and positions are looked up through an index per mapping, so a file with many
 * findings costs time linear in its size.
 */
import {
  isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap,
} from 'yaml';
import type { Diagnostic, FieldPath, Related } from './diagnostic.js';
import { formatField } from './diagnostic.js';
import { escapeText } from './escape.js';
import { formatLimit, LIMITS } from './limits.js';
import { excessiveNesting } from './yaml-depth.js';
import { syntaxFinding } from './yaml-errors.js';

/** One file of the topology repo, as text. Reading it is the caller's business. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface ParsedFile {
  readonly path: string;
  readonly value: unknown;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

const at = (path: string, lines: LineCounter, offset: number | undefined) => {
  const p = lines.linePos(offset ?? 0);
  return { file: path, line: Math.max(p.line, 1), col: p.col };
};

/** Depth, aliases, duplicate and non-scalar keys, in one pass with an explicit stack. */
function inspect(path: string, doc: Document.Parsed, lines: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  const error = (code: string, offset: number | undefined, message: string, related?: Related[]) =>
    out.push({ severity: 'error', code, ...at(path, lines, offset), field: '', message, ...(related && { related }) });
  let aliases = 0;
  let firstAlias: number | undefined;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isAlias(node)) {
      aliases++;
      const offset = node.range?.[0];
      if (offset !== undefined && (firstAlias === undefined || offset < firstAlias)) firstAlias = offset;
      continue;
    }
    if (!isCollection(node)) continue;
    if (depth > LIMITS.depth.value) {
      error('TooDeep', node.range?.[0], `is nested more than ${LIMITS.depth.value} levels deep; no topology field is`);
      return out;
    }
    if (isMap(node)) {
      const seen = new Map<string, number | undefined>();
      for (const pair of node.items) {
        const k = pair.key;
        if (!isScalar(k)) {
          error('ComplexKey', (k as Node | null)?.range?.[0] ?? (pair.value as Node | null)?.range?.[0],
            'a key must be a plain name, not a list, a mapping or an alias');
          continue;
        }
        const name = String(k.value);
        if (seen.has(name)) {
          const first = at(path, lines, seen.get(name));
          error('DuplicateKey', k.range?.[0], `${escapeText(name)} is given twice in the same mapping; keep one`,
            [{ ...first, message: `${escapeText(name)} is first given here` }]);
        } else seen.set(name, k.range?.[0]);
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
  }
  if (aliases > LIMITS.aliases.value) {
    error('TooManyAliases', firstAlias, `uses ${aliases} aliases (*name); a topology file may use at most ${LIMITS.aliases.value}`);
  }
  return out;
}

export function parseYaml(file: SourceFile): { parsed?: ParsedFile; diagnostics: Diagnostic[] } {
  if (file.text.length > LIMITS.fileBytes.value) {
    return { diagnostics: [{ severity: 'error', code: 'FileTooLarge', file: file.path, line: 1, col: 1, field: '',
      message: `is ${formatLimit(file.text.length)} characters long; a topology file may have at most ${formatLimit(LIMITS.fileBytes.value)}` }] };
  }
  const deep = excessiveNesting(file.text, LIMITS.depth.value);
  if (deep !== undefined) {
    const before = file.text.slice(0, deep);
    const pos = { line: before.split('\n').length, col: deep - before.lastIndexOf('\n') };
    return { diagnostics: [{ severity: 'error', code: 'TooDeep', file: file.path, line: Math.max(pos.line, 1), col: pos.col, field: '',
      message: `is nested more than ${LIMITS.depth.value} levels deep; no topology field is` }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) return { diagnostics: [syntaxFinding(file.path, file.text, lines, doc.errors)] };
  const problems = inspect(file.path, doc, lines);
  if (problems.length > 0) return { diagnostics: problems };
  let value: unknown;
  try {
    // The yaml package counts alias expansions and throws past this many: an alias bomb.
    value = doc.toJS({ maxAliasCount: LIMITS.aliases.value });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    const bomb = /Excessive alias count/.test(e.message);
    return { diagnostics: [{ severity: 'error', code: bomb ? 'AliasBomb' : 'BadAlias', file: file.path, line: 1, col: 1, field: '',
      message: bomb
        ? `its aliases expand to more than ${LIMITS.aliases.value} copies (aliases of aliases: an "alias bomb"); write the values out`
        : 'an alias (*name) refers to an anchor (&name) that is not defined before it' }] };
  }
  return { parsed: { path: file.path, value: value ?? {}, doc, lines }, diagnostics: [] };
}

/** For each mapping, its pairs by key, built on the first lookup (a linear scan per lookup was quadratic). */
const keyIndex = new WeakMap<YAMLMap, Map<unknown, Pair>>();

function pairOf(map: YAMLMap, key: string | number): Pair | undefined {
  let index = keyIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    keyIndex.set(map, index);
  }
  return index.get(String(key));
}

/**
 * Where a field is written. With `key`, the position of the key (for "unknown field" and
 * "missing field"); otherwise the position of the value. Falls back to the nearest ancestor
 * that exists, and to 1:1 for an empty file.
 */
export function locate(f: ParsedFile, path: FieldPath, key = false): { line: number; col: number } {
  let node: unknown = f.doc.contents;
  let keyNode: unknown;
  let best: unknown = node;
  for (const seg of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = pairOf(node, seg);
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else break;
    best = key && keyNode ? keyNode : (node ?? keyNode);
  }
  const range = (best as Node | undefined)?.range;
  if (!range) return { line: 1, col: 1 };
  const pos = f.lines.linePos(range[0]);
  return { line: Math.max(pos.line, 1), col: pos.col };
}

/** Builds diagnostics that point into parsed files. Messages and fields are escaped here. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly files: ReadonlyMap<string, ParsedFile>) {}

  error(code: string, file: string, path: FieldPath, message: string, key = false, related?: readonly Related[]): void {
    this.add('error', code, file, path, message, key, related);
  }

  warning(code: string, file: string, path: FieldPath, message: string, key = false): void {
    this.add('warning', code, file, path, message, key);
  }

  /** Where a field is, as a related place ("first defined here"). */
  place(file: string, path: FieldPath, message: string, key = false): Related {
    const f = this.files.get(file);
    const { line, col } = f ? locate(f, path, key) : { line: 1, col: 1 };
    return { file, line, col, message: escapeText(message) };
  }

  private add(severity: Diagnostic['severity'], code: string, file: string, path: FieldPath, message: string, key: boolean, related?: readonly Related[]) {
    const f = this.files.get(file);
    const { line, col } = f ? locate(f, path, key) : { line: 1, col: 1 };
    this.diagnostics.push({ severity, code, file, line, col, field: escapeText(formatField(path)), message: escapeText(message), ...(related && related.length > 0 && { related }) });
  }
}

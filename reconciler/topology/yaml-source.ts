/**
 * YAML files parsed with source positions, so that every finding can name file, line, column.
 * Uses the `yaml` package (keeps a CST with offsets; js-yaml does not).
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic, FieldPath } from './diagnostic.js';
import { formatField } from './diagnostic.js';

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

export function parseYaml(file: SourceFile): { parsed?: ParsedFile; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = doc.errors.map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    return { severity: 'error', code: 'YamlSyntax', file: file.path, line: Math.max(line, 1), col, field: '',
      message: e.message.split('\n')[0]! };
  });
  if (diagnostics.length > 0) return { diagnostics };
  return { parsed: { path: file.path, value: doc.toJS({ maxAliasCount: 100 }) ?? {}, doc, lines }, diagnostics };
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
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg);
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

/** Builds diagnostics that point into parsed files. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly files: ReadonlyMap<string, ParsedFile>) {}

  error(code: string, file: string, path: FieldPath, message: string, key = false): void {
    this.add('error', code, file, path, message, key);
  }

  warning(code: string, file: string, path: FieldPath, message: string, key = false): void {
    this.add('warning', code, file, path, message, key);
  }

  private add(severity: Diagnostic['severity'], code: string, file: string, path: FieldPath, message: string, key: boolean) {
    const f = this.files.get(file);
    const { line, col } = f ? locate(f, path, key) : { line: 1, col: 1 };
    this.diagnostics.push({ severity, code, file, line, col, field: formatField(path), message });
  }
}

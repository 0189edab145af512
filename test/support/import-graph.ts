/**
 * The import graph of the sources, for the architecture tests: which file loads which, with
 * type-only imports kept apart (they carry no effect, but they still count for direction and
 * cycles: a type-only import upward is the same dependency on paper).
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

export interface Import { readonly from: string; readonly spec: string; readonly target?: string; readonly typeOnly: boolean }

/** Every `.ts` file under `dir` (relative to `root`), sorted. */
export async function walk(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  for (const e of entries) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(root, rel)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out.sort();
}

/** The source without comments and string/template contents (so "process" in a message is fine). */
export function codeOnly(src: string): string {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');
}

const IMPORT = /(?:^|\n)\s*((?:import|export)\s[^;]*?)\sfrom\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The imports of one file's source; `target` is the repo-relative `.ts` (or `.json`) file for relative specifiers. */
export function importsOf(file: string, src: string): Import[] {
  const out: Import[] = [];
  for (const m of src.replace(/\/\*[\s\S]*?\*\//g, ' ').matchAll(IMPORT)) {
    const spec = (m[2] ?? m[3] ?? m[4])!;
    const typeOnly = m[1] !== undefined && /^(import|export)\s+type\s/.test(m[1]);
    const target = spec.startsWith('.') ? relative('.', join(dirname(file), spec)).replace(/\.js$/, '.ts') : undefined;
    out.push({ from: file, spec, typeOnly, ...(target !== undefined && { target }) });
  }
  return out;
}

export async function importGraph(root: string, dirs: readonly string[]): Promise<Import[]> {
  const out: Import[] = [];
  for (const d of dirs) {
    for (const f of await walk(root, d)) out.push(...importsOf(f, await readFile(resolve(root, f), 'utf8')));
  }
  return out;
}

/** Every import cycle among the files (Tarjan's strongly connected components of size > 1, or a self-import). */
export function cycles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const i of imports) {
    if (i.target === undefined) continue;
    if (!edges.has(i.from)) edges.set(i.from, new Set());
    edges.get(i.from)!.add(i.target);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || edges.get(v)?.has(v)) found.push(scc.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

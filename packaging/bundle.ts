/**
 * dlan as a few ES modules for `node` alone (no node_modules, no compiler on the router):
 * esbuild bundles tsc's output from each entry point of reconciler/package-root.ts, splitting code so a
 * command loads only its own chunk (cli/commands/index.ts imports commands lazily). Files are
 * `.mjs` so node reads them as ES modules with no package.json beside them.
 */
import { build, type Metafile } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ENTRY_POINTS } from '../reconciler/package-root.js';

/** Debian's node; the agent's unit passes its flags in NODE_OPTIONS, so a wrapper is not needed. */
export const INTERPRETER = '#!/usr/bin/node';

export interface OutputFile {
  /** Files it imports statically (loaded with it) and dynamically (loaded when asked). */
  readonly imports: readonly string[];
  readonly dynamicImports: readonly string[];
  /** npm packages whose code it holds. */
  readonly packages: readonly string[];
}

export interface Bundle {
  /** Output files, relative to the out dir, sorted. */
  readonly files: readonly string[];
  /** The npm packages whose code is in the bundle (their folder under node_modules), sorted. */
  readonly packages: readonly string[];
  readonly outputs: Readonly<Record<string, OutputFile>>;
}

/** `node_modules/a/x.js` → `a`; `node_modules/@s/b/node_modules/c/y.js` → `@s/b/node_modules/c`. */
export function packageOf(input: string): string | undefined {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+(?:\/node_modules\/(?:@[^/]+\/)?[^/]+)*)\//.exec(input);
  return m?.[1];
}

const packagesOf = (inputs: readonly string[]): string[] =>
  [...new Set(inputs.map(packageOf).filter((p): p is string => p !== undefined))].sort();
const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

export function outputGraph(meta: Metafile): Record<string, OutputFile> {
  return Object.fromEntries(Object.entries(meta.outputs).map(([path, o]) => [base(path), {
    imports: o.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => base(i.path)),
    dynamicImports: o.imports.filter((i) => i.kind === 'dynamic-import' && !i.external).map((i) => base(i.path)),
    packages: packagesOf(Object.keys(o.inputs)),
  }]));
}

/** What node loads with `file`: it and everything it imports statically, transitively. */
export function staticClosure(outputs: Bundle['outputs'], file: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const i of outputs[f]?.imports ?? []) visit(i);
  };
  visit(file);
  return [...seen].sort();
}

/** Bundles `<root>/dist` (run `tsc` first) into `outDir`. */
export async function bundle(root: string, outDir: string): Promise<Bundle> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.entries(ENTRY_POINTS).map(([out, module]) => ({ in: join('dist', `${module}.js`), out })),
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    // Some dependencies are CommonJS and `require` node's modules; an ES module has no `require`.
    banner: { js: "import { createRequire as __dlanRequire } from 'node:module'; const require = __dlanRequire(import.meta.url);" },
    legalComments: 'none', // the licenses are in the package's copyright file (packaging/copyright.ts)
    minifySyntax: true,
    minifyWhitespace: true,
    metafile: true,
    logLevel: 'silent',
  });
  if (result.warnings.length) throw new Error(`esbuild: ${result.warnings.map((w) => w.text).join('; ')}`);
  const files = Object.keys(result.metafile.outputs).map(base).sort();
  const main = join(outDir, 'dlan.mjs');
  const text = await readFile(main, 'utf8');
  await writeFile(main, `${INTERPRETER}\n${text.replace(/^#!.*\n/, '')}`, { mode: 0o755 });
  return { files, packages: packagesOf(Object.keys(result.metafile.inputs)), outputs: outputGraph(result.metafile) };
}

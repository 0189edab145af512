/**
 * The pure core (docs/architecture.md, "Folders are layers") imports nothing effectful and
 * never reads process, the clock or randomness, nor logs. Checked on the sources:
 * - core = renderers/, schema/ (but generate.ts, a build script), reconciler/topology/ (but
 *   read-dir.ts, which reads the repo from disk), reconciler/plan* ;
 * - a core file may import only other core files, a few pure shared files, and an allowlist of
 *   packages (deny by default: node:fs, node:child_process, node:net, isomorphic-git... fail);
 *   type-only imports are erased by tsc and may name any module;
 * - no `process`, `Date`, `Math.random`, `console`, `performance`, timers or random bytes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from './support/paths.js';

const EXCLUDED = new Set(['schema/generate.ts', 'reconciler/topology/read-dir.ts']);
/** Pure modules outside the core folders that the core may use. */
const PURE_SHARED = new Set(['reconciler/errors.ts']);
/** Packages the core may import: parsing, validation, text diffs, hashing (random functions are refused below). */
const ALLOWED_PACKAGES = new Set(['yaml', 'ajv', 'diff', 'node:crypto']);
const FORBIDDEN_GLOBALS: readonly [RegExp, string][] = [
  [/\bprocess\s*[.[]/, 'process'],
  [/\bnew\s+Date\b|\bDate\s*\.\s*now\b|\bDate\s*\(/, 'Date'],
  [/\bMath\s*\.\s*random\b/, 'Math.random'],
  [/\bconsole\s*\./, 'console'],
  [/\bperformance\s*\./, 'performance'],
  [/\b(setTimeout|setInterval|setImmediate)\s*\(/, 'timers'],
  [/\b(randomBytes|randomUUID|randomInt|getRandomValues)\b/, 'random bytes'],
  [/\brequire\s*\(/, 'require'],
];

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(join(repoRoot, dir), { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  for (const e of entries) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(rel)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

async function coreFiles(): Promise<string[]> {
  const reconciler = (await readdir(join(repoRoot, 'reconciler'), { withFileTypes: true }))
    .filter((e) => e.name === 'plan' || e.name.startsWith('plan')).map((e) => join('reconciler', e.name));
  const roots = ['renderers', 'schema', 'reconciler/topology', ...reconciler];
  const files: string[] = [];
  for (const r of roots) files.push(...(r.endsWith('.ts') ? [r] : await walk(r)));
  return files.filter((f) => !EXCLUDED.has(f)).sort();
}

/** The source without comments and string/template contents (so "process" in a message is fine). */
function codeOnly(src: string): string {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');
}

/** Module specifiers a file loads at run time (`import type` / `export type` are erased: they carry no effect). */
const importsOf = (src: string): string[] =>
  [...src.matchAll(/(?:^|\n)\s*((?:import|export)\s[^;]*?)\sfrom\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .filter((m) => !(m[1] !== undefined && /^(import|export)\s+type\s/.test(m[1])))
    .map((m) => (m[2] ?? m[3] ?? m[4])!);

const arch = suite('architecture: the pure core');
const files = await coreFiles();

arch('the core has files to check (renderers, schema, topology, plan)', () => {
  for (const prefix of ['renderers/', 'schema/', 'reconciler/topology/', 'reconciler/plan']) assert.ok(files.some((f) => f.startsWith(prefix)), prefix);
  assert.ok(files.includes('renderers/render.ts'));
});

arch('core files import only core files, pure shared files and allowed packages', async () => {
  const core = new Set(files);
  const bad: string[] = [];
  for (const f of files) {
    for (const spec of importsOf(await readFile(join(repoRoot, f), 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = relative(repoRoot, resolve(repoRoot, dirname(f), spec)).replace(/\.js$/, '.ts');
        if (!core.has(target) && !PURE_SHARED.has(target) && !target.endsWith('.json')) bad.push(`${f} imports ${spec} (${target} is not in the pure core)`);
      } else if (!ALLOWED_PACKAGES.has(spec)) bad.push(`${f} imports ${spec}`);
    }
  }
  assert.equal(bad, []);
});

arch('core files never touch process, Date, Math.random, console, timers or random bytes', async () => {
  const bad: string[] = [];
  for (const f of [...files, ...PURE_SHARED]) {
    const code = codeOnly(await readFile(join(repoRoot, f), 'utf8'));
    for (const [re, what] of FORBIDDEN_GLOBALS) if (re.test(code)) bad.push(`${f} uses ${what}`);
  }
  assert.equal(bad, []);
});

arch('the checks catch what they are for', () => {
  assert.ok(FORBIDDEN_GLOBALS.some(([re]) => re.test(codeOnly('const t = Date.now();'))));
  assert.ok(FORBIDDEN_GLOBALS.some(([re]) => re.test(codeOnly('if (process.env.X) {}'))));
  assert.not.ok(FORBIDDEN_GLOBALS.some(([re]) => re.test(codeOnly("// process.env\nconst s = 'console.log';"))));
  assert.equal(importsOf("import { a } from 'node:fs';\nexport { b } from './b.js';\nimport './side.js';\nimport type { T } from '../live/types.js';"), ['node:fs', './b.js', './side.js']);
});
arch.run();

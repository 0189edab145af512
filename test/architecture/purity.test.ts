/**
 * The pure core (docs/architecture.md, "Folders are layers") imports nothing effectful and
 * never reads process, the clock or randomness, nor logs. Checked on the sources:
 * - core = schema/ (but generate.ts, a build script), model/, renderers/, reconciler/plan/, review/;
 * - a core file may import only other core files and an allowlist of packages (deny by
 *   default: node:fs, node:child_process, node:net, isomorphic-git... fail); type-only imports
 *   are erased by tsc and may name any module (their direction is checked in layers.test.ts);
 * - no `process`, `Date`, `Math.random`, `console`, `performance`, timers or random bytes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { codeOnly, importsOf, walk } from '../support/import-graph.js';
import { repoRoot } from '../support/paths.js';

const CORE = ['schema', 'model', 'renderers', 'reconciler/plan', 'review'];
const EXCLUDED = new Set(['schema/generate.ts']);
/** Packages the core may import: parsing, validation, text diffs, hashing (random functions are refused below). */
const ALLOWED_PACKAGES = new Set(['yaml', 'ajv', 'diff', 'node:crypto']);
/** The helpers ajv's generated validators (model/schema-validators.generated.ts) call. */
const AJV_RUNTIME = /^ajv\/dist\/runtime\/[a-z0-9]+\.js$/;
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

async function coreFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const r of CORE) files.push(...(await walk(repoRoot, r)));
  return files.filter((f) => !EXCLUDED.has(f)).sort();
}

const arch = suite('architecture: the pure core');
const files = await coreFiles();

arch('the core has files to check (schema, model, renderers, planner)', () => {
  for (const prefix of CORE) assert.ok(files.some((f) => f.startsWith(`${prefix}/`)), prefix);
  assert.ok(files.includes('renderers/render.ts'));
  assert.ok(files.includes('model/slice.ts'));
});

arch('core files import only core files and allowed packages (type-only imports aside)', async () => {
  const core = new Set(files);
  const bad: string[] = [];
  for (const f of files) {
    for (const i of importsOf(f, await readFile(join(repoRoot, f), 'utf8'))) {
      if (i.typeOnly) continue;
      if (i.target !== undefined) {
        if (!core.has(i.target) && !i.target.endsWith('.json')) bad.push(`${f} imports ${i.spec} (${i.target} is not in the pure core)`);
      } else if (!ALLOWED_PACKAGES.has(i.spec) && !AJV_RUNTIME.test(i.spec)) bad.push(`${f} imports ${i.spec}`);
    }
  }
  assert.equal(bad, []);
});

arch('core files never touch process, Date, Math.random, console, timers or random bytes', async () => {
  const bad: string[] = [];
  for (const f of files) {
    const code = codeOnly(await readFile(join(repoRoot, f), 'utf8'));
    for (const [re, what] of FORBIDDEN_GLOBALS) if (re.test(code)) bad.push(`${f} uses ${what}`);
  }
  assert.equal(bad, []);
});

arch('the checks catch what they are for', () => {
  assert.ok(FORBIDDEN_GLOBALS.some(([re]) => re.test(codeOnly('const t = Date.now();'))));
  assert.ok(FORBIDDEN_GLOBALS.some(([re]) => re.test(codeOnly('if (process.env.X) {}'))));
  assert.not.ok(FORBIDDEN_GLOBALS.some(([re]) => re.test(codeOnly("// process.env\nconst s = 'console.log';"))));
  const found = importsOf('model/x.ts', "import { a } from 'node:fs';\nexport { b } from './b.js';\nimport './side.js';\nimport type { T } from '../reconciler/live/types.js';");
  assert.equal(found.map((i) => [i.spec, i.target, i.typeOnly]), [
    ['node:fs', undefined, false], ['./b.js', 'model/b.ts', false], ['./side.js', 'model/side.ts', false], ['../reconciler/live/types.js', 'reconciler/live/types.ts', true],
  ]);
});
arch.run();

/**
 * Every error a user can see is Stalled, Transient or Internal with a code (model/errors.ts):
 * outside that file no class extends the plain Error and nothing throws one. Checked on the
 * sources (bench/ and docs/ generators are tools, not dlan).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { codeOnly, walk } from '../support/import-graph.js';
import { repoRoot } from '../support/paths.js';

const SOURCE_DIRS = ['schema', 'model', 'renderers', 'reconciler', 'graph', 'lab', 'cli'];
const PLAIN = [
  [/\bclass\s+\w+\s+extends\s+(Error|TypeError|RangeError)\b/, 'a class extending Error'],
  [/\bnew\s+(Error|TypeError|RangeError)\s*\(/, 'a plain Error made'],
] as const;

/** Files and what they do that is outside the scheme. */
export function plainErrors(files: ReadonlyMap<string, string>): string[] {
  const bad: string[] = [];
  for (const [f, src] of files) {
    if (f === 'model/errors.ts') continue;
    const code = codeOnly(src);
    for (const [re, what] of PLAIN) if (re.test(code)) bad.push(`${f}: ${what}`);
  }
  return bad;
}

const errors = suite('architecture: errors are Stalled, Transient or Internal');
const sources = new Map<string, string>();
for (const d of SOURCE_DIRS) for (const f of await walk(repoRoot, d)) sources.set(f, await readFile(join(repoRoot, f), 'utf8'));

errors('no class extends Error and nothing throws a plain Error outside model/errors.ts', () => {
  assert.ok(sources.size > 100);
  assert.equal(plainErrors(sources), []);
});
errors('self-test: a class extending Error and a plain Error are caught, a message is not', () => {
  assert.equal(plainErrors(new Map([
    ['lab/a.ts', 'export class LabError extends Error {}'],
    ['cli/b.ts', 'throw new Error(`bad ${x}`);'],
    ['cli/c.ts', "log('a new Error( in a message is fine'); // new Error() in a comment too"],
  ])), ['lab/a.ts: a class extending Error', 'cli/b.ts: a plain Error made']);
});
errors.run();

/**
 * `dlan validate` on hostile repos: how long the refusal takes. Each case is the sample repo
 * plus one bad file, read from disk and loaded as the CLI does. The limits (model/limits.ts)
 * are what keep every row bounded; a row growing with the input would be a regression.
 */
import { cp, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTopology } from '../model/load.js';
import { LIMITS } from '../model/limits.js';
import { fromPackage } from '../reconciler/package-root.js';
import { readTopologyDir } from '../reconciler/source/read-dir.js';

const cases: [string, (file: string) => Promise<void>][] = [
  ['50 MB file (sparse)', async (f) => { await writeFile(f, ''); await truncate(f, 50 * 1024 * 1024); }],
  ['40,000 keys (700 kB)', (f) => writeFile(f, Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n'))],
  ['1 MiB of keys (63,000)', (f) => writeFile(f, Array.from({ length: 63_000 }, (_, i) => `k${i}: ${i}`).join('\n').slice(0, LIMITS.fileBytes.value))],
  ['1 MiB of [[[[ (nesting)', (f) => writeFile(f, `x: ${'['.repeat(LIMITS.fileBytes.value - 10)}`)],
  ['1 MiB of "- - - -"', (f) => writeFile(f, '- '.repeat(LIMITS.fileBytes.value / 2 - 1))],
  ['20,000 anchors and aliases', (f) => writeFile(f, Array.from({ length: 20_000 }, (_, i) => `- &a${i} x\n- *a${i}`).join('\n'))],
  ['alias bomb (9 levels)', (f) => writeFile(f, ['a: &a [x,x,x,x,x,x,x,x,x]',
    ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n'))],
];

export async function main(): Promise<void> {
  console.log('case                           findings  read+load');
  for (const [name, make] of cases) {
    const dir = await mkdtemp(join(tmpdir(), 'dlan-bench-hostile-'));
    try {
      await cp(fromPackage('sample-repo'), dir, { recursive: true });
      await make(join(dir, 'services', 'hostile.yaml'));
      const t0 = performance.now();
      const r = loadTopology(await readTopologyDir(dir));
      const ms = performance.now() - t0;
      const codes = [...new Set(r.diagnostics.map((d) => d.code))].join(',');
      console.log(`${name.padEnd(30)} ${String(r.diagnostics.length).padStart(8)}  ${ms.toFixed(0).padStart(6)} ms  ${codes}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

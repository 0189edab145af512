#!/usr/bin/env node
// Runs every compiled test file with uvu and closes with one line, `N passed, N failed`,
// which CI reads. uvu prints its own totals per run; we add them up and refuse a run that
// executed no test at all (a suite that forgot `.run()` must not look green).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const testDir = join(root, 'dist', 'test');
const only = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const files = collect(testDir).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
let passed = 0;
let failed = 0;
let total = 0;
for (const file of files) {
  const rel = relative(root, file);

  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', '-e',
      `import('uvu/run').then(async ({ run }) => { await run([{ name: ${JSON.stringify(rel)}, file: ${JSON.stringify(file)} }], { cwd: ${JSON.stringify(root)} }); })`],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env } });
    let buf = '';
    child.stdout.on('data', (d) => { buf += d; process.stdout.write(d); });
    child.on('close', (c) => {
      const plain = buf.replace(/\x1b\[[0-9;]*m/g, '');
      const t = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      const p = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      total += t;
      passed += p;
      failed += t - p;
      if (t === 0 || c !== 0) {
        if (t === 0) process.stdout.write(`no test ran in ${rel}\n`);
        if (t === p) failed += 1;
      }
      resolve(c);
    });
  });
  void code;
}
if (total === 0) failed += 1;
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);

#!/usr/bin/env node
// `npm run demo`: builds dlan only when dist/ is older than a source (`npm ci` has built it
// already, through `prepare`), saying so and showing the time while tsc runs, then runs
// `dlan demo` with the arguments given. Ctrl-C goes to the demo (the terminal sends it to the
// whole process group), which takes its lab down; this launcher waits for it and exits with
// its code.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const entry = join(root, 'dist', 'cli', 'dlan.js');
const tsconfig = JSON.parse((await import('node:fs')).readFileSync(join(root, 'tsconfig.json'), 'utf8'));

/** The newest modification time of the sources tsc compiles (.ts, and the JSON schemas they import). */
function newestSource() {
  let newest = statSync(join(root, 'tsconfig.json')).mtimeMs;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) { if (!['node_modules', 'dist', 'fixtures', 'golden'].includes(e.name)) walk(p); }
      else if (/\.(ts|json)$/.test(e.name) && !e.name.endsWith('.d.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const inc of tsconfig.include) {
    const dir = join(root, inc.replace(/\/\*.*$/, ''));
    if (existsSync(dir)) walk(dir);
  }
  return newest;
}

function build() {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    process.stderr.write('demo: building dlan (tsc -p .), once: ');
    const ticker = setInterval(() => process.stderr.write(`${Math.round((Date.now() - t0) / 1000)} s… `), 5000);
    const tsc = spawn(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { stdio: ['ignore', 'inherit', 'inherit'] });
    tsc.on('error', reject);
    tsc.on('close', (code) => {
      clearInterval(ticker);
      if (code !== 0) return reject(new Error(`tsc exited ${code}`));
      process.stderr.write(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      resolve();
    });
  });
}

if (!existsSync(entry) || statSync(entry).mtimeMs < newestSource()) await build();
else process.stderr.write('demo: dlan is built (dist/ is newer than every source)\n');

// The terminal's Ctrl-C reaches the demo too; this process only waits for it to finish.
process.on('SIGINT', () => {});
const demo = spawn(process.execPath, [entry, 'demo', ...process.argv.slice(2)], { stdio: 'inherit' });
demo.on('close', (code, signal) => { process.exitCode = code ?? (signal ? 130 : 1); });

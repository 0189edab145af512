#!/usr/bin/env node
// Runs every compiled test file with uvu and closes with one line, `N passed, N failed`,
// which CI reads. uvu prints its own totals per run; we add them up and refuse a run that
// executed no test at all (a suite that forgot `.run()` must not look green).
//
//   node scripts/test.mjs [--unit] [--jobs N] [SUBSTRING...]
//
// --unit skips the test files that need root (network namespaces, daemons, the lab: ROOT_TESTS
// below) and runs the rest on every core (`npm run test:unit`: no root, under 30 s on a laptop).
// Without it every file runs, one at a time (`npm test`, as root).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';

/**
 * Test files (or folders) that need root: they make network namespaces, start the real daemons
 * or run their checkers in a private namespace. Everything else runs as any user.
 */
export const ROOT_TESTS = [
  'test/lab/down.test',
  'test/lab/e2e.test',
  'test/lab/fleet.test',
  'test/lab/lab.test',
  'test/lab/model.test',
  'test/lab/page.test',
  'test/cli/demo.test',
  'test/cli/commands/doctor.test',
  'test/reconciler/wireguard/detect.test',
  'test/system/',
  'test/support/e2e.test',
  'test/reconciler/agent/agent.test',
  'test/reconciler/apply/',
  'test/reconciler/check/',
  'test/reconciler/doctor/checks.test',
  'test/reconciler/health/observe.test',
  'test/reconciler/host/netns.test',
  'test/reconciler/live/kernel.test',
  'test/reconciler/live/observe.test',
  'test/reconciler/live/vty.test',
  'test/reconciler/services/process.test',
  'test/reconciler/services/systemd.test',
  'test/reconciler/source/read-dir.test',
  'test/renderers/daemons.test',
  'test/renderers/dnsmasq-forwarding.test',
  'test/renderers/frr-reload.test',
  'test/renderers/overlay.test',
  'test/renderers/sysctl.test',
  'test/cli/commands/render-check.test',
];

const root = new URL('..', import.meta.url).pathname;
const testDir = join(root, 'dist', 'test');

const args = process.argv.slice(2);
const unit = args.includes('--unit');
const jobsAt = args.indexOf('--jobs');
const jobs = jobsAt >= 0 ? Number(args[jobsAt + 1]) : unit ? availableParallelism() : 1;
const only = args.filter((a, i) => !a.startsWith('--') && (jobsAt < 0 || i !== jobsAt + 1));

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    // A compiled test whose source was moved or deleted is stale output of an earlier build.
    else if (name.endsWith('.test.js') && existsSync(join(root, relative(join(root, 'dist'), p)).replace(/\.js$/, '.ts'))) out.push(p);
  }
  return out;
}

const needsRoot = (rel) => ROOT_TESTS.some((r) => rel.replace(/^dist\//, '').startsWith(r));
const files = collect(testDir)
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .filter((f) => !unit || !needsRoot(relative(root, f)));

/** Runs one file; resolves with its output (stdout) and uvu's totals. */
function runFile(file) {
  const rel = relative(root, file);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', '-e',
      `import('uvu/run').then(async ({ run }) => { await run([{ name: ${JSON.stringify(rel)}, file: ${JSON.stringify(file)} }], { cwd: ${JSON.stringify(root)} }); })`],
      { cwd: root, stdio: ['ignore', 'pipe', jobs > 1 ? 'pipe' : 'inherit'], env: { ...process.env } });
    let buf = '';
    child.stdout.on('data', (d) => { buf += d; if (jobs === 1) process.stdout.write(d); });
    child.stderr?.on('data', (d) => { buf += d; });
    child.on('close', (c) => {
      const plain = buf.replace(/\x1b\[[0-9;]*m/g, '');
      const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      resolve({ rel, out: buf, code: c, total, passed });
    });
  });
}

let passed = 0;
let failed = 0;
let total = 0;
const queue = [...files];
async function worker() {
  for (let file = queue.shift(); file; file = queue.shift()) {
    const r = await runFile(file);
    if (jobs > 1) process.stdout.write(r.out);
    total += r.total;
    passed += r.passed;
    failed += r.total - r.passed;
    if (r.total === 0 || r.code !== 0) {
      if (r.total === 0) process.stdout.write(`no test ran in ${r.rel}\n`);
      if (r.total === r.passed) failed += 1;
    }
  }
}
await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
if (total === 0) failed += 1;
process.stdout.write(`\n${passed} passed, ${failed} failed${unit ? ` (unit: ${files.length} files that need no root)` : ''}\n`);
process.exit(failed === 0 ? 0 : 1);

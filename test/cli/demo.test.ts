/**
 * `npm run demo` end to end (root, with the lab's packages: the live demo), through the launcher
 * as a newcomer runs it; Ctrl-C in the middle; the dry run; `npx dlan` after `npm ci`. Each live
 * run uses its own prefix and must leave nothing behind.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labPaths } from '../../lab/paths.js';
import { StateFile } from '../../lab/state.js';
import { waitFor } from '../../lab/wait.js';
import { dlan } from '../support/cli.js';
import { leftovers, nothingLeft } from '../support/lab-leftovers.js';
import { fromRoot } from '../support/paths.js';

const live = `dmo${process.pid}`;
const interrupted = `dmi${process.pid}`;
process.on('exit', () => {
  for (const p of [live, interrupted]) {
    if (existsSync(labPaths(p).dir)) execFileSync(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), 'lab', 'down', '--prefix', p], { stdio: 'inherit' });
  }
});

interface Run { code: number | null; stdout: string; stderr: string }
function start(argv: string[]): { child: ReturnType<typeof spawn>; done: Promise<Run>; out: () => string } {
  const child = spawn(process.execPath, argv, { cwd: fromRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done, out: () => stdout };
}

const demo = suite('npm run demo');

demo('live: converges, pings by name, shows what each router applied, every router refuses the unsigned commit, writes both pictures, leaves nothing', async () => {
  const out = mkdtempSync(join(tmpdir(), 'dlan-demo-test-'));
  try {
    // What `npm run demo` runs: the launcher, which does not build again after npm ci / tsc.
    const r = await start([fromRoot('scripts', 'demo.mjs'), '--prefix', live, '--out', out]).done;
    assert.is(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, 'demo: dlan is built (dist/ is newer than every source)');
    assert.match(r.stdout, /^ {3}converged in \d+\.\d s: every router applied [0-9a-f]{7} with success, OSPF Full on every link, every server has its addresses$/m);
    assert.match(r.stdout, /^ {5}s2\.r2\.lan is 10\.2\.0\.10\n {5}3 packets transmitted, 3 received, 0% packet loss/m);
    assert.match(r.stdout, /dlan will make these changes on r4 for commit [0-9a-f]{7}:\n {5}~ file \/etc\/dlan\/nftables\.nft/);
    assert.match(r.stdout, /^ {3}r1: no changes/m);
    const refused = /every router refused ([0-9a-f]{7}) within [\d.]+ s and keeps running ([0-9a-f]{7})/.exec(r.stdout);
    assert.ok(refused, r.stdout);
    for (const router of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      assert.match(r.stdout, new RegExp(`^ {3}${router}: refused ${refused![1]} \\(Unsigned\\); running ${refused![2]}, healthy, `, 'm'));
    }
    for (const f of ['physical.svg', 'logical.svg']) {
      assert.match(r.stdout, join(out, f));
      assert.match(readFileSync(join(out, f), 'utf8'), /^<svg /);
    }
    assert.match(r.stdout, /removed 17 namespaces and \d+ mounts, stopped \d+ processes: nothing of the demo is left\n$/);
    assert.equal(leftovers(live, labPaths(live), { netns: [], processes: [] }), nothingLeft);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

demo('Ctrl-C while it comes up takes the lab down and exits 130', async () => {
  const paths = labPaths(interrupted);
  const run = start([fromRoot('dist', 'cli', 'dlan.js'), 'demo', '--prefix', interrupted]);
  const state = await waitFor('namespaces to be made', () => {
    const s = StateFile.read(paths.state)?.state;
    return s && s.netns.length >= 8 ? s : undefined;
  }, { timeoutMs: 60_000, intervalMs: 20 });
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.is(r.code, 130, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, 'interrupted: stopping at the next step, then taking the lab down');
  assert.match(r.stdout, /removed \d+ namespaces/);
  assert.equal(leftovers(interrupted, paths, { netns: state.netns, processes: [] }), nothingLeft);
});

demo('--dry-run changes nothing: validate, inspect, a plan per router', async () => {
  const r = await dlan(['demo', '--dry-run']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'valid: 5 routers, 3 services, 8 peerings');
  assert.match(r.stdout, /port 51820/);
  assert.is((r.stdout.match(/^Plan: /gm) ?? []).length, 5);
  assert.match(r.stdout, 'Nothing was changed.');
});

demo('`npx dlan` works in the repo after `npm ci`: prepare builds dist/, bin points at it', async () => {
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
  assert.is(pkg.bin.dlan, 'dist/cli/dlan.js');
  assert.match(pkg.scripts.prepare!, 'tsc -p .');
  assert.is(pkg.scripts.demo, 'node scripts/demo.mjs');
  const r = await start(['-e', `require('child_process').execFileSync('npx', ['--offline', 'dlan', '--version'], { stdio: 'inherit' })`]).done;
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^dlan \d+\.\d+\.\d+/);
});

demo.run();

/**
 * `lab down` after a crash, and its PID safety. Root; unique prefixes; always cleaned up.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labDown } from '../../lab/down.js';
import { labPaths } from '../../lab/paths.js';
import { identify } from '../../lab/proc.js';
import { StateFile } from '../../lab/state.js';
import { labUp } from '../../lab/up.js';
import { waitFor } from '../../lab/wait.js';
import { leftovers, nothingLeft, snapshot } from '../support/lab-leftovers.js';
import { fromRoot, sampleRepo } from '../support/paths.js';

const prefix = `dllc${process.pid}`;
const paths = labPaths(prefix);
process.on('exit', () => {
  if (existsSync(paths.dir)) execFileSync(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), 'lab', 'down', '--prefix', prefix], { stdio: 'inherit' });
});

const down = suite('labDown');

down.after(async () => { await labDown(paths); });

down('after `lab up` is killed halfway, down removes what it had made', async () => {
  const child = spawn(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), 'lab', 'up', '--prefix', prefix, '--no-agents'], { stdio: 'ignore' });
  const exited = new Promise((r) => child.on('close', r));
  // Kill it once several nodes exist, as a crash or a Ctrl-C would.
  await waitFor('lab up to make 6 namespaces', () => {
    const s = StateFile.read(paths.state);
    return (s?.state.netns.length ?? 0) >= 6;
  }, { timeoutMs: 30_000, intervalMs: 10 });
  child.kill('SIGKILL');
  await exited;
  const before = await snapshot(prefix);
  assert.ok(before.netns.length > 0, 'some namespaces were made (the state records each one just before it is made)');
  const r = await labDown(paths);
  assert.ok(r.found);
  assert.equal(leftovers(prefix, paths, before), nothingLeft);
});

down('a failed lab up stops its processes and namespaces, keeps its logs and state, and says where; down removes the rest', async () => {
  const failPrefix = `dllf${process.pid}`;
  const failPaths = labPaths(failPrefix);
  try {
    let error: { code?: string; message: string; data?: Record<string, unknown> } | undefined;
    try {
      // No routers run dnsmasq (no agents): the servers' DHCP clients wait in vain.
      await labUp({ topology: sampleRepo, prefix: failPrefix, dhcp: { timeoutMs: 300, servers: ['s1'] } });
      assert.unreachable();
    } catch (e) {
      error = e as typeof error;
    }
    assert.is(error!.code, 'Timeout');
    assert.match(error!.message, 'lab up failed during dhcp: ');
    assert.match(error!.message, `${failPaths.logs}/<node>-<role>.log`);
    assert.match(error!.message, `${failPaths.nodes}/<router>/var/lib/dlan/state.json (routers: r1, r2, r3, r4, r5)`);
    assert.match(error!.message, `dlan lab down --prefix ${failPrefix}`);
    assert.is(error!.data!.step, 'dhcp');
    // Kept: the folder with the DHCP client's log and the lab's record, phase failed.
    assert.ok(existsSync(join(failPaths.logs, 's1-dhclient4.log')));
    const state = StateFile.read(failPaths.state)!.state;
    assert.is(state.phase, 'failed');
    assert.is(state.failure!.step, 'dhcp');
    // Gone: every namespace and process of the lab.
    const before = { netns: state.netns, processes: state.processes.map((p) => ({ pid: p.pid, startTime: p.startTime })) };
    assert.ok(before.processes.some((p) => p.pid > 0), 'the DHCP client had started');
    const left = leftovers(failPrefix, failPaths, before);
    assert.equal([left.netns, left.processes], [[], []]);
    assert.ok(left.dir);
    // The next lab up with that prefix says what is left, and down removes it.
    try {
      await labUp({ topology: sampleRepo, prefix: failPrefix });
      assert.unreachable();
    } catch (e) {
      assert.is((e as { code?: string }).code, 'LabExists');
      assert.match((e as Error).message, `a failed lab up left its files in ${failPaths.dir}`);
    }
    assert.ok((await labDown(failPaths)).found);
    assert.equal(leftovers(failPrefix, failPaths, before), nothingLeft);
  } finally {
    await labDown(failPaths);
  }
});

down('a recorded PID now held by another program is left alone', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dlan-labdown-'));
  try {
    const p = labPaths('x', root);
    mkdirSync(p.dir, { recursive: true });
    const me = identify(process.pid)!;
    // Same pid, other start time: the recorded process is gone and the pid was reused.
    StateFile.create(p.state, { prefix: 'x', dir: p.dir, source: sampleRepo, plan: { prefix: 'x', internet: 'inet', nodes: [], veths: [], net: {}, nat: [], routers: [], servers: [], ifnames: {} } })
      .update((s) => { s.processes.push({ node: 'r1', role: 'agent', pid: process.pid, startTime: String(Number(me.startTime) - 1), exe: me.exe }); });
    const r = await labDown(p);
    assert.equal(r.skipped, [{ pid: process.pid, exe: me.exe }]);
    assert.ok(identify(process.pid), 'still alive');
    assert.not.ok(existsSync(p.dir));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

down('lab up refuses a prefix whose lab exists, and down of nothing is fine', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dlan-labexists-'));
  try {
    mkdirSync(labPaths('y', root).dir, { recursive: true });
    try {
      await labUp({ topology: sampleRepo, prefix: 'y', root });
      assert.unreachable();
    } catch (e) {
      assert.is((e as { code?: string }).code, 'LabExists');
    }
    assert.equal(await labDown(labPaths('z', root)), { found: false, processes: 0, namespaces: 0, mounts: 0, skipped: [] });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

down.run();

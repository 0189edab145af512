import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { acquireLock, lockHolder, lockName } from '../../reconciler/lock.js';
import { fromRoot } from '../support/paths.js';

const lock = suite('acquireLock');
let dir = '';
lock.before.each(async () => { dir = await mkdtemp(join(tmpdir(), 'dlan-lock-')); });
lock.after.each(async () => { await rm(dir, { recursive: true, force: true }); });

lock('the second taker fails at once with who holds it, then gets it after release', async () => {
  const a = await acquireLock(dir, { command: 'agent', waitMs: 0 });
  assert.is((await lockHolder(dir))?.command, 'agent');
  try {
    await acquireLock(dir, { command: 'apply', waitMs: 0 });
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'ReconcileLockBusy');
    assert.match((e as Error).message, `dlan agent, pid ${process.pid}`);
  }
  await a.release();
  assert.is(await lockHolder(dir), undefined);
  const b = await acquireLock(dir, { command: 'apply', waitMs: 0 });
  await b.release();
});

lock('a waiting taker is told once, then proceeds when the holder releases', async () => {
  const a = await acquireLock(dir, { command: 'agent', waitMs: 0 });
  const told: (string | undefined)[] = [];
  const waiting = acquireLock(dir, { command: 'apply', waitMs: 60_000, onWait: (h) => told.push(h?.command) });
  await new Promise((r) => setTimeout(r, 300));
  await a.release();
  const b = await waiting;
  assert.equal(told, ['agent']);
  assert.is(b.holder.command, 'apply');
  await b.release();
});

lock('a holder killed with SIGKILL leaves no stale lock', async () => {
  const script = `import('${fromRoot('dist', 'reconciler', 'lock.js')}').then(async (m) => { await m.acquireLock(${JSON.stringify(dir)}, { command: 'agent', waitMs: 0 }); process.stdout.write('held\\n'); setInterval(() => {}, 1000); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok) => child.stdout.on('data', (d) => { if (String(d).includes('held')) ok(); }));
  try {
    await acquireLock(dir, { command: 'apply', waitMs: 0 });
    assert.unreachable('held by the child');
  } catch (e) {
    assert.is((e as { code: string }).code, 'ReconcileLockBusy');
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const b = await acquireLock(dir, { command: 'apply', waitMs: 10_000 });
  await b.release();
});

lock('two state dirs have two locks', async () => {
  assert.is.not(lockName(join(dir, 'a')), lockName(join(dir, 'b')));
  assert.ok(Buffer.byteLength(lockName('/'.padEnd(300, 'x'))) < 108, 'fits sun_path');
});
lock.run();

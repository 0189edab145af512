import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { localProcesses } from '../../../reconciler/services/index.js';
import { waitFor } from '../../support/ns-node.js';

const procs = suite('localProcesses');
procs('argv of a live process; undefined for no such PID or a nonsense one', async () => {
  const p = localProcesses();
  assert.equal((await p.argv(process.pid))!.slice(0, 1), [process.execPath]);
  assert.is(await p.argv(4_194_303), undefined);
  assert.is(await p.argv(0), undefined);
  assert.is(await p.argv(1.5), undefined);
  assert.is(p.signal(4_194_303, 0), false);
});
procs('a zombie (exited, not reaped) is dead although kill(pid, 0) succeeds on it', async () => {
  // `sleep 0` exits and its parent, now `sleep 30` after exec, never reaps it.
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const zombie = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    const p = localProcesses();
    await waitFor('sleep 0 to exit', async () => (await p.argv(zombie)) === undefined, 5000);
    assert.is(p.signal(zombie, 0), true, 'still in the process table');
  } finally {
    parent.kill('SIGKILL');
  }
});
procs.run();

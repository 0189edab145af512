import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOutcome } from '../../lab/node.js';
import { identify } from '../../lab/proc.js';

test('a process still in nsenter, or with an empty command line (exiting), has not started', () => {
  assert.is(startOutcome({ state: 'R', exe: 'nsenter', startTime: '1' }), undefined);
  assert.is(startOutcome({ state: 'R', exe: '', startTime: '1' }), undefined);
  assert.is(startOutcome({ state: 'S', exe: 'dnsmasq', startTime: '1' }), 'running');
  assert.is(startOutcome({ state: 'Z', exe: '', startTime: '1' }), 'exited');
  assert.is(startOutcome(undefined), 'exited');
});

// The race CI hit: nsenter whose exec fails is seen running with an empty command line just
// before it turns zombie. Polling it as spawnInNode does must never call it running.
test('nsenter whose command does not exist is never seen as started', async () => {
  for (let k = 0; k < 40; k++) {
    const child = spawn('nsenter', ['--', 'dlan-no-such-program'], { stdio: 'ignore' });
    const pid = child.pid!;
    const exited = new Promise((r) => child.once('exit', r));
    for (;;) {
      const o = startOutcome(identify(pid));
      assert.is.not(o, 'running');
      if (o === 'exited') break;
    }
    await exited;
  }
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Internal, Transient } from '../../../model/errors.js';
import type { ConfirmWatch } from '../../../reconciler/agent/confirm.js';
import { probe } from '../../../reconciler/agent/probe.js';
import { makeLogger } from '../../../reconciler/log.js';
import { desiredState } from '../../support/desired.js';
import { C1, C2 } from '../../support/steps.js';

const w: ConfirmWatch = { commit: C2, previous: { commit: C1, desired: desiredState(), at: 'x' }, peers: ['r4'], startedAt: 0, failedProbes: 2 };
const logger = (lines: Record<string, unknown>[]) => makeLogger({ format: 'json', write: (l) => lines.push(JSON.parse(l)), now: () => new Date(0) });

const p = suite('probe');
p('the remote answering and the peers up, judged against the previous state', async () => {
  let against = '';
  const r = await probe({ checkRemote: async () => ({}), peersUp: async (d) => { against = d.router; return ['r4']; }, log: logger([]) }, w);
  assert.equal(r, { remote: 'up', peers: ['r4'] });
  assert.is(against, 'r1');
});
p('a remote that does not answer (Transient) is down: the evidence the rule looks for; nothing logged', async () => {
  const lines: Record<string, unknown>[] = [];
  const r = await probe({ checkRemote: async () => { throw new Transient('SourceUnreachable', 'ECONNREFUSED'); }, peersUp: async () => [], log: logger(lines) }, w);
  assert.equal(r, { remote: 'down', peers: [] });
  assert.equal(lines, []);
});
p('any other failure is unknown, never "down" or "no peer up": logged with the count', async () => {
  const lines: Record<string, unknown>[] = [];
  const r = await probe({
    checkRemote: async () => { throw new Internal('BadStateFile', 'repo unreadable'); },
    peersUp: async () => { throw new Error('wg: Operation not permitted'); }, log: logger(lines),
  }, w);
  assert.equal(r, { remote: 'unknown', peers: 'unknown' });
  assert.equal(lines.map((l) => [l.event, l.what, l.failedProbes]), [['confirm-probe-failed', 'remote', 3], ['confirm-probe-failed', 'peers', 3]]);
});
p.run();

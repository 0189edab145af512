import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConfirmWatch } from '../../../reconciler/agent/confirm.js';
import { type Job, JobQueue } from '../../../reconciler/agent/jobs.js';
import { makeLogger } from '../../../reconciler/log.js';
import { desiredState } from '../../support/desired.js';
import { settle } from '../../support/manual-clock.js';
import { C1, C2 } from '../../support/steps.js';

const w: ConfirmWatch = { commit: C2, previous: { commit: C1, desired: desiredState(), at: 'x' }, peers: ['r4'], startedAt: 0, failedProbes: 0 };
const name = (j: Job) => (j.kind === 'reconcile' ? j.reason : 'rollback');

/** A queue whose jobs wait for `release`; `ran` lists them in the order they started. */
function queue() {
  const ran: string[] = [];
  const events: string[] = [];
  let idle = 0;
  let release: () => void = () => undefined;
  const q = new JobQueue(async (j) => {
    ran.push(name(j));
    await new Promise<void>((r) => (release = r));
    if (name(j) === 'boom') throw new Error('boom');
  }, () => { idle++; }, makeLogger({ format: 'json', write: (l) => events.push(JSON.parse(l).event), now: () => new Date(0) }));
  return { q, ran, events, idle: () => idle, release: async () => { release(); await settle(); } };
}

const jobs = suite('JobQueue');
jobs('one job at a time; one queued reconcile is enough; a rollback goes first', async () => {
  const t = queue();
  t.q.enqueue({ kind: 'reconcile', reason: 'start' });
  t.q.enqueue({ kind: 'reconcile', reason: 'schedule' });
  t.q.enqueue({ kind: 'reconcile', reason: 'agent.yaml changed' });
  t.q.enqueue({ kind: 'rollback', watch: w, lostForMs: 3000 });
  await settle();
  assert.equal(t.ran, ['start']);
  assert.equal(t.q.waiting.map(name), ['rollback', 'schedule']);
  await t.release();
  await t.release();
  await t.release();
  assert.equal(t.ran, ['start', 'rollback', 'schedule']);
  assert.is(t.idle(), 1, 'idle once the queue is empty');
});
jobs('a job that throws is logged and the queue moves on', async () => {
  const t = queue();
  t.q.enqueue({ kind: 'reconcile', reason: 'boom' });
  t.q.enqueue({ kind: 'reconcile', reason: 'next' });
  await t.release();
  await t.release();
  assert.equal(t.ran, ['boom', 'next']);
  assert.equal(t.events, ['reconcile-crashed']);
});
jobs('stop waits for the job in progress; nothing new starts, idle is not called', async () => {
  const t = queue();
  t.q.enqueue({ kind: 'reconcile', reason: 'start' });
  t.q.enqueue({ kind: 'reconcile', reason: 'schedule' });
  await settle();
  let stopped = false;
  const s = t.q.stop().then(() => { stopped = true; });
  await settle();
  assert.not.ok(stopped, 'the running job is waited for');
  await t.release();
  await s;
  t.q.enqueue({ kind: 'reconcile', reason: 'late' });
  await settle();
  assert.equal(t.ran, ['start']);
  assert.is(t.idle(), 0);
});
jobs.run();

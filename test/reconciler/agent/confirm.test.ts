import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type ConfirmWatch, judge, watchAfter } from '../../../reconciler/agent/confirm.js';
import { desiredState } from '../../support/desired.js';
import { C1, C2 } from '../../support/steps.js';

const W = 120_000;
const previous = { commit: C1, desired: desiredState(), at: 'x' };
const start = (): ConfirmWatch => ({ commit: C2, previous, peers: ['r4', 'r5'], startedAt: 0, failedProbes: 0 });
const lost = { remote: 'down', peers: [] } as const;

const rule = suite('judge: commit-confirmed from peers before, peers now and the time elapsed');
rule('reachable through a peer that was up before: watching until a window passed, then confirmed', () => {
  const v = judge(start(), { remote: 'down', peers: ['r5'] }, W - 1, W);
  assert.equal([v.kind, v.kind === 'watching' && v.evidence], ['watching', 'reachable']);
  assert.equal(judge(start(), { remote: 'down', peers: ['r5'] }, W, W), { kind: 'confirmed' });
});
rule('reachable through the git remote alone (every peer gone): kept, since a fix can still be pushed', () => {
  assert.equal(judge(start(), { remote: 'up', peers: [] }, W, W), { kind: 'confirmed' });
});
rule('a peer that was not up before does not count', () => {
  const v = judge(start(), { remote: 'down', peers: ['r9'] }, 1000, W);
  assert.equal(v.kind === 'watching' && v.evidence, 'lost');
});
rule('lost: the clock starts at the first lost reading; a whole window lost rolls back, not a moment before', () => {
  const first = judge(start(), lost, 10_000, W);
  assert.ok(first.kind === 'watching');
  assert.is(first.kind === 'watching' && first.watch.lostSince, 10_000);
  const w = (first as { watch: ConfirmWatch }).watch;
  assert.is(judge(w, lost, 10_000 + W - 1, W).kind, 'watching');
  assert.equal(judge(w, lost, 10_000 + W, W), { kind: 'rollBack', lostForMs: W });
});
rule('back for a moment: the lost clock starts again', () => {
  const w = (judge(start(), lost, 10_000, W) as { watch: ConfirmWatch }).watch;
  const back = judge(w, { remote: 'up', peers: [] }, 60_000, W) as { watch: ConfirmWatch };
  assert.is(back.watch.lostSince, undefined);
  const again = judge(back.watch, lost, 100_000, W) as { watch: ConfirmWatch };
  assert.is(again.watch.lostSince, 100_000);
  assert.is(judge(again.watch, lost, 100_000 + W - 1, W).kind, 'watching');
});
rule('a failed probe is never "no peer": it neither rolls back nor confirms, and is counted', () => {
  const w = (judge(start(), lost, 10_000, W) as { watch: ConfirmWatch }).watch;
  const u1 = judge(w, { remote: 'down', peers: 'unknown' }, 10_000 + 5 * W, W) as { watch: ConfirmWatch; evidence: string };
  assert.equal([u1.evidence, u1.watch.failedProbes, u1.watch.lostSince], ['unknown', 1, 10_000]);
  const u2 = judge(u1.watch, { remote: 'unknown', peers: [] }, 10_000 + 6 * W, W) as { watch: ConfirmWatch; evidence: string };
  assert.equal([u2.evidence, u2.watch.failedProbes], ['unknown', 2]);
  // Either side reachable is still evidence, whatever the other could not tell.
  assert.equal(judge(u2.watch, { remote: 'unknown', peers: ['r4'] }, 10_000 + 6 * W, W), { kind: 'confirmed' });
  assert.equal(judge(u2.watch, lost, 10_000 + 6 * W, W), { kind: 'rollBack', lostForMs: 6 * W });
});
rule.run();

const when = suite('watchAfter');
const changed = { ok: true, changed: true, commit: C2, peersUpBefore: ['r4'] };
when('a change that succeeded, with peers up before it and a previous state: watched from now', () => {
  assert.equal(watchAfter(changed, previous, true, 42), { commit: C2, previous, peers: ['r4'], startedAt: 42, failedProbes: 0 });
});
when('nothing to watch: a failure, no change, rollback off, no previous state, the same commit, no peer up before', () => {
  assert.is(watchAfter({ ...changed, ok: false }, previous, true, 0), undefined);
  assert.is(watchAfter({ ...changed, changed: false }, previous, true, 0), undefined);
  assert.is(watchAfter(changed, previous, false, 0), undefined);
  assert.is(watchAfter(changed, undefined, true, 0), undefined);
  assert.is(watchAfter({ ...changed, commit: C1 }, previous, true, 0), undefined);
  assert.is(watchAfter({ ...changed, peersUpBefore: [] }, previous, true, 0), undefined);
});
when.run();

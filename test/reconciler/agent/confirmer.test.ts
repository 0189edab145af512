import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConfirmWatch, Reading } from '../../../reconciler/agent/confirm.js';
import { Confirmer } from '../../../reconciler/agent/confirmer.js';
import { makeLogger } from '../../../reconciler/log.js';
import { desiredState } from '../../support/desired.js';
import { ManualClock } from '../../support/manual-clock.js';
import { C1, C2 } from '../../support/steps.js';

const W = 3000;
const EVERY = 500;
interface Ctx { clock: ManualClock; readings: Reading[]; probed: number; rolledBack: [string, number][]; events: string[]; c: Confirmer }
const setup = (ctx: Ctx) => {
  ctx.clock = new ManualClock();
  ctx.readings = [];
  ctx.probed = 0;
  ctx.rolledBack = [];
  ctx.events = [];
  ctx.c = new Confirmer({
    clock: ctx.clock, windowMs: () => W, everyMs: () => EVERY,
    log: makeLogger({ format: 'json', write: (l) => ctx.events.push(JSON.parse(l).event), now: () => new Date(ctx.clock.now()) }),
    probe: async () => { ctx.probed++; return ctx.readings.shift() ?? { remote: 'down', peers: [] }; },
    rollBack: (w, lostForMs) => { ctx.rolledBack.push([w.commit, lostForMs]); },
  });
};
const watch = (clock: ManualClock): ConfirmWatch => ({ commit: C2, previous: { commit: C1, desired: desiredState(), at: 'x' }, peers: ['r4'], startedAt: clock.now(), failedProbes: 0 });

const c = suite<Ctx>('Confirmer');
c.before.each(setup);
c.after.each((ctx) => { ctx.c.stop(); });

c('lost from the start: probed every 500 ms, handed to rollBack once the window is lost, then quiet', async (ctx) => {
  ctx.c.watch(watch(ctx.clock));
  await ctx.clock.advance(EVERY + W - 1);
  assert.equal(ctx.rolledBack, []);
  await ctx.clock.advance(1);
  assert.equal(ctx.rolledBack, [[C2, W]]);
  assert.is(ctx.probed, 7);
  assert.is(ctx.c.watching, undefined);
  await ctx.clock.advance(10 * W);
  assert.is(ctx.probed, 7);
  assert.equal(ctx.events.filter((e) => e === 'confirm-lost').length, 6);
});
c('reachable all along: confirmed after the window, no rollback', async (ctx) => {
  ctx.readings = Array.from({ length: 10 }, () => ({ remote: 'up', peers: [] }));
  ctx.c.watch(watch(ctx.clock));
  await ctx.clock.advance(10 * W);
  assert.equal(ctx.rolledBack, []);
  assert.ok(ctx.events.includes('confirmed'));
  assert.is(ctx.probed, W / EVERY);
});
c('probes that cannot tell: watched on and counted, never rolled back', async (ctx) => {
  ctx.readings = Array.from({ length: 20 }, () => ({ remote: 'unknown', peers: 'unknown' }));
  ctx.c.watch(watch(ctx.clock));
  await ctx.clock.advance(20 * EVERY);
  assert.equal(ctx.rolledBack, []);
  assert.is(ctx.c.watching?.failedProbes, 20);
});
c('a newer watch replaces the old one; stop ends the probing', async (ctx) => {
  ctx.c.watch(watch(ctx.clock));
  await ctx.clock.advance(EVERY * 2);
  const newer = { ...watch(ctx.clock), commit: '3'.repeat(40) };
  ctx.c.watch(newer);
  await ctx.clock.advance(W + EVERY);
  assert.equal(ctx.rolledBack, [['3'.repeat(40), W]]);
  ctx.c.watch(watch(ctx.clock));
  ctx.c.stop();
  const before = ctx.probed;
  await ctx.clock.advance(10 * W);
  assert.is(ctx.probed, before);
});
c.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runSteps, type Step } from '../../reconciler/driver.js';
import { Stalled } from '../../reconciler/errors.js';
import { makeLogger } from '../../reconciler/log.js';

type Ctx = { ran: string[]; finished?: boolean };
const step = (name: string, condition: string, behave: 'ok' | 'done' | 'fail'): Step<Ctx> => ({
  name, condition,
  async run(ctx) {
    ctx.ran.push(name);
    if (behave === 'fail') throw new Stalled('UnknownSigner', `commit 1a2b3c is signed by a key not in allowed_signers`);
    return { message: `${name} ok`, ...(behave === 'done' && { done: true }) };
  },
});

const driver = suite('runSteps');
driver('runs steps in order; Ready derives from the conditions; finish always runs', async () => {
  const ctx: Ctx = { ran: [] };
  const o = await runSteps([step('fetchSource', 'Fetched', 'ok'), step('verifyTip', 'Verified', 'ok')], ctx, async (_o, c) => { c.finished = true; });
  assert.equal(ctx.ran, ['fetchSource', 'verifyTip']);
  assert.ok(o.ok);
  assert.equal(o.ready, { type: 'Ready', status: true, reason: 'Succeeded', message: 'verifyTip ok' });
  assert.ok(ctx.finished);
});
driver('a failing step stops the run and names its reason; later steps never run', async () => {
  const ctx: Ctx = { ran: [] };
  let seen: boolean | undefined;
  const o = await runSteps([step('fetchSource', 'Fetched', 'ok'), step('verifyTip', 'Verified', 'fail'), step('applyPlan', 'Applied', 'ok')], ctx,
    async (out) => { seen = out.ok; });
  assert.equal(ctx.ran, ['fetchSource', 'verifyTip']);
  assert.is(o.failedStep, 'verifyTip');
  assert.equal(o.conditions.map((c) => [c.type, c.status, c.reason]), [['Fetched', true, 'Succeeded'], ['Verified', false, 'UnknownSigner']]);
  assert.is(o.ready.status, false);
  assert.is(o.ready.reason, 'UnknownSigner');
  assert.is(seen, false);
});
driver('a step can end the reconcile early and successfully', async () => {
  const ctx: Ctx = { ran: [] };
  const o = await runSteps([step('fetchSource', 'Fetched', 'done'), step('applyPlan', 'Applied', 'ok')], ctx, async () => {});
  assert.equal(ctx.ran, ['fetchSource']);
  assert.ok(o.ok);
});
driver.run();

const log = suite('logger');
log('JSON lines when not on a terminal, secrets masked whatever the caller passes', () => {
  const lines: string[] = [];
  const l = makeLogger({ format: 'json', write: (s) => lines.push(s), now: () => new Date('2026-01-01T00:00:00Z') }).child({ router: 'r1' });
  l.log('info', 'fetched', { commit: 'abc', token: 'hunter2', tokenFile: '/etc/dlan/token', privateKey: 'x' });
  const o = JSON.parse(lines[0]!);
  assert.equal(o, { time: '2026-01-01T00:00:00.000Z', level: 'info', event: 'fetched', router: 'r1', commit: 'abc', token: '(redacted)', tokenFile: '/etc/dlan/token', privateKey: '(redacted)' });
  assert.not.match(lines.join(''), 'hunter2');
});
log('text on a terminal, below-threshold levels dropped', () => {
  const lines: string[] = [];
  const l = makeLogger({ format: 'text', write: (s) => lines.push(s), now: () => new Date(0) });
  l.log('debug', 'noise');
  l.log('warn', 'slow', { ms: 5 });
  assert.equal(lines, ['warn: slow ms=5\n']);
});
log.run();

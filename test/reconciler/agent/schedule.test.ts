import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCronNext, scheduleDelay } from '../../../reconciler/agent/schedule.js';

const s = suite('scheduleDelay');
const base = { intervalMs: 60_000, jitterMs: 10_000 };
s('interval plus a jitter proportional to the random draw', () => {
  assert.is(scheduleDelay(base, 0), 60_000);
  assert.is(scheduleDelay(base, 0.5), 65_000);
  assert.ok(scheduleDelay(base, 0.999999) < 70_000);
});
s('a cron expression gives the time to its next run, with the real cron package', async () => {
  const next = await loadCronNext();
  const d = scheduleDelay({ ...base, cron: '*/5 * * * * *', jitterMs: 0 }, 0, next);
  assert.ok(d >= 0 && d <= 5000, String(d));
  const hourly = scheduleDelay({ ...base, cron: '0 0 * * * *', jitterMs: 1000 }, 0.5, next);
  assert.ok(hourly >= 500 && hourly <= 3_600_500, String(hourly));
});
s('until the cron package is loaded, the interval stands in', () => {
  assert.is(scheduleDelay({ ...base, cron: '*/5 * * * * *' }, 0), 60_000);
});
s.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCronNext, scheduleDelay } from '../../../reconciler/agent/schedule.js';

const NOW = Date.parse('2030-01-02T03:04:03Z');
const s = suite('scheduleDelay');
const base = { intervalMs: 60_000, jitterMs: 10_000 };
s('interval plus a jitter proportional to the random draw', () => {
  assert.is(scheduleDelay(base, 0, NOW), 60_000);
  assert.is(scheduleDelay(base, 0.5, NOW), 65_000);
  assert.is(scheduleDelay(base, 0.999999, NOW), 69_999);
});
s('a cron expression gives the time from now to its next run, with the real cron package', async () => {
  const next = await loadCronNext();
  assert.is(scheduleDelay({ ...base, cron: '*/5 * * * * *', jitterMs: 0 }, 0, NOW, next), 2000, '03:04:03 → 03:04:05');
  assert.is(scheduleDelay({ ...base, cron: '0 0 * * * *', jitterMs: 1000 }, 0.5, NOW, next), 3_600_000 - 243_000 + 500, '→ 04:00:00, plus half the jitter');
  assert.is(scheduleDelay({ ...base, cron: '*/5 * * * * *', jitterMs: 0 }, 0, Date.parse('2030-01-02T03:04:05Z'), next), 5000, 'on the dot: the next one');
});
s('until the cron package is loaded, the interval stands in', () => {
  assert.is(scheduleDelay({ ...base, cron: '*/5 * * * * *' }, 0, NOW), 60_000);
});
s.run();

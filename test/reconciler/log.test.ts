import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeLogger } from '../../reconciler/log.js';

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

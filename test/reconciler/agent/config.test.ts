import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAgentConfig, parseDuration } from '../../../reconciler/agent/config.js';
import { formatDiagnostic } from '../../../reconciler/topology/diagnostic.js';

const cfg = suite('agent.yaml');
cfg('fills defaults', () => {
  const r = parseAgentConfig({ path: '/etc/dlan/agent.yaml', text: 'router: r1\nrepo: { url: https://git.example/net.git }\ntrust: { allowedSigners: /etc/dlan/allowed_signers }\n' });
  assert.equal(r.diagnostics, []);
  assert.is(r.config?.repo.branch, 'main');
  assert.is(r.config?.schedule.intervalMs, 60_000);
  assert.is(r.config?.rollback.windowMs, 120_000);
  assert.is(r.config?.serviceManager, 'systemd');
  assert.is(r.config?.stateDir, '/var/lib/dlan');
});
cfg('is checked like the topology: file, line, field', () => {
  const r = parseAgentConfig({ path: '/etc/dlan/agent.yaml', text: 'router: r1\nrepo: { url: ftp://x }\ntrust: {}\nschedule: { interval: soon }\n' });
  assert.equal(r.diagnostics.map(formatDiagnostic), [
    '/etc/dlan/agent.yaml:2:14: repo.url: has the wrong form (must match ^(https?://|/))',
    '/etc/dlan/agent.yaml:4:23: schedule.interval: has the wrong form (must match ^[0-9]+(ms|s|m|h)$)',
  ]);
});
cfg('refuses a config that trusts nobody', () => {
  const r = parseAgentConfig({ path: 'agent.yaml', text: 'router: r1\nrepo: { url: /srv/net }\ntrust: { verify: tip }\n' });
  assert.equal(r.diagnostics.map((d) => d.code), ['NoTrustRoot']);
});
cfg('durations', () => {
  assert.is(parseDuration('250ms'), 250);
  assert.is(parseDuration('2m'), 120_000);
  assert.throws(() => parseDuration('2 minutes'));
});
cfg.run();

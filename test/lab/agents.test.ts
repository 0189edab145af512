import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderAgentConfig } from '../../lab/agents.js';
import { parseAgentConfig } from '../../reconciler/agent/config.js';

const render = suite('renderAgentConfig');
render('is a valid agent.yaml: process service manager, root /, the lab repo, the lab signer', () => {
  const text = renderAgentConfig('r3', 'http://203.0.113.80:8080/topology.git');
  const { config, diagnostics } = parseAgentConfig({ path: '/etc/dlan/agent.yaml', text });
  assert.equal(diagnostics, []);
  assert.is(config!.router, 'r3');
  assert.equal(config!.repo, { url: 'http://203.0.113.80:8080/topology.git', branch: 'main' });
  assert.is(config!.trust.allowedSigners, '/etc/dlan/allowed_signers');
  assert.is(config!.serviceManager, 'process');
  assert.is(config!.root, '/');
  assert.is(config!.schedule.intervalMs, 5000);
});
render('intervals can be tuned', () => {
  const { config } = parseAgentConfig({ path: 'a.yaml', text: renderAgentConfig('r1', 'http://x/t.git', { interval: '2s', jitter: '0s' }) });
  assert.is(config!.schedule.intervalMs, 2000);
  assert.is(config!.schedule.jitterMs, 0);
});
render.run();

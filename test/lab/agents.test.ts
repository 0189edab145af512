import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderAgentConfig } from '../../lab/agents.js';
import { parseAgentConfig } from '../../reconciler/agent-config.js';

const render = suite('renderAgentConfig');
render('is a valid agent.yaml: process service manager, wireguard-go, root /, the lab repo, the lab signer, a 2 s schedule', () => {
  const text = renderAgentConfig('r3', 'http://203.0.113.80:8080/topology.git');
  const { config, diagnostics } = parseAgentConfig({ path: '/etc/dlan/agent.yaml', text });
  assert.equal(diagnostics, []);
  assert.is(config!.router, 'r3');
  assert.equal(config!.repo, { url: 'http://203.0.113.80:8080/topology.git', branch: 'main', maxFetchBytes: 64 * 1024 * 1024 });
  assert.is(config!.trust.allowedSigners, '/etc/dlan/allowed_signers');
  assert.is(config!.serviceManager, 'process');
  assert.is(config!.wireguard, 'userspace');
  assert.is(config!.root, '/');
  assert.is(config!.schedule.intervalMs, 2000);
  assert.is(config!.schedule.jitterMs, 1000);
});
render('intervals can be tuned', () => {
  const { config } = parseAgentConfig({ path: 'a.yaml', text: renderAgentConfig('r1', 'http://x/t.git', { interval: '10s', jitter: '0s' }) });
  assert.is(config!.schedule.intervalMs, 10000);
  assert.is(config!.schedule.jitterMs, 0);
});
render('statuses to a forge: the token stays in its own file', () => {
  const text = renderAgentConfig('r2', 'http://x/t.git', { status: { forge: 'github', url: 'http://203.0.113.80:3000', repo: 'lab/topology', token: 'sekrit' } });
  const { config, diagnostics } = parseAgentConfig({ path: 'a.yaml', text });
  assert.equal(diagnostics, []);
  assert.equal(config!.status, { forge: 'github', url: 'http://203.0.113.80:3000', repo: 'lab/topology', tokenFile: '/etc/dlan/forge-token' });
  assert.not.match(text, 'sekrit');
});
render.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { observeHealth, summarizeHealth, type HealthExpectations } from '../../../reconciler/health/index.js';
import { waitFor } from '../../support/ns-node.js';
import { makePair, removePair, type RouterPair } from '../../support/router-pair.js';

const now = (): number => Math.floor(Date.now() / 1000);

const obs = suite<{ pair: RouterPair; expect: HealthExpectations }>('observeHealth');
obs.before(async (ctx) => {
  ctx.pair = await makePair();
  ctx.expect = { peers: [{ name: 'b', publicKey: ctx.pair.b.publicKey, ifname: 'vx-b', endpoint: '192.0.2.2:51820' }], daemons: ['frr', 'wireguard'], commit: 'c1' };
});
obs.after(async (ctx) => { await removePair(ctx.pair); });

const health = async (pair: RouterPair, expect: HealthExpectations) =>
  summarizeHealth(expect, await observeHealth(pair.a.node.host, pair.a.sm, expect, { wireguardIfname: 'wg-dlan', appliedCommit: 'c1' }), now());

obs('a converged pair is healthy: fresh handshake, OSPF Full in both families, BFD up', async ({ pair, expect }) => {
  const h = await waitFor('healthy', async () => { const x = await health(pair, expect); return x.status === 'healthy' ? x : undefined; }, 30_000, 200);
  assert.equal(h.problems, []);
  const p = h.peers[0]!;
  assert.equal([p.wireguard, p.ospf, p.ospf6, p.bfd, p.up], ['up', 'Full', 'Full', 'up', true]);
  // Fresh is summarize's judgement (under WireGuard's 180 s); the age itself depends on the machine's load.
  assert.type(p.handshakeAgeS, 'number');
  assert.equal(h.daemons, [{ name: 'frr', running: true }, { name: 'wireguard', running: true }]);
});
obs('the peer\'s WireGuard gone: BFD and then OSPF notice it, the router is down while the handshake still looks recent', async ({ pair, expect }) => {
  await pair.b.sm.stop('wireguard');
  const h = await waitFor('down', async () => { const x = await health(pair, expect); return x.status === 'down' ? x : undefined; }, 30_000, 50);
  assert.is(h.peersUp, 0);
  assert.match(h.problems[0]!, /^peer b: .*(OSPF|BFD)/);
  assert.is(h.peers[0]!.wireguard, 'up', 'the last handshake is still recent: WireGuard alone cannot tell');
});
obs('a daemon of its own not running is down, whatever the peers', async ({ pair, expect }) => {
  await pair.a.sm.stop('frr');
  const h = await health(pair, expect);
  assert.is(h.status, 'down');
  assert.ok(h.problems.includes('daemon frr is not running'));
});
obs.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { healthExpectations } from '../../../reconciler/health/index.js';
import type { DesiredState } from '../../../renderers/state.js';

const KEY = { r4: 'r4Key4444444444444444444444444444444444444=', r5: 'r5Key5555555555555555555555555555555555555=' };

const exp = suite('healthExpectations');
exp('each WireGuard peer with its VXLAN link and endpoint; the daemons; the commit', () => {
  const desired = {
    router: 'r1', files: [], addresses: [],
    wireguard: { ifname: 'wg-dlan', listenPort: 51820, privateKeyFile: '/k', mtu: 1420, addresses: [], peers: [
      { name: 'r4', publicKey: KEY.r4, endpoint: '203.0.113.4:51820', allowedIps: [] },
      { name: 'r5', publicKey: KEY.r5, allowedIps: [] }] },
    vxlans: [{ ifname: 'vx-r4', peer: 'r4', vni: 1, local: 'a', remote: 'b', dstPort: 4789, dev: 'wg-dlan', mtu: 1370, addresses: [] },
      { ifname: 'vx-r5', peer: 'r5', vni: 2, local: 'a', remote: 'c', dstPort: 4789, dev: 'wg-dlan', mtu: 1370, addresses: [] }],
    services: [{ name: 'nftables', onChange: 'nft-apply', daemon: false }, { name: 'frr', onChange: 'frr-reload', daemon: true }],
  } satisfies DesiredState;
  assert.equal(healthExpectations(desired, { commit: 'abc', bfd: false }), {
    peers: [
      { name: 'r4', publicKey: KEY.r4, ifname: 'vx-r4', endpoint: '203.0.113.4:51820' },
      { name: 'r5', publicKey: KEY.r5, ifname: 'vx-r5' }],
    daemons: ['frr'], commit: 'abc', bfd: false,
  });
});
exp.run();

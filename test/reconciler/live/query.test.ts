import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DesiredState } from '../../../renderers/state.js';
import { liveQuery } from '../../../reconciler/live/index.js';

const desired: DesiredState = {
  router: 'r1',
  files: [
    { path: '/etc/nginx/nginx.conf', content: '', mode: 0o644, service: 'nginx' },
    { path: '/etc/frr/frr.conf', content: '', mode: 0o640, service: 'frr' },
  ],
  wireguard: { ifname: 'wg-dlan', listenPort: 51820, privateKeyFile: '/etc/dlan/wg.key', mtu: 1420, addresses: [], peers: [] },
  vxlans: [],
  addresses: [{ ifname: 'lo', addresses: ['10.255.0.1/32'] }, { ifname: 'eth1', addresses: ['10.1.0.1/24'] }],
  services: [
    { name: 'nftables', onChange: 'nft-apply', daemon: false },
    { name: 'nginx', onChange: 'reload', daemon: true },
    { name: 'frr', onChange: 'frr-reload', daemon: true },
  ],
};

const q = suite('liveQuery');
q('asks for the desired files and the inventory\'s, the links with addresses, the daemons and FRR', () => {
  assert.equal(liveQuery(desired, { inventoryFiles: ['/etc/dnsmasq.d/dlan.conf', '/etc/frr/frr.conf'] }), {
    files: ['/etc/dnsmasq.d/dlan.conf', '/etc/frr/frr.conf', '/etc/nginx/nginx.conf'],
    wireguard: 'wg-dlan',
    interfaces: ['eth1', 'lo'],
    daemons: ['frr', 'nginx'],
    frr: {},
  });
});
q('no FRR question without FRR; a pathspace is passed on', () => {
  const noFrr = { ...desired, services: desired.services.filter((s) => s.name !== 'frr') };
  assert.is(liveQuery(noFrr).frr, undefined);
  assert.equal(liveQuery(desired, { frrPathspace: 'dlan' }).frr, { pathspace: 'dlan' });
});
q.run();

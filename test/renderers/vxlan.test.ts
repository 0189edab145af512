import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { interfaceAddresses } from '../../renderers/addresses.js';
import { render } from '../../renderers/render.js';
import { VXLAN_PORT, vxlanSpecs } from '../../renderers/vxlan.js';
import { hubs, topo } from '../support/topo.js';
import { renderedSample } from '../support/rendered.js';

const vx = suite('renderVxlan');
const sample = await renderedSample();

vx('every link runs over wg-dlan with an MTU set (a link without dev gets 1500)', () => {
  for (const d of sample.values()) {
    assert.ok(d.vxlans.length > 0, d.router);
    for (const v of d.vxlans) {
      assert.is(v.dev, 'wg-dlan');
      assert.is(v.dstPort, VXLAN_PORT);
      assert.ok(Number.isInteger(v.mtu) && v.mtu < 1500, `${d.router} ${v.ifname}`);
    }
  }
});
vx('r1 → r4: dl4, VNI 1×4096+4, local/remote are the WireGuard IPv4 addresses, /31 and /127 on the link', () => {
  assert.equal(sample.get('r1')!.vxlans.find((v) => v.ifname === 'dl4'), {
    ifname: 'dl4', peer: 'r4', vni: 4100, local: '10.255.64.1', remote: '10.255.64.4', dstPort: 4789, dev: 'wg-dlan', mtu: 1370,
    addresses: ['10.255.128.6/31', 'fd64:6c61:6e:2::6/127'],
  });
});
vx('both ends of a link agree: same VNI, mirrored local/remote, the two halves of the /31 and /127', () => {
  for (const d of sample.values()) {
    for (const v of d.vxlans) {
      const w = sample.get(v.peer)!.vxlans.find((x) => x.peer === d.router)!;
      assert.is(w.vni, v.vni);
      assert.is(w.local, v.remote);
      assert.is(w.remote, v.local);
      const [a4, a6] = v.addresses.map((a) => a.split('/')[0]);
      const [b4, b6] = w.addresses.map((a) => a.split('/')[0]);
      assert.is.not(a4, b4);
      assert.is(a4!.split('.').slice(0, 3).join('.'), b4!.split('.').slice(0, 3).join('.'));
      assert.is.not(a6, b6);
    }
  }
});
vx('links are sorted by interface name; a router without peers has none', () => {
  const t = hubs().router('x', { id: 12 }).router('y', { id: 3 });
  assert.equal(vxlanSpecs(t.slice('h1')).map((v) => v.ifname), ['dl12', 'dl2', 'dl3']);
  assert.equal(render(topo().router('lonely', { id: 3 }).slice('lonely')).vxlans, []);
});
vx.run();

const addr = suite('interfaceAddresses');
addr('loopback /32 and /128 on lo, the first LAN address on the LAN port', () => {
  assert.equal(sample.get('r1')!.addresses, [
    { ifname: 'eth1', addresses: ['10.1.0.1/24', 'fd00:1::1/64'] },
    { ifname: 'lo', addresses: ['10.255.0.1/32', 'fd64:6c61:6e::1/128'] },
  ]);
});
addr('a router without LAN (r4, r5) only gets its loopback', () => {
  assert.equal(sample.get('r4')!.addresses, [{ ifname: 'lo', addresses: ['10.255.0.4/32', 'fd64:6c61:6e::4/128'] }]);
});
addr('IPv4-only and IPv6-only LANs get one address each', () => {
  const t = hubs().router('a', { id: 3, lan: { interface: 'br0', ipv4: '192.168.7.0/24' } }).router('b', { id: 4, lan: { interface: 'br0', ipv6: 'fd00:b::/64' } });
  assert.equal(interfaceAddresses(t.slice('a'))[0], { ifname: 'br0', addresses: ['192.168.7.1/24'] });
  assert.equal(interfaceAddresses(t.slice('b'))[0], { ifname: 'br0', addresses: ['fd00:b::1/64'] });
});
addr.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MIN_UNDERLAY_MTU, mtus, VXLAN_OVERHEAD, WIREGUARD_OVERHEAD } from '../../renderers/mtu.js';
import { render } from '../../renderers/render.js';
import { hubs, topo } from '../support/topo.js';
import { renderedSample, fileOf } from '../support/rendered.js';

const arithmetic = suite('mtus');
arithmetic('a 1500 underlay gives 1420 on WireGuard, 1370 on VXLAN, MSS 1330 / 1310', () => {
  assert.equal(mtus(1500), { underlay: 1500, wireguard: 1420, vxlan: 1370, mss4: 1330, mss6: 1310 });
});
arithmetic('WireGuard over IPv6 costs 80 bytes and VXLAN over IPv4 50', () => {
  assert.is(WIREGUARD_OVERHEAD, 40 + 8 + 32);
  assert.is(VXLAN_OVERHEAD, 20 + 8 + 8 + 14);
});
arithmetic('follows the underlay: 9000 gives 8920 / 8870 / 8830 / 8810', () => {
  assert.equal(mtus(9000), { underlay: 9000, wireguard: 8920, vxlan: 8870, mss4: 8830, mss6: 8810 });
});
arithmetic('the smallest underlay that keeps IPv6 (1280) on the VXLAN links is 1410', () => {
  assert.is(MIN_UNDERLAY_MTU, 1410);
  assert.is(mtus(MIN_UNDERLAY_MTU).vxlan, 1280);
});
arithmetic.run();

const applied = suite('MTU in the rendered state');
applied('sample: wg-dlan 1420, every VXLAN link 1370, nftables clamps to 1330 and 1310', async () => {
  for (const d of (await renderedSample()).values()) {
    assert.is(d.wireguard.mtu, 1420);
    for (const v of d.vxlans) assert.is(v.mtu, 1370, v.ifname);
    const nft = fileOf(d, '/etc/dlan/nftables.nft');
    assert.match(nft, 'meta nfproto ipv4 tcp flags syn / syn,rst tcp option maxseg size > 1330 tcp option maxseg size set 1330');
    assert.match(nft, 'meta nfproto ipv6 tcp flags syn / syn,rst tcp option maxseg size > 1310 tcp option maxseg size set 1310');
  }
});
applied('network.mtu 1452 (PPPoE) moves every figure by 48', () => {
  const d = render(hubs({ mtu: 1452 }).slice('h1'));
  assert.is(d.wireguard.mtu, 1372);
  assert.equal(d.vxlans.map((v) => v.mtu), [1322]);
  assert.match(d.files.find((f) => f.service === 'nftables')!.content, 'maxseg size set 1282');
  assert.match(d.files.find((f) => f.service === 'nftables')!.content, 'maxseg size set 1262');
});
applied('both ends of every sample link have the same MTU (or OSPF sticks in ExStart)', async () => {
  const all = [...(await renderedSample()).values()];
  for (const d of all) {
    for (const v of d.vxlans) {
      const other = all.find((x) => x.router === v.peer)!.vxlans.find((w) => w.peer === d.router)!;
      assert.is(other.mtu, v.mtu);
    }
  }
});
applied('network.yaml refuses an underlay below 1410 (the links would lose IPv6, and OSPFv3 with it)', () => {
  assert.throws(() => topo({ mtu: 1400 }).router('a', { id: 1 }).build(), /must be at least 1410/);
  assert.is(render(topo({ mtu: 1410 }).router('a', { id: 1 }).slice('a')).wireguard.mtu, 1330);
});
applied.run();

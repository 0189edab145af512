import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NFTABLES_PATH, nftablesConfig } from '../../renderers/nftables.js';
import { slice } from '../../model/slice.js';
import { sampleTopology } from '../support/sample.js';
import { hubs } from '../support/topo.js';
import { fileOf, renderedSample } from '../support/rendered.js';

const nft = suite('renderNftables');
const sample = await renderedSample();
const conf = (router: string): string => fileOf(sample.get(router)!, NFTABLES_PATH);
const has = (text: string, line: string): boolean => text.split('\n').map((l) => l.trim()).includes(line);

nft('the table is replaced atomically: create-if-missing, delete, define, in one file', () => {
  for (const r of sample.keys()) {
    const body = conf(r).split('\n').filter((l) => !l.startsWith('#'));
    assert.equal(body.slice(0, 3), ['table inet dlan {}', 'delete table inet dlan', 'table inet dlan {'], r);
    assert.is(conf(r).match(/^table /gm)!.length, 2);
  }
});
nft('the VXLAN links form the set the OSPF, forward and MSS rules use, one element per line', () => {
  assert.match(conf('r4'), '\t\telements = {\n\t\t\t"dl1",\n\t\t\t"dl2",\n\t\t\t"dl3",\n\t\t\t"dl5",\n\t\t}\n');
  assert.ok(has(conf('r4'), 'meta l4proto ospf iifname != @links drop'));
  assert.ok(has(conf('r4'), 'iifname @links oifname @links accept'));
});
nft('transit between overlay links is accepted before conntrack drops invalid packets (a hub may see one direction only)', () => {
  for (const r of sample.keys()) {
    const forward = conf(r).split('\tchain forward {')[1]!.split('\t}')[0]!.split('\n').map((l) => l.trim()).filter(Boolean);
    assert.is(forward.indexOf('iifname @links oifname @links accept'), 1, r);
    assert.ok(forward.indexOf('ct state invalid drop') > 1, r);
  }
});
nft('VXLAN only from wg-dlan, nothing else on wg-dlan but ICMP', () => {
  const text = conf('r1');
  for (const l of ['udp dport 4789 iifname != "wg-dlan" drop', 'iifname "wg-dlan" udp dport 4789 accept',
    'iifname "wg-dlan" meta l4proto { icmp, ipv6-icmp } accept', 'iifname "wg-dlan" drop']) assert.ok(has(text, l), l);
  assert.ok(text.indexOf('udp dport 4789 iifname != "wg-dlan" drop') < text.indexOf('iifname "wg-dlan" drop'));
});
nft('VXLAN on wg-dlan skips conntrack both ways (per-packet cost on the data path); nothing else is untracked', () => {
  for (const r of sample.keys()) {
    const text = conf(r);
    assert.ok(has(text, 'type filter hook prerouting priority raw; policy accept;'), r);
    assert.ok(has(text, 'iifname "wg-dlan" udp dport 4789 notrack'), r);
    assert.ok(has(text, 'type filter hook output priority raw; policy accept;'), r);
    assert.ok(has(text, 'oifname "wg-dlan" udp dport 4789 notrack'), r);
    assert.is(text.match(/notrack$/gm)!.length, 2, r);
  }
});
nft('WAN input: WireGuard port and the exposed ports, TCP and UDP, then drop', () => {
  const r4 = conf('r4');
  for (const l of ['iifname "eth0" jump wan_input', 'udp dport 51820 accept', 'tcp dport { 80, 443 } accept', 'udp dport 27015 accept', 'drop']) assert.ok(has(r4, l), l);
  assert.ok(has(conf('r5'), 'tcp dport { 80, 443, 2222 } accept'));
  assert.not.match(conf('r1'), 'tcp dport');
});
nft('the webhook port is opened on the WAN only when the agent receives webhooks', async () => {
  const s = slice(await sampleTopology(), 'r4');
  const wan = (text: string) => text.split('\tchain wan_input {')[1]!.split('\t}')[0]!;
  assert.ok(has(wan(nftablesConfig(s, { webhookPort: 9478 })), 'tcp dport 9478 accept comment "dlan webhook"'));
  assert.not.match(nftablesConfig(s), '9478');
  assert.ok(wan(nftablesConfig(s, { webhookPort: 9478 })).trim().endsWith('drop'), 'still dropping the rest');
});
nft('forwarding LAN → WAN and LAN ↔ overlay, masquerade from the LAN prefixes only', () => {
  const r1 = conf('r1');
  for (const l of ['iifname "eth1" oifname "eth0" accept', 'iifname "eth1" oifname @links accept', 'iifname @links oifname "eth1" accept',
    'oifname "eth0" ip saddr 10.1.0.0/24 masquerade', 'oifname "eth0" ip6 saddr fd00:1::/64 masquerade',
    'type filter hook forward priority filter; policy drop;']) assert.ok(has(r1, l), l);
});
nft('servers on one LAN reach each other through a bridged LAN even when br_netfilter sends bridged frames through forward', () => {
  assert.ok(has(conf('r1'), 'iifname "eth1" oifname "eth1" accept'));
});
nft('a router without LAN has no NAT chain and no LAN rules', () => {
  assert.not.match(conf('r4'), 'postrouting');
  assert.not.match(conf('r4'), 'masquerade');
});
nft('no peers yet: the set is declared without elements (still valid nft)', () => {
  const text = nftablesConfig(hubs().router('x', { id: 3, noPeers: ['h1'] }).slice('h1'));
  assert.match(text, '\tset links {\n\t\ttype ifname\n\t\telements = {\n\t\t\t"dl2",\n\t\t}\n\t}');
});
nft('the WireGuard port follows the router\'s own endpoint', () => {
  assert.ok(has(nftablesConfig(hubs().router('p', { id: 3, endpoint: '192.0.2.3:41641' }).slice('p')), 'udp dport 41641 accept'));
});
nft.run();

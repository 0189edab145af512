import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseBfdPeers, parseIpAddrDetails, parseOspf6Neighbors, parseOspfNeighbors, parseWgDump } from '../../../reconciler/live/index.js';

// Outputs captured from iproute2 6.1, wireguard-tools 1.0.20210914 and FRR 8.4.4 on Debian 12.
const IP = JSON.stringify([
  { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, addr_info: [
    { family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' },
    { family: 'inet', local: '10.255.0.1', prefixlen: 32, scope: 'global' },
    { family: 'inet6', local: '::1', prefixlen: 128, scope: 'host' }] },
  { ifindex: 3, ifname: 'vx-r2', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1370,
    linkinfo: { info_kind: 'vxlan', info_data: { id: 4098, remote: '10.255.64.2', local: '10.255.64.1', link: 'wg-dlan', port: 4789 } },
    addr_info: [
      { family: 'inet', local: '10.255.128.0', prefixlen: 31, scope: 'global' },
      { family: 'inet6', local: 'fd64:6c61:6e:2:0:0:0:0', prefixlen: 127, scope: 'global', tentative: true },
      { family: 'inet6', local: 'fe80::48bc:55ff:fe91:b12', prefixlen: 64, scope: 'link' }] },
  { ifindex: 2, ifname: 'wg-dlan', flags: ['POINTOPOINT', 'MULTICAST', 'NOARP'], mtu: 1420,
    linkinfo: { info_kind: 'tun', info_data: { type: 'tun' } },
    addr_info: [{ family: 'inet', local: '10.255.64.1', address: '10.255.64.2', prefixlen: 32, scope: 'global' }] },
]);

const ip = suite('parseIpAddrDetails');
ip('links sorted by name with kind, UP flag, MTU and global addresses only', () => {
  const { links } = parseIpAddrDetails(IP);
  assert.equal(links, [
    { ifname: 'lo', kind: '', up: true, mtu: 65536, addresses: ['10.255.0.1/32'] },
    { ifname: 'vx-r2', kind: 'vxlan', up: true, mtu: 1370, addresses: ['10.255.128.0/31', 'fd64:6c61:6e:2::/127'] },
    { ifname: 'wg-dlan', kind: 'tun', up: false, mtu: 1420, addresses: ['10.255.64.1/32'] },
  ]);
});
ip('VXLAN details: VNI, underlay ends, port and lower device', () => {
  assert.equal(parseIpAddrDetails(IP).vxlans, [{
    ifname: 'vx-r2', vni: 4098, local: '10.255.64.1', remote: '10.255.64.2', dstPort: 4789, dev: 'wg-dlan',
    mtu: 1370, up: true, addresses: ['10.255.128.0/31', 'fd64:6c61:6e:2::/127'],
  }]);
});
ip.run();

const PRIVATE = 'uNUuTjpgumkhdH1lKHBAERAbdgEKdKua77nO/MuITkE=';
const PSK = 'FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=';
const DUMP = `${PRIVATE}\trwFP569kRJ5G9GCF7NIKmlbxQOdeqXueZgpRA9TOzxQ=\t51820\toff
hhTnR5VcgXN8IBGKEeTkYEI9HbQHVd1ft40xDZAvHTo=\t(none)\t192.0.2.2:51820\t10.255.64.2/32,fd64:6c61:6e:1:0::2/128\t1795609185\t6884\t7264\t25
AbTnR5VcgXN8IBGKEeTkYEI9HbQHVd1ft40xDZAvHTo=\t${PSK}\t(none)\t(none)\t0\t0\t0\toff
`;

const wg = suite('parseWgDump');
wg('interface and peers, sorted by key; never the private or preshared key', () => {
  const d = parseWgDump(DUMP);
  assert.equal(d, {
    listenPort: 51820, publicKey: 'rwFP569kRJ5G9GCF7NIKmlbxQOdeqXueZgpRA9TOzxQ=',
    peers: [
      { publicKey: 'AbTnR5VcgXN8IBGKEeTkYEI9HbQHVd1ft40xDZAvHTo=', allowedIps: [], rxBytes: 0, txBytes: 0, hasPresharedKey: true },
      { publicKey: 'hhTnR5VcgXN8IBGKEeTkYEI9HbQHVd1ft40xDZAvHTo=', endpoint: '192.0.2.2:51820',
        allowedIps: ['10.255.64.2/32', 'fd64:6c61:6e:1::2/128'], latestHandshake: 1795609185, rxBytes: 6884, txBytes: 7264,
        keepalive: 25, hasPresharedKey: false },
    ],
  });
  const text = JSON.stringify(d);
  assert.not.match(text, PRIVATE);
  assert.not.match(text, PSK);
});
wg('an interface without a private key has no public key; a fwmark is read', () => {
  assert.equal(parseWgDump('(none)\t(none)\t0\t0x1234\n'), { listenPort: 0, fwmark: 0x1234, peers: [] });
});
wg.run();

const ospf = suite('parseOspfNeighbors / parseOspf6Neighbors');
ospf('OSPFv2: state without the DR role, interface without its address', () => {
  const text = JSON.stringify({ neighbors: { '10.255.0.2': [{ priority: 1, state: 'Full/-', nbrState: 'Full/-', address: '10.255.128.1', ifaceName: 'vx-b:10.255.128.0' }],
    '10.255.0.10': [{ state: 'Init/DROther', address: '10.255.128.5', ifaceName: 'vx-c:10.255.128.4' }] } });
  assert.equal(parseOspfNeighbors(text), [
    { routerId: '10.255.0.2', state: 'Full', ifname: 'vx-b', address: '10.255.128.1' },
    { routerId: '10.255.0.10', state: 'Init', ifname: 'vx-c', address: '10.255.128.5' },
  ]);
});
ospf('OSPFv3, and empty output (nothing configured) is no neighbour', () => {
  const text = JSON.stringify({ neighbors: [{ neighborId: '10.255.0.2', priority: 1, state: 'Full', ifState: 'PointToPoint', interfaceName: 'vx-b' }] });
  assert.equal(parseOspf6Neighbors(text), [{ routerId: '10.255.0.2', state: 'Full', ifname: 'vx-b' }]);
  assert.equal(parseOspf6Neighbors(''), []);
  assert.equal(parseOspfNeighbors('{\n  "neighbors":{\n  }\n}\n'), []);
});
ospf.run();

const bfd = suite('parseBfdPeers');
bfd('sessions by interface then peer, link-local IPv6 included', () => {
  const text = JSON.stringify([
    { multihop: false, peer: 'fe80::3c5f:78ff:fe11:3a21', local: 'fe80::980a:1cff:fe81:142d', vrf: 'default', interface: 'vx-b', status: 'up' },
    { multihop: false, peer: '10.255.128.1', vrf: 'default', interface: 'vx-b', status: 'down' },
  ]);
  assert.equal(parseBfdPeers(text), [
    { peer: '10.255.128.1', ifname: 'vx-b', status: 'down', multihop: false },
    { peer: 'fe80::3c5f:78ff:fe11:3a21', local: 'fe80::980a:1cff:fe81:142d', ifname: 'vx-b', status: 'up', multihop: false },
  ]);
  assert.equal(parseBfdPeers('[\n]\n'), []);
});
bfd.run();

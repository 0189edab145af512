import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { leaseSeconds, macOfDuid, parseLeases } from '../../../reconciler/devices/leases.js';

// As dnsmasq 2.89 writes it for a LAN with DHCPv4 and DHCPv6 (lease.c's lease_update_file).
const FILE = [
  '1767268800 02:00:00:00:01:03 10.1.0.150 s3 ff:00:00:01:03:00:01:00:01:2d:1c:9b:a0:02:00:00:00:01:03',
  '1767268700 02:00:00:00:01:01 10.1.0.10 s1 *',
  '0 02:00:00:00:01:09 10.1.0.160 * *',
  '1767268800 06-aa:bb:cc:dd:ee:ff 10.1.0.170 tokenring *',
  'duid 00:01:00:01:2d:1c:9b:00:02:00:00:00:01:fe',
  '1767268900 1128601 fd00:1::1234 s3 00:01:00:01:2d:1c:9b:a0:02:00:00:00:01:03',
  '1767268900 T77 fd00:1::1235 laptop 00:03:00:01:02:00:00:00:01:07',
  '1767268900 99 fd00:1::1236 * 00:02:00:00:ab:11:01:02:03:04',
  '',
].join('\n');

const parse = suite('parseLeases');
parse('DHCPv4 lines: MAC, address, hostname, expiry; * means none; 0 means infinite', () => {
  const { leases, problems } = parseLeases(FILE, '/var/lib/misc/dnsmasq.leases');
  assert.equal(problems, []);
  assert.equal(leases.slice(0, 3), [
    { family: 4, address: '10.1.0.150', mac: '02:00:00:00:01:03', hostname: 's3', expiry: 1767268800, clientId: 'ff:00:00:01:03:00:01:00:01:2d:1c:9b:a0:02:00:00:00:01:03' },
    { family: 4, address: '10.1.0.10', mac: '02:00:00:00:01:01', hostname: 's1', expiry: 1767268700 },
    { family: 4, address: '10.1.0.160', mac: '02:00:00:00:01:09' },
  ]);
});
parse('a non-Ethernet hardware address keeps its lease but has no MAC', () => {
  const l = parseLeases(FILE, 'f').leases[3]!;
  assert.is(l.address, '10.1.0.170');
  assert.is(l.mac, undefined);
});
parse('DHCPv6 lines after `duid`: the MAC comes out of a DUID-LLT or DUID-LL, not a DUID-EN', () => {
  const v6 = parseLeases(FILE, 'f').leases.filter((l) => l.family === 6);
  assert.equal(v6.map((l) => [l.address, l.mac, l.hostname]), [
    ['fd00:1::1234', '02:00:00:00:01:03', 's3'],
    ['fd00:1::1235', '02:00:00:00:01:07', 'laptop'],
    ['fd00:1::1236', undefined, undefined],
  ]);
});
parse('lines that are not leases are reported with file and line, the rest still parse', () => {
  const { leases, problems } = parseLeases('garbage\n1767268800 02:00:00:00:01:03 10.1.0.150 s3 *\nsoon 02:00:00:00:01:04 10.1.0.151 x *\n', '/leases');
  assert.is(leases.length, 1);
  assert.equal(problems.map((p) => p.split(': ')[0]), ['/leases:1', '/leases:3']);
  assert.match(problems[1]!, 'expiry is not a number');
});
parse('an empty or missing file is no lease and no problem', () => {
  assert.equal(parseLeases('', 'f'), { leases: [], problems: [] });
});
parse.run();

const duid = suite('macOfDuid');
duid('LLT and LL of Ethernet give the MAC; other types and hardware do not', () => {
  assert.is(macOfDuid('00:01:00:01:2d:1c:9b:a0:02:00:00:00:01:03'), '02:00:00:00:01:03');
  assert.is(macOfDuid('00:03:00:01:02:00:00:00:01:07'), '02:00:00:00:01:07');
  assert.is(macOfDuid('00:03:00:06:02:00:00:00:01:07'), undefined);
  assert.is(macOfDuid('00:02:00:00:ab:11:01:02:03:04'), undefined);
  assert.is(macOfDuid('nonsense'), undefined);
});
duid.run();

const times = suite('leaseSeconds');
times('dnsmasq lease times', () => {
  assert.equal(['12h', '45m', '3600', '2d', '1w', 'infinite', 'soon'].map(leaseSeconds), [43200, 2700, 3600, 172800, 604800, undefined, undefined]);
});
times.run();

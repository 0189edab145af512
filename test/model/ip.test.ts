import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  contains, formatIPv6, formatPrefix, isNetworkAddress, overlaps, parseAddress, parseIPv4, parseIPv6, parsePrefix, reverseZone,
} from '../../model/ip.js';

const parsing = suite('parse');
parsing('IPv4 accepts dotted quads and refuses leading zeros and overflow', () => {
  assert.is(parseIPv4('10.1.0.255'), 0x0a0100ffn);
  assert.is(parseIPv4('10.1.0.256'), undefined);
  assert.is(parseIPv4('10.01.0.1'), undefined);
  assert.is(parseIPv4('10.1.0'), undefined);
});
parsing('IPv6 handles ::, embedded IPv4 and refuses two ::', () => {
  assert.is(parseIPv6('::'), 0n);
  assert.is(parseIPv6('::1'), 1n);
  assert.is(parseIPv6('fd00:1::10'), (0xfd00n << 112n) | (1n << 96n) | 0x10n);
  assert.is(parseIPv6('::ffff:192.0.2.1'), (0xffffn << 32n) | 0xc0000201n);
  assert.is(parseIPv6('1::2::3'), undefined);
  assert.is(parseIPv6('1:2:3:4:5:6:7:8:9'), undefined);
  assert.is(parseIPv6('12345::'), undefined);
});
parsing('prefixes keep the family asked for', () => {
  assert.ok(parsePrefix('10.1.0.0/24', 4));
  assert.is(parsePrefix('10.1.0.0/24', 6), undefined);
  assert.is(parsePrefix('10.1.0.0/33'), undefined);
  assert.is(parsePrefix('fd00::/129'), undefined);
});
parsing.run();

const format = suite('formatIPv6');
format('compresses the longest zero run, lower case, RFC 5952', () => {
  assert.is(formatIPv6(parseIPv6('FD00:0:0:1:0:0:0:10')!), 'fd00:0:0:1::10');
  assert.is(formatIPv6(parseIPv6('2001:db8:0:0:1:0:0:1')!), '2001:db8::1:0:0:1');
  assert.is(formatIPv6(parseIPv6('2001:db8:1:1:1:1:0:1')!), '2001:db8:1:1:1:1:0:1');
  assert.is(formatIPv6(0n), '::');
});
format.run();

const math = suite('prefix math');
math('network address, containment and overlap', () => {
  const lan = parsePrefix('10.1.0.0/24')!;
  assert.ok(isNetworkAddress(lan));
  assert.not.ok(isNetworkAddress(parsePrefix('10.1.0.1/24')!));
  assert.ok(contains(lan, parseAddress('10.1.0.200')!));
  assert.not.ok(contains(lan, parseAddress('10.1.1.1')!));
  assert.ok(overlaps(parsePrefix('10.0.0.0/8')!, lan));
  assert.not.ok(overlaps(parsePrefix('10.2.0.0/24')!, lan));
  assert.not.ok(overlaps(parsePrefix('fd00::/8')!, lan));
  assert.is(formatPrefix(parsePrefix('fd00:1:0::/64')!), 'fd00:1::/64');
});
math('reverse zones are whole octets / nibbles', () => {
  assert.is(reverseZone(parsePrefix('10.1.0.0/24')!), '0.1.10.in-addr.arpa');
  assert.is(reverseZone(parsePrefix('fd00:1::/64')!), '0.0.0.0.0.0.0.0.1.0.0.0.0.0.d.f.ip6.arpa');
});
math.run();

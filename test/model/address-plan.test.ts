import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AddressPlan, maxRouterId, pairIndex, vni } from '../../model/address-plan.js';
import { parsePrefix } from '../../model/ip.js';

const plan = new AddressPlan(parsePrefix('10.255.0.0/16')!, parsePrefix('fd64:6c61:6e::/48')!);

const pairs = suite('pairIndex');
pairs('numbers every pair of ids without gaps or repeats', () => {
  const seen = new Set<number>();
  for (let b = 2; b <= 60; b++) for (let a = 1; a < b; a++) seen.add(pairIndex(a, b));
  assert.is(seen.size, (59 * 60) / 2);
  assert.is(Math.max(...seen), seen.size - 1);
});
pairs('does not depend on argument order', () => {
  assert.is(pairIndex(7, 3), pairIndex(3, 7));
  assert.is(vni(7, 3), vni(3, 7));
});
pairs.run();

const addrs = suite('AddressPlan');
addrs('loopbacks, WireGuard addresses and links sit in their quarters', () => {
  assert.is(plan.loopback4(4), '10.255.0.4');
  assert.is(plan.wireguard4(4), '10.255.64.4');
  assert.is(plan.loopback6(4), 'fd64:6c61:6e::4');
  assert.is(plan.wireguard6(4), 'fd64:6c61:6e:1::4');
  assert.equal(plan.link(1, 2), { a4: '10.255.128.0', b4: '10.255.128.1', a6: 'fd64:6c61:6e:2::', b6: 'fd64:6c61:6e:2::1' });
  assert.equal(plan.link(2, 1), plan.link(1, 2));
  assert.is(plan.routerId(3), '10.255.0.3');
});
addrs('VNIs pack both ids in 24 bits', () => {
  assert.is(vni(1, 2), 4098);
  assert.is(vni(4094, 4095), 0xffefff);
  assert.ok(vni(4094, 4095) < 2 ** 24);
});
addrs('the largest id fits, the next does not', () => {
  assert.is(maxRouterId(16), 181);
  const big = new AddressPlan(parsePrefix('10.255.0.0/16')!, parsePrefix('fd64:6c61:6e::/48')!);
  const last = big.link(180, 181).b4;
  assert.is(last < '10.256', true);
  assert.ok(last.startsWith('10.255.'));
  assert.ok(maxRouterId(8) >= 1000);
});
addrs.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type DeviceInputs, routerDevices } from '../../../reconciler/devices/devices.js';
import type { Lease } from '../../../reconciler/devices/leases.js';

const NOW = 1767225600;
const base: DeviceInputs = {
  router: 'r1', site: 'home', domain: 'r1.lan', leaseSeconds: 43200, now: NOW,
  hosts: [{ name: 's1', mac: '02:00:00:00:01:01', ipv4: '10.1.0.10', ipv6: 'fd00:1::10' }],
  leases: [], neighbours: [],
};
const lease = (l: Partial<Lease> & { address: string }): Lease => ({ family: l.address.includes(':') ? 6 : 4, ...l });

const dev = suite('routerDevices');
dev('a static lease is a device before the host ever asks, with its DNS name and the static mark', () => {
  assert.equal(routerDevices(base), [{
    name: 's1', mac: '02:00:00:00:01:01', ipv4: ['10.1.0.10'], ipv6: ['fd00:1::10'], router: 'r1', site: 'home',
    static: true, sources: ['static'], dnsNames: ['s1.r1.lan'],
  }]);
});
dev('v4 and v6 leases and SLAAC neighbours of one MAC are one device; lease age from expiry minus lease time', () => {
  const [d] = routerDevices({
    ...base, hosts: [],
    leases: [
      lease({ address: '10.1.0.150', mac: '02:00:00:00:01:03', hostname: 's3', expiry: NOW + 43200 - 600 }),
      lease({ address: 'fd00:1::1234', mac: '02:00:00:00:01:03', hostname: 's3', expiry: NOW + 43200 - 60 }),
    ],
    neighbours: [{ address: 'fd00:1::a8c0:ff:fe00:103', mac: '02:00:00:00:01:03' }, { address: 'fe80::1', mac: '02:00:00:00:01:03' }, { address: '10.1.0.150', mac: '02:00:00:00:01:03' }],
  });
  assert.equal(d, {
    name: 's3', mac: '02:00:00:00:01:03', ipv4: ['10.1.0.150'], ipv6: ['fd00:1::1234', 'fd00:1::a8c0:ff:fe00:103'], router: 'r1', site: 'home',
    static: false, sources: ['dhcp4', 'dhcp6', 'slaac'], leaseAgeS: 60, expiresInS: 43200 - 600, dnsNames: ['s3.r1.lan'],
  });
});
dev('a static host that also holds a lease stays one static device', () => {
  const ds = routerDevices({ ...base, leases: [lease({ address: '10.1.0.10', mac: '02:00:00:00:01:01', hostname: 's1', expiry: NOW + 100 })] });
  assert.is(ds.length, 1);
  assert.is(ds[0]!.static, true);
  assert.equal(ds[0]!.sources, ['dhcp4', 'static']);
});
dev('a neighbour with no lease is listed (a fixed address), without a DNS name; an infinite lease has no age', () => {
  const ds = routerDevices({ ...base, hosts: [], leases: [lease({ address: '10.1.0.160', mac: '02:00:00:00:01:09' })], neighbours: [{ address: '10.1.0.77', mac: '02:00:00:00:01:77' }] });
  assert.equal(ds.map((d) => [d.mac, d.sources, d.dnsNames, d.leaseAgeS]), [
    ['02:00:00:00:01:09', ['dhcp4'], [], undefined],
    ['02:00:00:00:01:77', ['neighbour'], [], undefined],
  ]);
});
dev('a DHCPv6 lease without a MAC in its DUID joins the device of the same host name', () => {
  const ds = routerDevices({ ...base, hosts: [], leases: [lease({ address: '10.1.0.150', mac: '02:00:00:00:01:03', hostname: 's3' }), lease({ address: 'fd00:1::99', hostname: 's3' })] });
  assert.equal(ds.map((d) => [d.name, d.ipv4, d.ipv6]), [['s3', ['10.1.0.150'], ['fd00:1::99']]]);
});
dev.run();

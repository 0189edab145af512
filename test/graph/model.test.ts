import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatPorts, logicalGraph, peeringKey, physicalGraph } from '../../graph/model.js';
import { sampleTopology } from '../support/sample.js';
import { synthetic } from './fixtures.js';

const logical = suite('logicalGraph');
logical('the sample: r4 and r5 are hubs, r1..r3 are not', async () => {
  const g = logicalGraph(await sampleTopology());
  assert.equal(g.nodes.map((n) => [n.name, n.hub]), [['r1', false], ['r2', false], ['r3', false], ['r4', true], ['r5', true]]);
});
logical('the sample: every NAT router peers with both hubs, the hubs with each other, r2 with r3 inside the site', async () => {
  const g = logicalGraph(await sampleTopology());
  assert.equal(g.edges.map((e) => `${e.a}-${e.b}:${e.via}`),
    ['r1-r4:public', 'r1-r5:public', 'r2-r3:site', 'r2-r4:public', 'r2-r5:public', 'r3-r4:public', 'r3-r5:public', 'r4-r5:public']);
  assert.ok(g.edges.every((e) => e.kind === 'derived' && e.cost === 10 && e.state === undefined));
});
logical('services are drawn at the routers that expose them, with ports and backends', async () => {
  const g = logicalGraph(await sampleTopology());
  const at = (r: string) => g.nodes.find((n) => n.name === r)!.services;
  assert.equal(at('r4'), [{ name: 'game', ports: '27015/udp', backends: ['s5'] }, { name: 'web', ports: '80,443/tcp', backends: ['s1'] }]);
  assert.equal(at('r5').map((s) => s.name), ['ssh', 'web']);
  assert.equal(at('r1'), []);
});
logical('a peers: entry makes an explicit edge', () => {
  const g = logicalGraph(synthetic(50, 4));
  const explicit = g.edges.filter((e) => e.kind === 'explicit');
  assert.equal(explicit.map((e) => `${e.a}-${e.b}:${e.via}`), ['r10-r49:none']);
});
logical('with link states, every edge has one; links nobody reported are unknown', async () => {
  const g = logicalGraph(await sampleTopology(), new Map([[peeringKey('r4', 'r1'), 'full']]));
  assert.is(g.edges.find((e) => e.a === 'r1' && e.b === 'r4')!.state, 'full');
  assert.ok(g.edges.filter((e) => !(e.a === 'r1' && e.b === 'r4')).every((e) => e.state === 'unknown'));
});
logical.run();

const physical = suite('physicalGraph');
physical('the sample: sites in router id order, with their home routers and NAT', async () => {
  const g = physicalGraph(await sampleTopology());
  assert.equal(g.sites.map((s) => [s.name, s.gateway, s.nat, s.routers.map((r) => r.name)]), [
    ['home', 'H1', true, ['r1']], ['friend', 'H2', true, ['r2', 'r3']], ['cloud-a', undefined, false, ['r4']], ['cloud-b', undefined, false, ['r5']],
  ]);
});
physical('routers carry endpoints, LAN prefixes and static hosts', async () => {
  const g = physicalGraph(await sampleTopology());
  const r = (n: string) => g.sites.flatMap((s) => s.routers).find((x) => x.name === n)!;
  assert.is(r('r4').endpoint, '203.0.113.4:51820');
  assert.is(r('r4').lan, undefined);
  assert.is(r('r2').siteEndpoint, '192.168.2.2:51820');
  assert.equal(r('r3').lan, { interface: 'eth1', ipv4: '10.3.0.0/24', ipv6: 'fd00:3::/64', hosts: [{ name: 's5', ipv4: '10.3.0.10', ipv6: 'fd00:3::10' }] });
});
physical('routers without a site form one site-less group, straight on the internet', () => {
  const t = synthetic(3, 1);
  const g = physicalGraph({ ...t, routers: t.routers.map(({ site: _s, ...r }) => r) });
  assert.is(g.sites.length, 1);
  assert.is(g.sites[0]!.name, undefined);
  assert.is(g.sites[0]!.nat, false);
});
physical.run();

const ports = suite('formatPorts');
ports('groups ports by protocol, sorted', () => {
  assert.is(formatPorts([{ port: 443 }, { port: 80 }, { port: 53, protocol: 'udp' }, { port: 53, protocol: 'tcp' }]), '53,80,443/tcp 53/udp');
});
ports.run();

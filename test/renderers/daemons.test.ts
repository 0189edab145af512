/**
 * Every file rendered for every sample router (and for the edge-case topologies) is accepted
 * by its own daemon's checker. A rejection fails the test; a checker that cannot run fails it too.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkerFor, checkFiles } from '../../reconciler/check/index.js';
import { render } from '../../renderers/render.js';
import { hubs } from '../support/topo.js';
import { renderedSample } from '../support/rendered.js';

const daemons = suite('real daemons accept the rendered configs');

const explain = (r: Awaited<ReturnType<typeof checkFiles>>): string =>
  r.errors.map((e) => `${e.message}\n${e.stderr}`).join('\n---\n');

for (const [router, d] of await renderedSample()) {
  daemons(`${router}: nginx, dnsmasq, vtysh, nft and wg accept every file`, async () => {
    const checked = d.files.filter((f) => checkerFor(f)).map((f) => f.service).sort();
    const expected = ['dnsmasq', 'frr', 'nftables', 'wireguard', ...(d.files.some((f) => f.service === 'nginx') ? ['nginx'] : [])].sort();
    assert.equal(checked, expected);
    const r = await checkFiles(d.files);
    assert.ok(r.ok, explain(r));
  });
}

const edge = hubs({ mtu: 1452, dns: { upstream: ['192.0.2.53', '2001:db8::53'] }, bfd: { enabled: false }, ospf: { hello: 10, dead: 40 } })
  .router('v4only', { id: 3, lan: { interface: 'br-lan', ipv4: '10.3.0.0/24', hosts: [{ name: 'a', mac: '02:00:00:00:03:01', ipv4: '10.3.0.10' }] } })
  .router('v6only', { id: 4, lan: { interface: 'eth1.100', ipv6: 'fd00:4::/64', hosts: [{ name: 'b', mac: '02:00:00:00:04:01', ipv6: 'fd00:4::10' }] } })
  .router('named', { id: 5, endpoint: 'vpn.example.com:51999' })
  .service('three', { backends: ['10.3.0.10', '10.3.0.11', 'fd00:4::10'], forwards: [{ port: 443, proxyProtocol: true }, { port: 5353, protocol: 'udp' }, { port: 5353 }], exposeOn: ['h1'] });
const t = edge.build();
for (const r of t.routers) {
  daemons(`edge topology ${r.name}: every daemon accepts every file`, async () => {
    const res = await checkFiles(render(edge.slice(r.name)).files);
    assert.ok(res.ok, explain(res));
  });
}
daemons.run();

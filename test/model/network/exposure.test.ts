import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dnsNames, exposedForwards } from '../../../model/network/index.js';
import { slice } from '../../../model/slice.js';
import { dnsmasqConfig, pageName } from '../../../renderers/dnsmasq.js';
import { sampleTopology } from '../../support/sample.js';

const forwards = suite('exposedForwards');
forwards('the sample exposes web on both hubs, game on r4, ssh on r5, at their public addresses', async () => {
  assert.equal(exposedForwards(await sampleTopology()).map((f) => `${f.router} ${f.publicAddresses.join(' ')} ${f.protocol}/${f.port} ${f.service} → ${f.backends.join(',')}:${f.to}`), [
    'r4 203.0.113.4 tcp/80 web → s1:8080', 'r4 203.0.113.4 tcp/443 web → s1:8443', 'r4 203.0.113.4 udp/27015 game → s5:27015',
    'r5 198.51.100.5 tcp/80 web → s1:8080', 'r5 198.51.100.5 tcp/443 web → s1:8443', 'r5 198.51.100.5 tcp/2222 ssh → s2,s5:22',
  ]);
});
forwards('are the forwards each router\'s slice carries', async () => {
  const t = await sampleTopology();
  const all = exposedForwards(t);
  for (const r of t.routers) {
    assert.equal(all.filter((f) => f.router === r.name).map((f) => `${f.protocol}/${f.port} ${f.service}`),
      slice(t, r.name).forwards.map((f) => `${f.protocol}/${f.port} ${f.service}`));
  }
});

const dns = suite('dnsNames');
dns('every router answers for router.<r>.lan and its static hosts', async () => {
  assert.equal(dnsNames(await sampleTopology()).map((d) => `${d.name} ${d.addresses.join(' ')}`), [
    'router.r1.lan 10.255.0.1 fd64:6c61:6e::1', 'router.r2.lan 10.255.0.2 fd64:6c61:6e::2', 'router.r3.lan 10.255.0.3 fd64:6c61:6e::3',
    'router.r4.lan 10.255.0.4 fd64:6c61:6e::4', 'router.r5.lan 10.255.0.5 fd64:6c61:6e::5',
    's1.r1.lan 10.1.0.10 fd00:1::10', 's2.r2.lan 10.2.0.10 fd00:2::10', 's5.r3.lan 10.3.0.10 fd00:3::10',
  ]);
});
dns('are the names dnsmasq serves (host-record lines), beside the home page\'s name on each LAN', async () => {
  const t = await sampleTopology();
  const names = dnsNames(t);
  for (const r of t.routers) {
    const served = [...dnsmasqConfig(slice(t, r.name)).matchAll(/^host-record=([^,]+),(.*)$/gm)].map((m) => `${m[1]} ${m[2]!.replace(/,/g, ' ')}`);
    // dlan.<domain> is the same name on every LAN, each router answering with its own LAN address: not a name of the topology.
    const page = served.filter((l) => l.startsWith(`${pageName(t.network.domain)} `));
    assert.is(page.length, r.lan ? 1 : 0, r.name);
    assert.equal(served.filter((l) => !page.includes(l)).sort(), names.filter((n) => n.router === r.name).map((n) => `${n.name} ${n.addresses.join(' ')}`).sort());
  }
});
forwards.run();
dns.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { renderSlice } from '../../../cli/commands/inspect.js';
import { render } from '../../../renderers/render.js';
import { fromRoot } from '../../support/paths.js';
import { sampleTopology } from '../../support/sample.js';
import { hubs } from '../../support/topo.js';
import { slice } from '../../../model/slice.js';

const golden = suite('dlan inspect: golden (regenerate with: npx tsc -p . && node scripts/update-golden.mjs)');
golden('every router of the sample shows as test/golden/inspect/<router>.txt', async () => {
  const t = await sampleTopology();
  for (const r of t.routers) assert.fixture(renderSlice(slice(t, r.name)), await readFile(fromRoot('test', 'golden', 'inspect', `${r.name}.txt`), 'utf8'), r.name);
});
golden.run();

/** What the WireGuard renderer writes as ListenPort, and dnsmasq's dhcp-range lines. */
const rendered = (s: ReturnType<typeof slice>) => {
  const files = render(s).files;
  const text = (p: string) => files.find((f) => f.path === p)?.content ?? '';
  return { port: /^ListenPort = (\d+)$/m.exec(text('/etc/dlan/wg-dlan.conf'))![1], ranges: text('/etc/dnsmasq.d/dlan.conf').split('\n').filter((l) => l.startsWith('dhcp-range=')) };
};

const behaviour = suite('dlan inspect: what the renderers use');
behaviour("a router's own endpoint port is the port it shows, as WireGuard listens on it", () => {
  const s = hubs().router('r3', { id: 3, endpoint: ['198.51.100.3:51999', '[2001:db8::3]:51999'] }).slice('r3');
  assert.is(rendered(s).port, '51999');
  const text = renderSlice(s);
  assert.match(text, /^ {2}wireguard .* port 51999$/m);
  assert.match(text, /^ {2}endpoint {4}198\.51\.100\.3:51999, \[2001:db8::3\]:51999$/m);
});
behaviour('an IPv6-only LAN shows its DHCPv6 range; an IPv4-only one its IPv4 range; a dual-stack one both', () => {
  const t = hubs()
    .router('six', { id: 3, lan: { interface: 'eth1', ipv6: 'fd00:3::/64' } })
    .router('four', { id: 4, lan: { interface: 'eth1', ipv4: '10.4.0.0/24' } })
    .router('dual', { id: 5, lan: { interface: 'eth1', ipv4: '10.5.0.0/24', ipv6: 'fd00:5::/64', dhcp: { range6: 'fd00:5::100-fd00:5::1ff', lease: '1h' } } })
    .build();
  const dhcpLine = (r: string) => /^ {2}dhcp {8}(.*)$/m.exec(renderSlice(slice(t, r)))?.[1];
  assert.is(dhcpLine('six'), 'fd00:3::1000-fd00:3::1fff (lease 12h)');
  assert.is(dhcpLine('four'), '10.4.0.128-10.4.0.254 (lease 12h)');
  assert.is(dhcpLine('dual'), '10.5.0.128-10.5.0.254, fd00:5::100-fd00:5::1ff (lease 1h)');
  // Each range shown is one dnsmasq serves.
  assert.equal(rendered(slice(t, 'six')).ranges, ['dhcp-range=fd00:3::1000,fd00:3::1fff,slaac,64,12h']);
  assert.equal(rendered(slice(t, 'four')).ranges, ['dhcp-range=10.4.0.128,10.4.0.254,12h']);
});
behaviour.run();

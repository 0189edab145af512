import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from '../../renderers/render.js';
import { listenPort, WG_CONFIG_PATH, withPrivateKey, wireguardSpec } from '../../renderers/wireguard.js';
import { hubs, topo } from '../support/topo.js';
import { fileOf, renderedSample } from '../support/rendered.js';

const wg = suite('renderWireguard');
const sample = await renderedSample();

wg('no rendered file anywhere contains a private key; the spec only names the key file', () => {
  for (const d of sample.values()) {
    for (const f of d.files) assert.not.match(f.content, /PrivateKey\s*=/, `${d.router} ${f.path}`);
    assert.is(d.wireguard.privateKeyFile, '/etc/dlan/wireguard.key');
    assert.not.match(JSON.stringify(d), /PrivateKey/);
  }
});
wg('the key file path is a render option', () => {
  const d = render(hubs().slice('h1'), { privateKeyFile: '/srv/lab/r1/wg.key' });
  assert.is(d.wireguard.privateKeyFile, '/srv/lab/r1/wg.key');
  assert.match(fileOf(d, WG_CONFIG_PATH), '/srv/lab/r1/wg.key');
});
wg('AllowedIPs of a peer are its WireGuard addresses only, /32 and /128', () => {
  const r1 = sample.get('r1')!;
  assert.equal(r1.wireguard.peers.map((p) => p.allowedIps), [
    ['10.255.64.4/32', 'fd64:6c61:6e:1::4/128'], ['10.255.64.5/32', 'fd64:6c61:6e:1::5/128']]);
  assert.match(fileOf(r1, WG_CONFIG_PATH), 'AllowedIPs = 10.255.64.4/32, fd64:6c61:6e:1::4/128\nEndpoint = 203.0.113.4:51820\nPersistentKeepalive = 25');
});
wg('a router behind NAT keeps its mappings open; a public router does not and has no endpoint for NATed peers', () => {
  const r1 = sample.get('r1')!;
  assert.ok(r1.wireguard.peers.every((p) => p.keepalive === 25 && p.endpoint));
  const r4 = sample.get('r4')!;
  const toR1 = r4.wireguard.peers.find((p) => p.name === 'r1')!;
  assert.is(toR1.endpoint, undefined);
  assert.is(toR1.keepalive, undefined);
  assert.is(r4.wireguard.peers.find((p) => p.name === 'r5')!.endpoint, '198.51.100.5:51820');
  assert.not.match(fileOf(r4, WG_CONFIG_PATH), 'PersistentKeepalive');
});
wg('routers of one site dial each other on their site endpoints', () => {
  const r2 = sample.get('r2')!;
  assert.is(r2.wireguard.peers.find((p) => p.name === 'r3')!.endpoint, '192.168.2.3:51820');
});
wg('the interface holds the whole WireGuard block, so every peer address is on-link', () => {
  assert.equal(sample.get('r1')!.wireguard.addresses, ['10.255.64.1/18', 'fd64:6c61:6e:1::1/64']);
  const wide = topo({ overlay: { ipv4: '10.0.0.0/8', ipv6: 'fd00:ffff::/48' } }).router('a', { id: 7, endpoint: '192.0.2.7:1' });
  assert.equal(render(wide.slice('a')).wireguard.addresses, ['10.64.0.7/10', 'fd00:ffff:0:1::7/64']);
});
wg('a single peer gives one [Peer] section and a sorted spec', () => {
  const d = render(hubs().router('solo', { id: 3, noPeers: ['h2'] }).slice('solo'));
  assert.equal(d.wireguard.peers.map((p) => p.name), ['h1']);
  assert.is(fileOf(d, WG_CONFIG_PATH).split('[Peer]').length - 1, 1);
});
wg('a router with no public endpoint and no peers still gets an interface', () => {
  const d = render(topo().router('alone', { id: 1 }).slice('alone'));
  assert.equal(d.wireguard.peers, []);
  assert.match(fileOf(d, WG_CONFIG_PATH), '[Interface]\nListenPort = 51820\n');
});
wg('peers are sorted by name in the spec and the file', () => {
  const d = render(hubs().router('c', { id: 3 }).router('b', { id: 4 }).router('a', { id: 5 }).slice('h1'));
  assert.equal(d.wireguard.peers.map((p) => p.name), ['a', 'b', 'c', 'h2']);
  const text = fileOf(d, WG_CONFIG_PATH);
  assert.ok(text.indexOf('# a\n') < text.indexOf('# b\n') && text.indexOf('# b\n') < text.indexOf('# c\n'));
});
wg.run();

const port = suite('listenPort');
port('the site endpoint port wins (no NAT between site mates), then the public one, then network.yaml', () => {
  const t = topo({ wireguard: { port: 40000 }, sites: { s: { nat: true } } })
    .router('site', { id: 1, site: 's', siteEndpoint: '192.168.1.1:41000', endpoint: '198.51.100.1:42000' })
    .router('pub', { id: 2, endpoint: '[2001:db8::2]:43000' })
    .router('nat', { id: 3 });
  assert.is(listenPort(t.slice('site')), 41000);
  assert.is(listenPort(t.slice('pub')), 43000);
  assert.is(listenPort(t.slice('nat')), 40000);
  assert.is(wireguardSpec(t.slice('pub')).listenPort, 43000);
});
port.run();

const key = suite('withPrivateKey');
key('adds PrivateKey right after [Interface] and nothing else', () => {
  const text = fileOf(sample.get('r1')!, WG_CONFIG_PATH);
  const full = withPrivateKey(text, 'aGVsbG8=\n');
  assert.is(full.replace('PrivateKey = aGVsbG8=\n', ''), text);
  assert.match(full, '[Interface]\nPrivateKey = aGVsbG8=\nListenPort = 51820');
});
key.run();

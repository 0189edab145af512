import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSs } from '../../../reconciler/doctor/parse-ss.js';
import {
  flushesRuleset, globMatches, ifupdownMethods, networkdFile, nginxListenPorts, nmManagesIfupdown, nmUnmanages,
} from '../../../reconciler/doctor/parse-distro.js';

const ss = suite('parseSs');
ss('addresses, ports and the processes holding them (iproute2 6.1 output)', () => {
  const text = [
    'udp UNCONN 0      0      127.0.0.1:5353 0.0.0.0:* users:(("python3",pid=16255,fd=4))',
    'tcp LISTEN 0      128        [::1]:8081    [::]:* users:(("python3",pid=16255,fd=5))',
    'tcp LISTEN 0      511            *:80       *:* users:(("nginx",pid=9,fd=6),("nginx",pid=8,fd=6))',
    'tcp LISTEN 0      4096 127.0.0.53%lo:53 0.0.0.0:* users:(("systemd-resolve",pid=300,fd=14))',
    'udp UNCONN 0      0           [::]:51820  [::]:*',
    'udp UNCONN 0      0      [fe80::1]%eth1:547 [::]:* users:(("dnsmasq",pid=77,fd=9))',
    'udp UNCONN 0      0        0.0.0.0:67 0.0.0.0:* users:(("dnsmasq",pid=77,fd=4))',
    '',
  ].join('\n');
  assert.equal(parseSs(text).map((l) => [l.protocol, l.address, l.port, l.processes.map((p) => `${p.name}/${p.pid}`).join(' ')]), [
    ['udp', '127.0.0.1', 5353, 'python3/16255'],
    ['tcp', '::1', 8081, 'python3/16255'],
    ['tcp', '*', 80, 'nginx/9 nginx/8'],
    ['tcp', '127.0.0.53', 53, 'systemd-resolve/300'],
    ['udp', '*', 51820, ''],
    ['udp', 'fe80::1', 547, 'dnsmasq/77'],
    ['udp', '*', 67, 'dnsmasq/77'],
  ]);
});
ss.run();

const distro = suite('distro files');
distro('nginx listen directives: bare ports, [::]:port, address:port; comments ignored (Debian\'s default site)', () => {
  const site = 'server {\n\tlisten 80 default_server;\n\tlisten [::]:80 default_server;\n\t# listen 443 ssl default_server;\n\tlisten 127.0.0.1:8080;\n}\n';
  assert.equal(nginxListenPorts(site), [80, 8080]);
});
distro('flush ruleset, not when commented', () => {
  assert.ok(flushesRuleset('#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n}\n'));
  assert.not.ok(flushesRuleset('# flush ruleset\ntable inet filter {}\n'));
});
distro('globs as NetworkManager and networkd match names', () => {
  assert.ok(globMatches('eth*', 'eth1'));
  assert.ok(globMatches('en[op]?s*', 'enp1s0'));
  assert.not.ok(globMatches('eth?', 'eth10'));
  assert.not.ok(globMatches('br.lan', 'br-lan'));
});
distro('ifupdown stanzas of one interface', () => {
  const text = 'auto lo\niface lo inet loopback\n\nallow-hotplug eth1\niface eth1 inet dhcp\niface eth1 inet6 auto\niface eth10 inet static\n';
  assert.equal(ifupdownMethods(text, 'eth1'), ['inet dhcp', 'inet6 auto']);
  assert.equal(ifupdownMethods(text, 'eth2'), []);
});
distro('NetworkManager: unmanaged-devices by interface name (globs), [ifupdown] managed', () => {
  const conf = '[main]\nplugins=ifupdown,keyfile\n\n[ifupdown]\nmanaged=false\n\n[keyfile]\nunmanaged-devices=mac:00:11:22:33:44:55;interface-name:br-*\n';
  assert.ok(nmUnmanages(conf, 'br-lan'));
  assert.not.ok(nmUnmanages(conf, 'eth1'));
  assert.is(nmManagesIfupdown(conf), false);
  assert.is(nmManagesIfupdown('[main]\n'), undefined);
});
distro('networkd: [Match] Name= and [Link] Unmanaged=', () => {
  assert.equal(networkdFile('[Match]\nName=eth1 eth2\n\n[Network]\nDHCP=yes\n', 'eth1'), { matches: true, unmanaged: false });
  assert.equal(networkdFile('[Match]\nName=en*\n[Link]\nUnmanaged=yes\n', 'enp2s0'), { matches: true, unmanaged: true });
  assert.equal(networkdFile('[Match]\nName=!eth1\n', 'eth1').matches, false);
});
distro.run();

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dlan, inTemp as inTempDir } from '../../support/cli.js';
import { fromRoot, sampleRepo } from '../../support/paths.js';

const render = suite('dlan render');

const inTemp = (f: (dir: string) => Promise<void>): Promise<void> => inTempDir('render', f);

render('writes the router\'s files under --out at their router paths, equal to the golden ones, with their modes', () => inTemp(async (dir) => {
  const r = await dlan(['render', '--router', 'r4', '--repo', sampleRepo, '--out', dir]);
  assert.is(r.code, 0, r.stderr);
  for (const p of ['etc/frr/frr.conf', 'etc/frr/daemons', 'etc/dnsmasq.d/dlan.conf', 'etc/dlan/nginx.conf', 'etc/dlan/nftables.nft', 'etc/dlan/wg-dlan.conf', 'etc/sysctl.d/90-dlan.conf', 'links.json']) {
    assert.fixture(await readFile(join(dir, p), 'utf8'), await readFile(fromRoot('test', 'golden', 'r4', p), 'utf8'), p);
  }
  assert.is((await stat(join(dir, 'etc/dlan/wg-dlan.conf'))).mode & 0o777, 0o600);
  assert.match(r.stdout, 'router r4: 8 files under');
  assert.match(r.stdout, 'wg-dlan: 4 peers; links: dl1 dl2 dl3 dl5');
}));

render('links.json describes the WireGuard interface, VXLAN links, addresses, services and the ports', () => inTemp(async (dir) => {
  assert.is((await dlan(['render', '-r', 'r1', '--out', dir], { cwd: sampleRepo })).code, 0);
  const links = JSON.parse(await readFile(join(dir, 'links.json'), 'utf8'));
  assert.equal(Object.keys(links), ['router', 'wireguard', 'vxlans', 'addresses', 'services', 'ports']);
  assert.equal(links.ports.map((p: { ifname: string; field: string; up: boolean }) => [p.ifname, p.field, p.up]), [['eth0', 'wan.interface', false], ['eth1', 'lan.interface', true]]);
  assert.equal(links.vxlans.map((v: { ifname: string; mtu: number; dev: string }) => [v.ifname, v.mtu, v.dev]), [['dl4', 1370, 'wg-dlan'], ['dl5', 1370, 'wg-dlan']]);
  assert.not.match(JSON.stringify(links), 'PrivateKey');
}));

render('refuses --out / (that would be applying) and an unknown router', () => inTemp(async (dir) => {
  const root = await dlan(['render', '--router', 'r1', '--repo', sampleRepo, '--out', '/']);
  assert.is(root.code, 2);
  assert.match(root.stderr, 'would overwrite the live configuration');
  const unknown = await dlan(['render', '--router', 'r7', '--repo', sampleRepo, '--out', dir]);
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, 'router r7 is not in the topology');
}));
render.run();

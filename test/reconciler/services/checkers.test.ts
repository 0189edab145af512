import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netnsHost, type Host } from '../../../reconciler/host.js';
import { checkCommand, checkConfig } from '../../../reconciler/services/index.js';
import { makeNode, nodeName, removeNode, type NodeNs } from '../../support/ns-node.js';

const cmd = suite('checkCommand');
cmd('each daemon\'s own checker; none for wireguard and sysctl', () => {
  assert.equal(checkCommand('nginx', '/r/etc/nginx/nginx.conf'), { cmd: 'nginx', args: ['-t', '-q', '-c', '/r/etc/nginx/nginx.conf'] });
  assert.equal(checkCommand('dnsmasq', '/x.conf'), { cmd: 'dnsmasq', args: ['--test', '--conf-file=/x.conf'] });
  assert.equal(checkCommand('frr', '/f'), { cmd: 'vtysh', args: ['-C', '-f', '/f'] });
  assert.equal(checkCommand('nftables', '/n'), { cmd: 'nft', args: ['-c', '-f', '/n'] });
  assert.is(checkCommand('wireguard', '/w'), undefined);
  assert.is(checkCommand('sysctl', '/s'), undefined);
});
cmd.run();

const real = suite<{ node: NodeNs; dir: string; host: Host }>('checkConfig');
real.before(async (ctx) => {
  ctx.node = await makeNode(nodeName('dlx', 'c'));
  ctx.dir = await mkdtemp(join(tmpdir(), 'dlx-check-'));
  ctx.host = netnsHost({ net: ctx.node.net, rootDir: ctx.dir }); // commands in the node, files in the temp root
});
real.after(async (ctx) => {
  if (ctx.node) await removeNode(ctx.node);
  if (ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
});
const cases: [string, 'nginx' | 'dnsmasq' | 'frr' | 'nftables', string, string, string][] = [
  ['nginx', 'nginx', 'load_module /usr/lib/nginx/modules/ngx_stream_module.so;\nevents {}\nstream { server { listen 127.0.0.1:9; return "x"; } }\n',
    'events {}\nstream { server { listen 127.0.0.1:9; } }\n', 'unknown directive "stream"'],
  ['dnsmasq', 'dnsmasq', 'no-resolv\nport=5353\n', 'no-such-option\n', 'bad option'],
  ['frr', 'frr', 'router ospf\n ospf router-id 10.255.0.1\nexit\n', 'router ospf\n ospf bogus\nexit\n', 'Unknown command'],
  ['nftables', 'nftables', 'table inet dlan {\n chain input { type filter hook input priority 0; policy accept; }\n}\n', 'table inet dlan { chain input { bogus; } }\n', 'syntax error'],
];
for (const [label, service, good, bad, says] of cases) {
  real(`${label}: accepts a good config, refuses a bad one with the checker's words`, async ({ host }) => {
    await host.writeFileAtomic(`/cand/${label}.good`, good, 0o644);
    await host.writeFileAtomic(`/cand/${label}.bad`, bad, 0o644);
    const ok = await checkConfig(host, service, `/cand/${label}.good`);
    assert.ok(ok.ok, ok.output);
    const no = await checkConfig(host, service, `/cand/${label}.bad`);
    assert.is(no.ok, false);
    assert.match(no.output, says);
  });
}
real('services without a checker pass', async ({ host }) => {
  assert.equal(await checkConfig(host, 'wireguard', '/etc/wireguard/wg-dlan.conf'), { ok: true, output: '' });
});
real.run();

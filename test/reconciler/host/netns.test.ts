/** netnsHost: commands and files inside a lab node's namespaces (needs root). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localHost } from '../../../reconciler/host.js';
import { makeNode, nodeName, removeNode, type NodeNs } from '../../support/ns-node.js';
import { rejects } from '../../support/host-errors.js';

const ns = suite<{ node: NodeNs }>('netnsHost');
ns.before(async (ctx) => { ctx.node = await makeNode(nodeName('dlx', 'h'), { binds: ['/etc/frr'] }); });
ns.after(async (ctx) => { if (ctx.node) await removeNode(ctx.node); });
ns('commands run in the node: its hostname, only its links, its private /run', async ({ node }) => {
  assert.is((await node.host.run('hostname', [], { check: true })).stdout.trim(), node.name);
  const links = JSON.parse((await node.host.run('ip', ['-j', 'link', 'show'], { check: true })).stdout) as { ifname: string }[];
  assert.equal(links.map((l) => l.ifname), ['lo']);
  assert.is((await node.host.run('ls', ['-A', '/run'], { check: true })).stdout, '');
});
ns('files are read and written inside the node mount namespace, not the host\'s', async ({ node }) => {
  const host = node.host;
  assert.is(await host.readFile('/etc/frr/frr.conf'), undefined);
  await host.writeFileAtomic('/etc/frr/frr.conf', 'router ospf\n', 0o640);
  assert.is(await readFile(join(node.outside('/etc/frr'), 'frr.conf'), 'utf8'), 'router ospf\n');
  assert.equal(await host.stat('/etc/frr/frr.conf'), { mode: 0o640, size: 12 });
  assert.is(await host.readFile('/etc/frr/frr.conf'), 'router ospf\n');
  await host.writeFileAtomic('/run/dlan/x.pid', '42\n', 0o644);
  assert.is(await host.readFile('/run/dlan/x.pid'), '42\n');
  assert.is(await localHost().readFile('/run/dlan/x.pid').catch(() => 'err'), undefined);
  assert.is(await host.removeFile('/etc/frr/frr.conf'), true);
  assert.is(await host.removeFile('/etc/frr/frr.conf'), false);
  await rejects(host.readFile('/etc'), 'FileReadFailed');
});
ns('errors name the command run in the node, not nsenter', async ({ node }) => {
  const e = await rejects(node.host.run('sh', ['-c', 'echo nope >&2; exit 4'], { check: true }), 'CommandFailed');
  assert.is(e.data.cmd, 'sh');
  assert.is(e.data.stderr, 'nope');
  await rejects(node.host.run('dlx-no-such-command', []), 'CommandNotFound');
});
ns.run();

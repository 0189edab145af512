import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HostError } from '../../../reconciler/host.js';
import { vtyQuery, vtyShow } from '../../../reconciler/live/vty.js';
import { processServices, type ServiceManager } from '../../../reconciler/services/index.js';
import { makeNode, nodeName, removeNode, type NodeNs } from '../../support/ns-node.js';

interface Ctx { node: NodeNs; sm: ServiceManager; dir: string }
const vty = suite<Ctx>('vtyQuery / vtyShow');
vty.before(async (ctx) => {
  ctx.node = await makeNode(nodeName('dlx', 'v'), { binds: ['/etc/frr'] });
  const h = ctx.node.host;
  await h.writeFileAtomic('/etc/frr/vtysh.conf', 'service integrated-vtysh-config\n', 0o644);
  await h.writeFileAtomic('/etc/frr/daemons', 'ospfd=yes\nbfdd=yes\nvtysh_enable=yes\n', 0o644);
  await h.writeFileAtomic('/etc/frr/frr.conf', 'log file /var/run/frr/frr.log\nrouter ospf\n ospf router-id 10.255.0.9\nexit\nbfd\n peer 192.0.2.99\n exit\nexit\n', 0o644);
  ctx.sm = processServices({ host: h });
  await ctx.sm.start('frr');
  // From outside the node's mount namespace, through a daemon's /proc/PID/root.
  ctx.dir = `/proc/${(await ctx.sm.status('frr')).pid}/root/run/frr`;
});
vty.after(async (ctx) => { if (ctx.node) await removeNode(ctx.node); });

vty('answers come back in order with their status; an unknown command has a non-zero status', async ({ dir }) => {
  const a = await vtyQuery(`${dir}/ospfd.vty`, ['show ip ospf json', 'show bogus']);
  assert.is(a!.length, 2);
  assert.is(a![0]!.status, 0);
  assert.is(JSON.parse(a![0]!.text).routerId, '10.255.0.9');
  assert.ok(a![1]!.status !== 0);
  assert.match(a![1]!.text, 'Unknown command');
});
vty('vtyShow enables first (bfdd has no show in the view node) and returns the JSON text', async ({ dir }) => {
  const peers = JSON.parse(await vtyShow(`${dir}/bfdd.vty`, 'show bfd peers json')) as { peer: string; status: string }[];
  assert.equal(peers.map((p) => [p.peer, p.status]), [['192.0.2.99', 'down']]);
});
vty('a daemon that does not run answers nothing; a refused command is CommandFailed', async ({ dir }) => {
  assert.is(await vtyQuery(`${dir}/ospf6d.vty`, ['show version']), undefined);
  assert.is(await vtyShow(`${dir}/ospf6d.vty`, 'show ipv6 ospf6 neighbor json'), '');
  try {
    await vtyShow(`${dir}/ospfd.vty`, 'show bogus json');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, HostError);
    assert.is((e as HostError).code, 'CommandFailed');
    assert.match((e as HostError).message, 'Unknown command');
  }
});
vty.run();

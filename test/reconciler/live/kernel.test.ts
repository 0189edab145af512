import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readKernel } from '../../../reconciler/live/kernel.js';
import { makeNode, nodeName, removeNode, type NodeNs } from '../../support/ns-node.js';

const kernel = suite<{ node: NodeNs }>('readKernel');
kernel.before(async (ctx) => { ctx.node = await makeNode(nodeName('dlp', 'k')); });
kernel.after(async (ctx) => { await removeNode(ctx.node); });

const sh = async (node: NodeNs, script: string) => {
  const r = await node.host.run('sh', ['-c', script]);
  if (r.code !== 0) throw new Error(`${script}: ${r.stderr}`);
};

kernel('a bare namespace: its links, no dlan table, forwarding off, no WireGuard asked of wg', async ({ node }) => {
  const k = await readKernel(node.host, 'wg-dlan');
  assert.equal(k.links.links.map((l) => l.ifname), ['lo']);
  assert.is(k.nftTable, false);
  assert.is(k.forwarding, false);
  assert.is(k.wgDump, undefined);
});

kernel('another table of the same family is not dlan\'s; dlan\'s and forwarding are seen', async ({ node }) => {
  await sh(node, 'nft add table inet dlanx');
  assert.is((await readKernel(node.host, undefined)).nftTable, false);
  await sh(node, 'nft add table inet dlan && sysctl -qw net.ipv4.ip_forward=1');
  const k = await readKernel(node.host, undefined);
  assert.is(k.nftTable, true);
  assert.is(k.forwarding, true);
});

kernel('the WireGuard interface listed by ip but not answering wg: CommandFailed naming wg', async ({ node }) => {
  await sh(node, 'ip link add wg-dlan type bridge');
  try {
    await readKernel(node.host, 'wg-dlan');
    assert.unreachable();
  } catch (e) {
    const err = e as { code?: string; data?: { cmd?: string } };
    assert.is(err.code, 'CommandFailed');
    assert.is(err.data?.cmd, 'wg');
  }
});

kernel('a running wireguard-go: its dump, with the listen port', async ({ node }) => {
  await sh(node, 'ip link del wg-dlan; mkdir -p /run/wireguard; (wireguard-go wg-dlan >/dev/null 2>&1); wg set wg-dlan listen-port 51999');
  const k = await readKernel(node.host, 'wg-dlan');
  assert.ok(k.wgDump !== undefined);
  assert.is(k.wgDump!.split('\n')[0]!.split('\t')[2], '51999');
});

kernel.run();

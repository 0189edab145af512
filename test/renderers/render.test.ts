import { diffLines } from 'diff';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTopology } from '../../model/load.js';
import { render } from '../../renderers/render.js';
import { slice, sliceIndex } from '../../model/slice.js';
import type { DesiredState } from '../../renderers/state.js';
import { renderedSample } from '../support/rendered.js';
import { sampleFiles, sampleTopology } from '../support/sample.js';
import { testKey } from '../support/topo.js';

const sorted = (xs: readonly string[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1]! < x);

const composed = suite('render');
composed('two renders of the same slice are byte-for-byte equal, JSON included', async () => {
  const t = await sampleTopology();
  for (const r of t.routers) {
    const a = render(slice(t, r.name));
    const b = render(slice(t, r.name));
    assert.equal(a, b);
    assert.is(JSON.stringify(a), JSON.stringify(b));
  }
});
composed('files by path, links and addresses by interface, services by name', async () => {
  for (const d of (await renderedSample()).values()) {
    assert.ok(sorted(d.files.map((f) => f.path)), d.router);
    assert.ok(sorted(d.vxlans.map((v) => v.ifname)));
    assert.ok(sorted(d.addresses.map((a) => a.ifname)));
    assert.ok(sorted(d.services.map((s) => s.name)));
    assert.ok(sorted(d.wireguard.peers.map((p) => p.name)));
  }
});
composed('every file belongs to a service the router runs, and every file ends with one newline', async () => {
  for (const d of (await renderedSample()).values()) {
    const services = new Set(d.services.map((s) => s.name));
    for (const f of d.files) {
      assert.ok(services.has(f.service), `${d.router} ${f.path}`);
      assert.ok(f.content.endsWith('\n') && !f.content.endsWith('\n\n'), `${d.router} ${f.path}`);
    }
  }
});
composed('the services and their actions', async () => {
  assert.equal((await renderedSample()).get('r4')!.services, [
    { name: 'dnsmasq', onChange: 'restart', daemon: true },
    { name: 'frr', onChange: 'frr-reload', daemon: true },
    { name: 'nftables', onChange: 'nft-apply', daemon: false },
    { name: 'nginx', onChange: 'reload', daemon: true },
    { name: 'sysctl', onChange: 'sysctl-apply', daemon: false },
    { name: 'wireguard', onChange: 'wg-sync', daemon: false },
  ]);
});
composed.run();

const stability = suite('adding router r9');

const R9 = `id: 9
publicKey: ${testKey(9)}
endpoint: 192.0.2.9:51820
wan: { interface: eth0 }
lan: { interface: eth1, ipv4: 10.9.0.0/24, ipv6: "fd00:9::/64" }
`;

async function renderAll(extra: { path: string; text: string }[]): Promise<Map<string, DesiredState>> {
  const r = loadTopology([...(await sampleFiles()), ...extra]);
  if (!r.topology) throw new Error(JSON.stringify(r.diagnostics));
  const index = sliceIndex(r.topology);
  return new Map(r.topology.routers.map((x) => [x.name, render(slice(r.topology!, x.name, index))]));
}

stability('changes no byte of r1..r5 but lines about their new peering with r9 and its domain', async () => {
  const before = await renderAll([]);
  const after = await renderAll([{ path: 'routers/r9.yaml', text: R9 }]);
  const t9 = loadTopology([...(await sampleFiles()), { path: 'routers/r9.yaml', text: R9 }]).topology!;
  for (const name of ['r1', 'r2', 'r3', 'r4', 'r5']) {
    const old = before.get(name)!;
    const now = after.get(name)!;
    const peer = slice(t9, name).peers.find((p) => p.name === 'r9');
    assert.ok(peer, `${name} peers with r9 (public endpoint)`);
    const tokens = ['r9', peer!.ifname, String(peer!.vni), peer!.publicKey, peer!.wireguard4, peer!.link.local4, peer!.link.local6, '10.9.0.0/24', 'fd00:9::/64', '10.255.0.9'];
    assert.equal(now.files.map((f) => f.path), old.files.map((f) => f.path), `${name}: same files`);
    for (const f of now.files) {
      const was = old.files.find((x) => x.path === f.path)!.content;
      for (const change of diffLines(was, f.content)) {
        assert.not.ok(change.removed, `${name} ${f.path}: removed or changed lines:\n${change.value}`);
        if (change.added) assert.ok(tokens.some((tk) => change.value.includes(tk)), `${name} ${f.path}: added lines unrelated to r9:\n${change.value}`);
      }
    }
    // Links: the same as before plus the one to r9; WireGuard: the same peers plus r9.
    assert.equal(now.vxlans.filter((v) => v.peer !== 'r9'), old.vxlans);
    assert.equal(now.vxlans.filter((v) => v.peer === 'r9').map((v) => v.ifname), ['dl9']);
    assert.equal({ ...now.wireguard, peers: now.wireguard.peers.filter((p) => p.name !== 'r9') }, old.wireguard);
    assert.equal(now.addresses, old.addresses);
    assert.equal(now.services, old.services);
  }
});
stability.run();

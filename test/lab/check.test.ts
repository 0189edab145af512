import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkLab } from '../../lab/check.js';
import { formatDiagnostic } from '../../reconciler/topology/diagnostic.js';
import { parseLabSpec } from '../../lab/spec.js';
import { sampleRepo } from '../support/paths.js';
import { sampleTopology } from '../support/sample.js';

const sampleLab = () => readFile(join(sampleRepo, 'lab.yaml'), 'utf8');

async function findings(edit: (t: string) => string): Promise<string[]> {
  const text = await sampleLab();
  const edited = edit(text);
  assert.is.not(edited, text, 'the edit changed nothing');
  const parsed = parseLabSpec({ path: 'lab.yaml', text: edited });
  if (!parsed.spec) return parsed.diagnostics.map(formatDiagnostic);
  return checkLab(parsed.spec, parsed.file!, await sampleTopology()).map(formatDiagnostic);
}

const check = suite('checkLab');
check('the sample lab.yaml fits the sample topology', async () => {
  const parsed = parseLabSpec({ path: 'lab.yaml', text: await sampleLab() });
  assert.equal(parsed.diagnostics, []);
  assert.equal(checkLab(parsed.spec!, parsed.file!, await sampleTopology()), []);
});
check('a router placed where its endpoint does not point is reported at its wan', async () => {
  assert.equal(await findings((t) => t.replace('r4: { wan: 203.0.113.4/24 }', 'r4: { wan: 203.0.113.9/24 }')),
    ['lab.yaml:14:14: routers.r4.wan: r4\'s endpoint 203.0.113.4:51820 (routers/r4.yaml) does not point at its WAN address 203.0.113.9']);
});
check('a router of a NAT site put on the internet, and a missing router, are reported', async () => {
  const out = await findings((t) => t.replace('r1: { wan: 192.168.1.10/24 }    # behind h1', 'r1: { wan: 192.0.2.10/24 }').replace(/^ {2}r5: .*\n/m, ''));
  assert.equal(out, [
    'lab.yaml:10:1: routers: router r5 (routers/r5.yaml) is not placed: add routers.r5.wan',
    "lab.yaml:11:14: routers.r1.wan: r1's site home is behind NAT (network.yaml) but 192.0.2.10/24 is on the internet",
  ]);
});
check('a MAC that would defeat a static lease, and a server on a router without LAN', async () => {
  const out = await findings((t) => t.replace('s1: { router: r1 }', 's1: { router: r1, mac: "02:00:00:00:01:99" }').replace('s7: { router: r3 }', 's7: { router: r4 }'));
  assert.equal(out, [
    "lab.yaml:17:26: servers.s1.mac: r1's static lease for s1 is for 02:00:00:00:01:01; with 02:00:00:00:01:99 it would not apply",
    'lab.yaml:23:17: servers.s7.router: r4 has no LAN to plug s7 into',
  ]);
});
check('schema errors come with line and column, all at once', async () => {
  const out = await findings((t) => t.replace('h1: { site: home,', 'h1: { colour: red, site: home,').replace('192.0.2.1/24, lan', '192.0.2.1, lan'));
  assert.equal(out, [
    'lab.yaml:8:3: homeRouters.h1: unknown field colour',
    'lab.yaml:8:39: homeRouters.h1.wan: must be an address with its prefix length, like 192.0.2.1/24',
  ]);
});
check('a node name that is an interface name is refused', async () => {
  const out = await findings((t) => t.replace('client: { address', 'lan: { address'));
  assert.equal(out, ['lab.yaml:25:3: hosts.lan: lan is reserved (it names an interface or the internet node)']);
});
check.run();

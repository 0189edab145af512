import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dlan } from '../../support/cli.js';
import { fromRoot, sampleRepo } from '../../support/paths.js';

const graph = suite('dlan graph');
graph('prints the logical SVG by default, and the golden file is what it prints', async () => {
  const r = await dlan(['graph', sampleRepo]);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, await readFile(fromRoot('test', 'golden', 'graph', 'logical.svg'), 'utf8'));
});
graph('--view physical --format json --out FILE writes the file and prints nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dlan-graph-'));
  try {
    const r = await dlan(['graph', sampleRepo, '--view', 'physical', '--format', 'json', '--out', join(dir, 'g.json')]);
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout, '');
    const g = JSON.parse(await readFile(join(dir, 'g.json'), 'utf8'));
    assert.equal(g.sites.map((s: { gateway?: string }) => s.gateway ?? null), ['H1', 'H2', null, null]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
graph('--json is --format json', async () => {
  const r = await dlan(['graph', sampleRepo, '--json']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, await readFile(fromRoot('test', 'golden', 'graph', 'logical.json'), 'utf8'));
});
graph('--status colours the links it reports on', async () => {
  const r = await dlan(['graph', sampleRepo, '--format', 'json', '--status', fromRoot('test', 'fixtures', 'graph', 'status.json')]);
  assert.is(r.code, 0, r.stderr);
  const states = Object.fromEntries(JSON.parse(r.stdout).edges.map((e: { a: string; b: string; state: string }) => [`${e.a}-${e.b}`, e.state]));
  assert.equal(states, {
    'r1-r4': 'full', 'r1-r5': 'down', 'r2-r3': 'fresh', 'r2-r4': 'full', 'r2-r5': 'down', 'r3-r4': 'unknown', 'r3-r5': 'unknown', 'r4-r5': 'full',
  });
});
graph('a bad status file exits 1 naming the field; --status on the physical view and unknown values exit 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dlan-graph-'));
  try {
    await writeFile(join(dir, 's.json'), JSON.stringify({ router: 'r1', peers: [{ name: 'r4' }] }));
    const bad = await dlan(['graph', sampleRepo, '--status', join(dir, 's.json')]);
    assert.is(bad.code, 1);
    assert.match(bad.stderr, 'status $.peers[0].up: up must be true or false');
    await writeFile(join(dir, 'n.json'), '{ nope');
    assert.is((await dlan(['graph', sampleRepo, '--status', join(dir, 'n.json')])).code, 1);
    assert.is((await dlan(['graph', sampleRepo, '--view', 'physical', '--status', join(dir, 's.json')])).code, 2);
    assert.is((await dlan(['graph', sampleRepo, '--view', 'rack'])).code, 2);
    assert.is((await dlan(['graph', sampleRepo, '--format', 'png'])).code, 2);
    assert.is((await dlan(['graph', sampleRepo, '--format', 'dot', '--json'])).code, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
graph.run();

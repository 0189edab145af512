/** `dlan render --check`: the daemons' own checkers, each in a private namespace (needs root). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dlan, inTemp as inTempDir } from '../../support/cli.js';
import { sampleRepo } from '../../support/paths.js';

const render = suite('dlan render --check');

const inTemp = (f: (dir: string) => Promise<void>): Promise<void> => inTempDir('render', f);

render('--json prints a summary; --check runs the daemons\' checkers', () => inTemp(async (dir) => {
  const r = await dlan(['render', '--router', 'r5', '--repo', sampleRepo, '--out', dir, '--json', '--check']);
  assert.is(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.is(s.router, 'r5');
  assert.equal(s.check, { ok: true, errors: [] });
  assert.equal(s.files.map((f: { path: string }) => f.path).slice(-1), ['links.json']);
  assert.equal(s.links.vxlans, ['dl1', 'dl2', 'dl3', 'dl4']);
}));

render.run();

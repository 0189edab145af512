import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cp, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fetchSource, readTopologyAt } from '../../../reconciler/source/index.js';
import { loadTopology } from '../../../reconciler/topology/load.js';
import { sampleRepo } from '../../support/paths.js';
import { sampleFiles } from '../../support/sample.js';
import { removeDir, tempDir, WorkRepo } from '../../support/signed-repo.js';

const read = suite('readTopologyAt');

read('reads exactly the topology files of a commit from the object store, as the directory reader does', async () => {
  const dir = await tempDir('readtopo');
  try {
    const repo = await WorkRepo.create(join(dir, 'work'), join(dir, 'bare.git'));
    await cp(sampleRepo, repo.dir, { recursive: true });
    await repo.write({ 'README.md': '# not topology\n', 'routers/notes.txt': 'no\n', 'routers/deep/r9.yaml': 'id: 9\n', 'other/x.yaml': 'a: 1\n' });
    await symlink('../network.yaml', join(repo.dir, 'services', 'link.yaml'));
    const first = await repo.commit('sample', {});
    const state = join(dir, 'state');
    const { gitdir } = await fetchSource({ url: repo.bare }, state);
    const files = await readTopologyAt(gitdir, first);
    assert.equal(files, await sampleFiles());
    assert.ok(loadTopology(files).topology, 'the sample loads from git as from its directory');

    // a later commit does not change what the first one reads
    const second = await repo.commit('drop a service', { 'network.yaml': 'name: changed\n' });
    await fetchSource({ url: repo.bare }, state);
    assert.equal(await readTopologyAt(gitdir, first), files);
    const changed = await readTopologyAt(gitdir, second);
    assert.is(changed.find((f) => f.path === 'network.yaml')?.text, 'name: changed\n');
  } finally { await removeDir(dir); }
});
read.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fetchSource, readTopologyAt } from '../../../reconciler/source/index.js';
import { readTopologyDir } from '../../../reconciler/source/read-dir.js';
import { loadTopology } from '../../../model/load.js';
import { isRefused, type RepoFile } from '../../../model/repo-files.js';
import { sampleRepo } from '../../support/paths.js';
import { sampleFiles } from '../../support/sample.js';
import { removeDir, tempDir, WorkRepo } from '../../support/signed-repo.js';

const refusals = (files: readonly RepoFile[]) => files.filter(isRefused).map((f) => [f.path, f.refused.code]);

const read = suite('readTopologyAt');

read('reads exactly the topology files of a commit from the object store, as the directory reader does', async () => {
  const dir = await tempDir('readtopo');
  try {
    const repo = await WorkRepo.create(join(dir, 'work'), join(dir, 'bare.git'));
    await cp(sampleRepo, repo.dir, { recursive: true });
    await repo.write({ 'README.md': '# not topology\n', 'routers/notes.txt': 'no\n', 'routers/deep/r9.yaml': 'id: 9\n', 'other/x.yaml': 'a: 1\n' });
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
    assert.is((changed.find((f) => f.path === 'network.yaml') as { text: string }).text, 'name: changed\n');
  } finally { await removeDir(dir); }
});

read('a link, a directory or a submodule named like a topology file is refused with its path, as in the working tree', async () => {
  const dir = await tempDir('readtopo');
  try {
    const repo = await WorkRepo.create(join(dir, 'work'), join(dir, 'bare.git'));
    await cp(sampleRepo, repo.dir, { recursive: true });
    await symlink('../network.yaml', join(repo.dir, 'services', 'link.yaml'));
    await symlink('/etc/shadow', join(repo.dir, 'routers', 'shadow.yaml'));
    await mkdir(join(repo.dir, 'routers', 'x.yaml'));
    await writeFile(join(repo.dir, 'routers', 'x.yaml', 'inside'), 'id: 9\n');
    const commit = await repo.commit('hostile entries', {});
    const { gitdir } = await fetchSource({ url: repo.bare }, join(dir, 'state'));
    const fromGit = await readTopologyAt(gitdir, commit);
    assert.equal(refusals(fromGit), [['routers/shadow.yaml', 'SymlinkRefused'], ['routers/x.yaml', 'NotAFile'], ['services/link.yaml', 'SymlinkRefused']]);
    // `dlan validate` on the working tree and a router on the commit see the same repo.
    assert.equal(await readTopologyDir(repo.dir), fromGit);
    assert.not.match(JSON.stringify(fromGit), 'etc/shadow', 'a link target is never echoed');

    // A submodule (a gitlink, mode 160000) exists only in the commit.
    await repo.git(['update-index', '--add', '--cacheinfo', `160000,${commit},routers/sub.yaml`]);
    await repo.git(['commit', '-q', '-m', 'submodule']);
    await repo.push();
    await fetchSource({ url: repo.bare }, join(dir, 'state'));
    const withSub = await readTopologyAt(gitdir, await repo.head());
    assert.ok(refusals(withSub).some(([p, c]) => p === 'routers/sub.yaml' && c === 'NotAFile'));
  } finally { await removeDir(dir); }
});

read('a `routers` that is a link is refused, not followed', async () => {
  const dir = await tempDir('readtopo');
  try {
    const repo = await WorkRepo.create(join(dir, 'work'), join(dir, 'bare.git'));
    await repo.write({ 'network.yaml': 'name: a\n', 'elsewhere/r1.yaml': 'id: 1\n' });
    await symlink('elsewhere', join(repo.dir, 'routers'));
    const commit = await repo.commit('routers is a link', {});
    const { gitdir } = await fetchSource({ url: repo.bare }, join(dir, 'state'));
    const fromGit = await readTopologyAt(gitdir, commit);
    assert.equal(refusals(fromGit), [['routers', 'SymlinkRefused']]);
    assert.equal(await readTopologyDir(repo.dir), fromGit);
  } finally { await removeDir(dir); }
});
read.run();

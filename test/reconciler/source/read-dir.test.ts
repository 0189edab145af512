import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { cp, mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readTopologyDir } from '../../../reconciler/source/read-dir.js';
import { loadTopology } from '../../../model/load.js';
import { LIMITS } from '../../../model/limits.js';
import { isRefused, type RepoFile } from '../../../model/repo-files.js';
import { formatDiagnostic } from '../../../model/diagnostic.js';
import { sampleRepo } from '../../support/paths.js';
import { removeDir, tempDir } from '../../support/signed-repo.js';

const refusals = (files: readonly RepoFile[]) => files.filter(isRefused).map((f) => [f.path, f.refused.code]);

async function sampleCopy(): Promise<string> {
  const dir = await tempDir('readdir');
  await cp(sampleRepo, join(dir, 'repo'), { recursive: true });
  return dir;
}

const read = suite('readTopologyDir');

read('a FIFO, a device, links to /dev/zero and to a secret, and a directory are refused by name; nothing is followed or echoed', async () => {
  const dir = await sampleCopy();
  const repo = join(dir, 'repo');
  try {
    await writeFile(join(dir, 'secret'), 'root:$6$hash:19000:0:99999:7:::\n');
    await symlink(join(dir, 'secret'), join(repo, 'routers', 'a.yaml'));
    await symlink('/dev/zero', join(repo, 'routers', 'b.yaml'));
    await promisify(execFile)('mkfifo', [join(repo, 'routers', 'c.yaml')]);
    await mkdir(join(repo, 'routers', 'd.yaml'));
    await promisify(execFile)('mknod', [join(repo, 'routers', 'e.yaml'), 'c', '1', '5']); // /dev/zero's numbers
    const files = await readTopologyDir(repo);
    assert.equal(refusals(files), [
      ['routers/a.yaml', 'SymlinkRefused'], ['routers/b.yaml', 'SymlinkRefused'], ['routers/c.yaml', 'NotAFile'], ['routers/d.yaml', 'NotAFile'],
      ['routers/e.yaml', 'NotAFile'],
    ]);
    const out = loadTopology(files).diagnostics.map(formatDiagnostic);
    assert.equal(out, [
      'routers/a.yaml:1:1: is a symbolic link; dlan reads only regular files inside the repo and never follows links (put the file itself here) [SymlinkRefused]',
      'routers/b.yaml:1:1: is a symbolic link; dlan reads only regular files inside the repo and never follows links (put the file itself here) [SymlinkRefused]',
      'routers/c.yaml:1:1: is a named pipe (FIFO), not a regular file [NotAFile]',
      'routers/d.yaml:1:1: is a directory, not a regular file [NotAFile]',
      'routers/e.yaml:1:1: is a device, not a regular file [NotAFile]',
    ]);
    assert.not.match(out.join('\n'), 'root:');
  } finally { await removeDir(dir); }
});

read('a directory named like a router file does not stop the findings of other files', async () => {
  const dir = await sampleCopy();
  const repo = join(dir, 'repo');
  try {
    await mkdir(join(repo, 'routers', 'x.yaml'));
    await writeFile(join(repo, 'routers', 'r1.yaml'), 'id: one\n');
    const codes = loadTopology(await readTopologyDir(repo)).diagnostics.map((d) => `${d.file} ${d.code}`);
    assert.ok(codes.includes('routers/x.yaml NotAFile'));
    assert.ok(codes.includes('routers/r1.yaml Schema'), codes.join('\n'));
  } finally { await removeDir(dir); }
});

read('a 50 GB file is refused from its size, without being read', async () => {
  const dir = await sampleCopy();
  const repo = join(dir, 'repo');
  try {
    await writeFile(join(repo, 'routers', 'huge.yaml'), '');
    await truncate(join(repo, 'routers', 'huge.yaml'), 50 * 1024 ** 3); // sparse: reading it would take minutes
    const files = await readTopologyDir(repo);
    assert.equal(refusals(files), [['routers/huge.yaml', 'FileTooLarge']]);
    assert.ok(files.filter((f) => !isRefused(f)).length >= 9, 'the other files are read');
  } finally { await removeDir(dir); }
});

read('the repo limit: files after the one that crosses it are not read, and one finding says so', async () => {
  const dir = await tempDir('readdir');
  try {
    await mkdir(join(dir, 'routers'), { recursive: true });
    await writeFile(join(dir, 'network.yaml'), 'name: a\n');
    const big = `# ${'x'.repeat(LIMITS.fileBytes.value - 10)}\n`;
    const n = Math.ceil(LIMITS.repoBytes.value / big.length) + 2;
    for (let i = 0; i < n; i++) await writeFile(join(dir, 'routers', `r${String(i).padStart(3, '0')}.yaml`), big);
    const files = await readTopologyDir(dir);
    const refused = files.filter(isRefused);
    assert.is(refused.length, 1);
    assert.is(refused[0]!.refused.code, 'RepoTooLarge');
    assert.match(refused[0]!.refused.message, /\(2 more files after it\)/);
  } finally { await removeDir(dir); }
});

read('a missing repo is a typed error naming the path, not a raw errno', async () => {
  try {
    await readTopologyDir('/nonexistent/dlan-repo');
    assert.unreachable();
  } catch (e) {
    const err = e as { code: string; message: string };
    assert.is(err.code, 'NotFound');
    assert.is(err.message, 'the topology repo /nonexistent/dlan-repo does not exist');
  }
});

read('text that is not UTF-8 is refused', async () => {
  const dir = await sampleCopy();
  const repo = join(dir, 'repo');
  try {
    await writeFile(join(repo, 'services', 'bin.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    assert.equal(refusals(await readTopologyDir(repo)), [['services/bin.yaml', 'NotUtf8']]);
  } finally { await removeDir(dir); }
});
read.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fetchSource } from '../../../reconciler/source/index.js';
import { readSignedCommit } from '../../../reconciler/trust/history.js';
import { splitCommit } from '../../../reconciler/trust/signed-commit.js';
import { GpgHome, removeDir, run, runBytes, type SshKey, signerLine, sshKey, tempDir, WorkRepo } from '../../support/signed-repo.js';

const payload = suite('signed payload from raw object bytes');
const ctx = {} as { dir: string; repo: WorkRepo; ssh: SshKey; gpg: GpgHome; gitdir: string; commits: Record<string, string> };

payload.before(async () => {
  ctx.dir = await tempDir('payload');
  ctx.repo = await WorkRepo.create(join(ctx.dir, 'work'), join(ctx.dir, 'bare.git'));
  ctx.ssh = await sshKey(ctx.dir, 'ed25519');
  ctx.gpg = await GpgHome.create(ctx.dir);
  const pgp = await ctx.gpg.key('Alice <alice@example.org>');
  const c: Record<string, string> = {};
  c.ssh = await ctx.repo.commit('ssh signed\n\n indented body line\ngpgsig in the body is just text', { 'network.yaml': 'a\n' }, { sign: ctx.ssh });
  c.pgp = await ctx.repo.commit('pgp signed', { 'network.yaml': 'b\n' }, { sign: pgp });
  // a merge of a signed tag carries a `mergetag` header with its own signature inside: it is payload
  await ctx.repo.git(['checkout', '-q', '-b', 'side']);
  await ctx.repo.commit('side work', { 'routers/r1.yaml': 'id: 1\n' }, { sign: ctx.ssh });
  await ctx.repo.git(['-c', 'tag.gpgsign=true', 'tag', '-s', '-m', 'release', 'v1'], { sign: ctx.ssh });
  await ctx.repo.git(['checkout', '-q', 'main']);
  await ctx.repo.git(['merge', '-q', '--no-ff', '-S', '-m', 'merge tag v1', 'v1'], { sign: ctx.ssh });
  await ctx.repo.push();
  c.mergetag = await ctx.repo.head();
  c.unsigned = await ctx.repo.commit('unsigned', { 'network.yaml': 'c\n' });
  ctx.commits = c;
  ctx.gitdir = (await fetchSource({ url: ctx.repo.bare }, join(ctx.dir, 'state'))).gitdir;
});
payload.after(async () => { await ctx.gpg.close(); await removeDir(ctx.dir); });

/** What `git cat-file commit` prints minus the gpgsig header, stripped by perl, not by our code. */
const gitPayload = async (oid: string): Promise<Buffer> => {
  const raw = await runBytes('git', ['cat-file', 'commit', oid], { cwd: ctx.repo.dir });
  const path = join(ctx.dir, `raw-${oid}`);
  await writeFile(path, raw);
  return runBytes('perl', ['-0777', '-pe', 's/^gpgsig .*\\n(?: .*\\n)*//m', path]);
};

for (const kind of ['ssh', 'pgp', 'mergetag', 'unsigned'] as const) {
  payload(`${kind}: payload is byte-equal to git cat-file commit minus the gpgsig header`, async () => {
    const oid = ctx.commits[kind]!;
    const c = await readSignedCommit(ctx.gitdir, oid);
    assert.is(c.oid, oid);
    assert.ok(Buffer.from(c.payload).equals(await gitPayload(oid)));
    assert.is(c.signature === undefined, kind === 'unsigned');
  });
}

payload('the mergetag header (with its embedded signature) stays in the payload', async () => {
  const c = await readSignedCommit(ctx.gitdir, ctx.commits.mergetag!);
  const text = Buffer.from(c.payload).toString('utf8');
  assert.match(text, /\nmergetag object [0-9a-f]{40}\n/);
  assert.match(text, / -----BEGIN SSH SIGNATURE-----/);
  assert.is(c.parents.length, 2);
});

payload('ssh-keygen accepts our payload with the extracted SSH signature', async () => {
  const c = await readSignedCommit(ctx.gitdir, ctx.commits.ssh!);
  const [sig, data, allowed] = ['sig', 'data', 'allowed'].map((n) => join(ctx.dir, `v-${n}`)) as [string, string, string];
  await writeFile(sig, c.signature!);
  await writeFile(data, c.payload);
  await writeFile(allowed, `${signerLine('alice@example.org', ctx.ssh)}\n`);
  const out = await run('sh', ['-c', `ssh-keygen -Y verify -f ${allowed} -I alice@example.org -n git -s ${sig} < ${data}`]);
  assert.match(out, /Good "git" signature for alice@example.org/);
});

payload('gpg accepts our payload with the extracted OpenPGP signature', async () => {
  const c = await readSignedCommit(ctx.gitdir, ctx.commits.pgp!);
  const [sig, data] = [join(ctx.dir, 'p.sig'), join(ctx.dir, 'p.data')];
  await writeFile(sig, c.signature!);
  await writeFile(data, c.payload);
  await ctx.gpg.gpg(['--verify', sig, data]);
});

payload('parents and header lines are read from the object', async () => {
  const c = await readSignedCommit(ctx.gitdir, ctx.commits.pgp!);
  assert.equal(c.parents, [ctx.commits.ssh]);
  assert.equal(c.headers.map((h) => h.split(' ')[0]), ['tree', 'parent', 'author', 'committer']);
  assert.match(c.headers[3]!, /^committer Alice <alice@example.org> \d+ [+-]\d{4}$/);
});
payload.run();

const split = suite('splitCommit');
split('drops gpgsig-sha256 and its continuation lines from the payload but keeps other headers', () => {
  const raw = Buffer.from('tree t\nparent p\nauthor A <a> 1 +0000\ncommitter A <a> 2 +0000\ngpgsig-sha256 X\n Y\nencoding latin1\ngpgsig S1\n S2\n\nmsg\n gpgsig not a header\n');
  const c = splitCommit('x', raw);
  assert.is(Buffer.from(c.payload).toString(), 'tree t\nparent p\nauthor A <a> 1 +0000\ncommitter A <a> 2 +0000\nencoding latin1\n\nmsg\n gpgsig not a header\n');
  assert.is(c.signature, 'S1\nS2\n');
  assert.equal(c.headers, ['tree t', 'parent p', 'author A <a> 1 +0000', 'committer A <a> 2 +0000', 'encoding latin1']);
});
split('parents are the parent lines right after tree, as git reads them; one further down is not a parent', () => {
  const [p1, p2, p3] = ['1', '2', '3'].map((d) => d.repeat(40));
  const c = splitCommit('x', Buffer.from(`tree t\nparent ${p1}\nparent ${p2}\nauthor A <a> 1 +0000\nparent ${p3}\ncommitter A <a> 2 +0000\n\nm\n`));
  assert.equal(c.parents, [p1, p2]);
  assert.equal(splitCommit('x', Buffer.from(`parent ${p1}\ntree t\n\nm\n`)).parents, []);
});
split('keeps non-UTF-8 message bytes exactly', () => {
  const raw = Buffer.concat([Buffer.from('tree t\ncommitter A <a> 2 +0000\n\n'), Buffer.from([0xe9, 0xff, 0x0a])]);
  assert.ok(Buffer.from(splitCommit('x', raw).payload).equals(raw));
});
split.run();

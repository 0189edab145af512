import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startGitHttpServer } from '../../../lab/git-http-server.js';
import { renderVerifyReport } from '../../../cli/commands/verify.js';
import { dlan } from '../../support/cli.js';
import { removeDir, signerLine, type SshKey, sshKey, tempDir, WorkRepo } from '../../support/signed-repo.js';

const ctx = {} as { dir: string; repo: WorkRepo; key: SshKey; allowed: string; good: string; first: string };

const cli = suite('dlan verify');
cli.before(async () => {
  ctx.dir = await tempDir('cliverify');
  ctx.key = await sshKey(ctx.dir, 'ed25519');
  ctx.allowed = join(ctx.dir, 'allowed_signers');
  await writeFile(ctx.allowed, `${signerLine('alice@example.org', ctx.key)}\n`);
  await mkdir(join(ctx.dir, 'srv'));
  ctx.repo = await WorkRepo.create(join(ctx.dir, 'work'), join(ctx.dir, 'srv', 'topo.git'));
  ctx.first = await ctx.repo.commit('first', { 'network.yaml': 'a\n' }, { sign: ctx.key });
  ctx.good = await ctx.repo.commit('second', { 'network.yaml': 'b\n' }, { sign: ctx.key });
});
cli.after(async () => { await removeDir(ctx.dir); });

cli('a signed HEAD of a local repo is trusted: exit 0, names the signer and the trust file line', async () => {
  const r = await dlan(['verify', '--repo', ctx.repo.dir, '--allowed-signers', ctx.allowed]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, `commit ${ctx.good.slice(0, 7)} (HEAD of ${ctx.repo.dir}) is trusted`);
  assert.match(r.stdout, `signed by alice@example.org (ssh ${ctx.key.fingerprint}), trusted by ${ctx.allowed}:1`);
});

cli('over HTTP with --json, the same value the text comes from', async () => {
  const srv = await startGitHttpServer({ root: join(ctx.dir, 'srv') });
  try {
    const r = await dlan(['verify', '--repo', srv.url('topo.git'), '--allowed-signers', ctx.allowed, '--json']);
    assert.is(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal([out.trusted, out.commit, out.ref, out.verification.verified[0].signer.fingerprint], [true, ctx.good, 'main', ctx.key.fingerprint]);
    assert.is(renderVerifyReport(out), (await dlan(['verify', '--repo', srv.url('topo.git'), '--allowed-signers', ctx.allowed])).stdout);
  } finally { await srv.close(); }
});

cli('an unsigned commit: exit 1 with the reason; --since catches a rollback', async () => {
  await ctx.repo.git(['commit', '-q', '--allow-empty', '-m', 'unsigned']);
  const unsigned = await ctx.repo.head();
  const r = await dlan(['verify', '--repo', ctx.repo.dir, '--allowed-signers', ctx.allowed]);
  assert.is(r.code, 1);
  assert.match(r.stderr, `is refused: Unsigned\n  commit ${unsigned.slice(0, 7)} is not signed`);
  const j = await dlan(['verify', '--repo', ctx.repo.dir, '--ref', ctx.first, '--since', ctx.good.slice(0, 10), '--allowed-signers', ctx.allowed, '--json']);
  assert.is(j.code, 1);
  assert.equal(JSON.parse(j.stdout).error.code, 'Rollback');
  const ok = await dlan(['verify', '--repo', ctx.repo.dir, '--ref', ctx.good, '--since', ctx.first, '--chain', '--allowed-signers', ctx.allowed]);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, `descends from ${ctx.first.slice(0, 7)} (last-applied)`);
});

cli('without trust files it is a usage error (exit 2)', async () => {
  const r = await dlan(['verify', '--repo', ctx.repo.dir]);
  assert.is(r.code, 2);
  assert.match(r.stderr, '--allowed-signers and/or --openpgp-keys');
});
cli.run();

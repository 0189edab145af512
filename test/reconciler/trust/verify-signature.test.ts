/**
 * Signature cases end to end: real keys (ssh-keygen, gpg), commits signed by the git CLI, the
 * repo served over smart HTTP by git http-backend and fetched with isomorphic-git as a router
 * does. Every refusal also checks that the last applied commit did not move.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startGitHttpServer, type GitHttpServer } from '../../../lab/git-http-server.js';
import { loadTrustRoots, type TrustRoots } from '../../../reconciler/trust/trust-roots.js';
import { readLastApplied } from '../../../reconciler/trust/applied-state.js';
import { expectRefused, pull, type RouterSim } from '../../support/router-sim.js';
import { emptyTree, GpgHome, type GpgKey, removeDir, run, signerLine, type SshKey, sshKey, tempDir, WorkRepo, writeRawCommit } from '../../support/signed-repo.js';

interface Ctx {
  dir: string; srv: GitHttpServer; gpg: GpgHome; roots: TrustRoots; allowed: string; keysDir: string;
  ssh: Record<'ed25519' | 'ecdsa' | 'rsa' | 'stranger' | 'dated' | 'staged' | 'rsa1024', SshKey>;
  pgp: Record<'alice' | 'mallory' | 'shortLived' | 'revoked' | 'forge', GpgKey>;
}
const ctx = {} as Ctx;
let n = 0;
const DAY = 86_400_000;
/** When the staged key becomes valid: midnight UTC, 30 to 31 days from now. */
const STAGED_FROM = new Date(Math.floor(Date.now() / DAY) * DAY + 31 * DAY);
const sshDate = (d: Date): string => `${d.toISOString().slice(0, 10).replace(/-/g, '')}Z`;
const isoDate = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

/** A fresh forge repo and a router that has never applied anything. */
async function scenario(): Promise<{ repo: WorkRepo; router: RouterSim }> {
  const name = `r${++n}`;
  const repo = await WorkRepo.create(join(ctx.dir, 'work', name), join(ctx.dir, 'srv', `${name}.git`));
  return { repo, router: { url: ctx.srv.url(`${name}.git`), stateDir: join(ctx.dir, 'state', name), roots: ctx.roots } };
}

const sig = suite('signatures, fetched over HTTP');
sig.before(async () => {
  ctx.dir = await tempDir('sigs');
  await mkdir(join(ctx.dir, 'srv'), { recursive: true });
  ctx.srv = await startGitHttpServer({ root: join(ctx.dir, 'srv') });
  ctx.ssh = {
    ed25519: await sshKey(ctx.dir, 'ed25519'), ecdsa: await sshKey(ctx.dir, 'ecdsa'), rsa: await sshKey(ctx.dir, 'rsa'),
    stranger: await sshKey(ctx.dir, 'ed25519', 'stranger'), dated: await sshKey(ctx.dir, 'ed25519', 'dated'),
    staged: await sshKey(ctx.dir, 'ed25519', 'staged'), rsa1024: await sshKey(ctx.dir, 'rsa', 'rsa1024', 1024),
  };
  ctx.allowed = join(ctx.dir, 'allowed_signers');
  await writeFile(ctx.allowed, [
    '# people who may change the network',
    signerLine('alice@example.org', ctx.ssh.ed25519),
    signerLine('bob@example.org', ctx.ssh.ecdsa, 'namespaces="git"'),
    signerLine('carol@example.org', ctx.ssh.rsa),
    signerLine('dave@example.org', ctx.ssh.dated, 'valid-after="20200101Z",valid-before="20210101Z"'),
    // a successor key, staged a month ahead
    signerLine('erin@example.org', ctx.ssh.staged, `valid-after="${sshDate(STAGED_FROM)}"`),
    '',
  ].join('\n'));
  ctx.gpg = await GpgHome.create(ctx.dir);
  ctx.pgp = {
    alice: await ctx.gpg.key('Alice <alice@example.org>'),
    mallory: await ctx.gpg.key('Mallory <mallory@example.org>'),
    shortLived: await ctx.gpg.key('Erin <erin@example.org>', '1d'),
    revoked: await ctx.gpg.key('Frank <frank@example.org>'),
    forge: await ctx.gpg.key('GitHub <noreply@github.com>'),
  };
  ctx.keysDir = join(ctx.dir, 'trusted.asc.d');
  await mkdir(ctx.keysDir);
  for (const k of ['alice', 'shortLived', 'revoked', 'forge'] as const) {
    await writeFile(join(ctx.keysDir, `${k}.asc`), await ctx.gpg.exportPublic(ctx.pgp[k]));
  }
  await writeFile(join(ctx.keysDir, 'README'), 'not a key: ignored, only *.asc files are read\n');
  ctx.roots = await loadTrustRoots({ allowedSigners: ctx.allowed, openpgpKeys: ctx.keysDir });
});
sig.after(async () => { await ctx.srv.close(); await ctx.gpg.close(); await removeDir(ctx.dir); });

for (const [type, principal, line] of [['ed25519', 'alice@example.org', 2], ['ecdsa', 'bob@example.org', 3], ['rsa', 'carol@example.org', 4]] as const) {
  sig(`a good SSH ${type} signature is accepted and recorded as applied`, async () => {
    const { repo, router } = await scenario();
    const oid = await repo.commit('add network', { 'network.yaml': 'name: home\n' }, { sign: ctx.ssh[type] });
    const v = await pull(router);
    assert.is(v.commit, oid);
    assert.is(v.relation, 'first');
    assert.equal(v.verified[0]!.signer, {
      format: 'ssh', fingerprint: ctx.ssh[type].fingerprint, identities: [principal], trustedBy: `${ctx.allowed}:${line}`, forge: false,
    });
    assert.is(await readLastApplied(router.stateDir), oid);
  });
}

sig('a good OpenPGP signature is accepted, the key found in the keys directory', async () => {
  const { repo, router } = await scenario();
  const oid = await repo.commit('add network', { 'network.yaml': 'name: home\n' }, { sign: ctx.pgp.alice });
  const v = await pull(router);
  assert.equal(v.verified[0]!.signer, {
    format: 'openpgp', fingerprint: ctx.pgp.alice.fingerprint, identities: ['Alice <alice@example.org>'],
    trustedBy: join(ctx.keysDir, 'alice.asc'), forge: false,
  });
  assert.is(await readLastApplied(router.stateDir), oid);
});

sig('an unsigned commit is refused (Unsigned) and the applied commit stays', async () => {
  const { repo, router } = await scenario();
  const good = await repo.commit('signed', { 'network.yaml': 'a\n' }, { sign: ctx.ssh.ed25519 });
  await pull(router);
  const bad = await repo.commit('unsigned', { 'network.yaml': 'b\n' });
  const err = await expectRefused(router, 'Unsigned');
  assert.is(err.message, `commit ${bad.slice(0, 7)} is not signed`);
  assert.is(await readLastApplied(router.stateDir), good);
});

sig('an unsigned first commit is refused and nothing is recorded', async () => {
  const { repo, router } = await scenario();
  await repo.commit('unsigned', { 'network.yaml': 'b\n' });
  await expectRefused(router, 'Unsigned');
  assert.is(await readLastApplied(router.stateDir), undefined);
});

sig('an SSH key not in allowed_signers is UnknownSigner, named by fingerprint and file', async () => {
  const { repo, router } = await scenario();
  const oid = await repo.commit('by a stranger', { 'network.yaml': 'x\n' }, { sign: ctx.ssh.stranger });
  const err = await expectRefused(router, 'UnknownSigner');
  assert.is(err.message, `commit ${oid.slice(0, 7)} is signed by ${ctx.ssh.stranger.fingerprint} (ssh-ed25519) which is not in ${ctx.allowed}`);
  assert.is(err.data.fingerprint, ctx.ssh.stranger.fingerprint);
});

sig('an OpenPGP key not in the trusted keys is UnknownSigner', async () => {
  const { repo, router } = await scenario();
  const oid = await repo.commit('by mallory', { 'network.yaml': 'x\n' }, { sign: ctx.pgp.mallory });
  const err = await expectRefused(router, 'UnknownSigner');
  assert.is(err.message, `commit ${oid.slice(0, 7)} is signed by ${ctx.pgp.mallory.fingerprint} which is not in ${ctx.keysDir}`);
});

sig('content changed after signing (the server rewrote the commit) is a BadSignature', async () => {
  for (const key of [ctx.ssh.ed25519, ctx.pgp.alice]) {
    const { repo, router } = await scenario();
    const signed = await repo.commit('open port 22 to the LAN only', { 'network.yaml': 'a\n' }, { sign: key });
    const raw = await run('git', ['cat-file', 'commit', signed], { cwd: repo.bare });
    const tampered = raw.replace('open port 22 to the LAN only', 'open port 22 to the world!!');
    const forged = (await run('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: repo.bare, input: tampered })).trim();
    await repo.forceForge(forged);
    const err = await expectRefused(router, 'BadSignature');
    assert.match(err.message, `commit ${forged.slice(0, 7)}`);
    assert.match(err.message, /does not match/);
  }
});

sig('SSH validity window: judged at the router\'s clock; a key whose window closed cannot sign by backdating', async () => {
  const { repo, router } = await scenario();
  // inside dave's 2020 window by its own date, made today
  const backdated = await repo.commit('backdated', { 'network.yaml': 'a\n' }, { sign: ctx.ssh.dated, date: '2020-06-01T00:00:00Z' });
  const err = await expectRefused(router, 'SignatureExpired');
  assert.match(err.message, `commit ${backdated.slice(0, 7)} is signed by ${ctx.ssh.dated.fingerprint} (ssh-ed25519) whose validity in ${ctx.allowed}:5 `
    + 'ended 2021-01-01T00:00:00Z; the router\'s clock says ');
  // the same commit, to a router whose clock is inside the window: the clock decides, not the commit
  const v = await pull({ ...router, now: new Date('2020-07-01T00:00:00Z') });
  assert.is(v.commit, backdated);
});

sig('SSH validity window: a key staged for later cannot sign today by forward-dating', async () => {
  const { repo, router } = await scenario();
  const dated = new Date(STAGED_FROM.getTime() + DAY);
  const forward = await repo.commit('forward-dated', { 'network.yaml': 'a\n' }, { sign: ctx.ssh.staged, date: isoDate(dated) });
  const err = await expectRefused(router, 'SignatureNotYetValid');
  assert.match(err.message, `commit ${forward.slice(0, 7)} is signed by ${ctx.ssh.staged.fingerprint} (ssh-ed25519) whose validity in ${ctx.allowed}:6 `
    + `starts ${isoDate(STAGED_FROM)}; the router's clock says `);
  // once the router's clock has reached the window (and the commit's date), it is accepted
  assert.is((await pull({ ...router, now: new Date(dated.getTime() + 3_600_000) })).commit, forward);
});

sig('a commit dated beyond trust.maxClockSkew is CommitInFuture; a larger skew accepts it', async () => {
  const { repo, router } = await scenario();
  const good = await repo.commit('today', { 'network.yaml': 'a\n' }, { sign: ctx.ssh.ed25519 });
  await pull(router);
  const future = await repo.commit('from the future', { 'network.yaml': 'b\n' }, { sign: ctx.ssh.ed25519, date: isoDate(new Date(Date.now() + 3 * DAY)) });
  const err = await expectRefused(router, 'CommitInFuture');
  assert.match(err.message, `commit ${future.slice(0, 7)} has committer time `);
  assert.match(err.message, /, \d+ (days|hours) ahead of this router's clock/);
  assert.is(await readLastApplied(router.stateDir), good);
  assert.is((await pull({ ...router, policy: { maxClockSkewSeconds: 7 * 86_400 } })).commit, future);
});

sig('hostile commit headers signed by a trusted key are typed refusals naming the commit and the cause, never a crash', async () => {
  const { repo, router } = await scenario();
  const good = await repo.commit('good', { 'network.yaml': 'a\n' }, { sign: ctx.ssh.ed25519 });
  await pull(router);
  const tree = await emptyTree(repo.bare);
  const author = 'author Alice <alice@example.org> 1700000000 +0000';
  const cases: Array<[string, string[], string, RegExp]> = [
    ['no zone', [author, 'committer Alice <alice@example.org> 1700000000'], 'BadCommitTime', /committer time 1700000000 without a time zone/],
    ['time 0', [author, 'committer Alice <alice@example.org> 0 +0000'], 'BadCommitTime', /committer time 0 \(1970-01-01\)/],
    ['not a number', [author, 'committer Alice <alice@example.org> soon +0000'], 'BadCommitTime', /committer time "soon", which is not a number/],
    ['beyond Date', [author, 'committer Alice <alice@example.org> 99999999999999999 +0000'], 'BadCommitTime', /beyond the range of dates/],
    ['far future', [author, 'committer Alice <alice@example.org> 8640000000000 +0000'], 'CommitInFuture', /ahead of this router's clock/],
    ['no committer', [author], 'MalformedCommit', /has no committer line/],
    ['author without zone', ['author Alice <alice@example.org> 1700000000', 'committer Alice <alice@example.org> 1700000000 +0000'], 'BadCommitTime', /author time 1700000000 without a time zone/],
  ];
  for (const [name, idents, code, re] of cases) {
    const oid = await writeRawCommit(repo.bare, [`tree ${tree}`, `parent ${good}`, ...idents], name, ctx.ssh.ed25519);
    await repo.forceForge(oid);
    const err = await expectRefused(router, code);
    assert.match(err.message, `commit ${oid.slice(0, 7)} `, name);
    assert.match(err.message, re, name);
    assert.is(err.data.commit, oid, name);
  }
  assert.is(await readLastApplied(router.stateDir), good);
});

sig('a valid signature by an RSA key under 2048 bits is refused (WeakSignature)', async () => {
  const { repo, router } = await scenario();
  const oid = await repo.commit('by an old key', { 'network.yaml': 'a\n' }, { sign: ctx.ssh.rsa1024 });
  const err = await expectRefused(router, 'WeakSignature');
  assert.match(err.message, `commit ${oid.slice(0, 7)} has a signature by ${ctx.ssh.rsa1024.fingerprint} that is refused: the ssh-rsa key has 1024 bits`);
});

sig('an OpenPGP key expired at the router\'s clock is SignatureExpired; a revoked key is KeyRevoked', async () => {
  const { repo, router } = await scenario();
  await repo.commit('by erin', { 'network.yaml': 'a\n' }, { sign: ctx.pgp.shortLived });
  await expectRefused({ ...router, now: new Date(Date.now() + 3 * 86_400_000) }, 'SignatureExpired');
  const v = await pull(router);
  assert.is(v.verified[0]!.signer.fingerprint, ctx.pgp.shortLived.fingerprint);

  const second = await scenario();
  await second.repo.commit('by frank', { 'network.yaml': 'a\n' }, { sign: ctx.pgp.revoked });
  await ctx.gpg.revoke(ctx.pgp.revoked);
  const revokedDir = join(ctx.dir, 'revoked.asc.d');
  await mkdir(revokedDir);
  await writeFile(join(revokedDir, 'frank.asc'), await ctx.gpg.exportPublic(ctx.pgp.revoked));
  const roots = await loadTrustRoots({ openpgpKeys: revokedDir });
  const err = await expectRefused({ ...second.router, roots }, 'KeyRevoked');
  assert.match(err.message, /whose key is revoked/);
});

sig('a forge key is refused unless listed in forgeSigners, then accepted and marked as forge', async () => {
  const { repo, router } = await scenario();
  await repo.commit('Merge pull request #7', { 'network.yaml': 'a\n' }, { sign: ctx.pgp.forge, email: 'noreply@github.com' });
  const err = await expectRefused(router, 'ForgeNotTrusted');
  assert.match(err.message, `is signed by the forge key ${ctx.pgp.forge.fingerprint} (GitHub <noreply@github.com>)`);
  assert.match(err.message, 'trust.forgeSigners');
  const v = await pull({ ...router, policy: { forgeSigners: [ctx.pgp.forge.fingerprint] } });
  assert.is(v.verified[0]!.signer.forge, true);
});

sig('an SSH key listed in forgeSigners by principal is marked as forge', async () => {
  const { repo, router } = await scenario();
  await repo.commit('web merge', { 'network.yaml': 'a\n' }, { sign: ctx.ssh.ecdsa });
  const v = await pull({ ...router, policy: { forgeSigners: ['bob@example.org'] } });
  assert.is(v.verified[0]!.signer.forge, true);
});

sig('an SSH signature with only OpenPGP roots configured is UnknownSigner', async () => {
  const { repo, router } = await scenario();
  await repo.commit('ssh', { 'network.yaml': 'a\n' }, { sign: ctx.ssh.ed25519 });
  const err = await expectRefused({ ...router, roots: await loadTrustRoots({ openpgpKeys: ctx.keysDir }) }, 'UnknownSigner');
  assert.match(err.message, 'no allowed-signers file is configured');
});
sig.run();

const roots = suite('loadTrustRoots');
roots('no roots, an unreadable file and a non-key file are Stalled errors, not "trust nothing"', async () => {
  const dir = await tempDir('roots');
  const notKeys = join(dir, 'not-keys.asc');
  await writeFile(notKeys, 'alice@example.org ssh-ed25519 AAAA\n');
  const codes: string[] = [];
  for (const files of [{}, { allowedSigners: '/nonexistent/allowed_signers' }, { openpgpKeys: '/nonexistent/keys' }, { openpgpKeys: notKeys }]) {
    try {
      await loadTrustRoots(files);
      assert.unreachable(JSON.stringify(files));
    } catch (e) {
      assert.is((e as { kind: string }).kind, 'Stalled');
      codes.push((e as { code: string }).code);
    }
  }
  assert.equal(codes, ['NoTrustRoots', 'TrustFileUnreadable', 'TrustFileUnreadable', 'BadTrustFile']);
  await removeDir(dir);
});
roots.run();

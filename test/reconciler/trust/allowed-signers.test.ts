import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findSigner, matchPatternList, parseAllowedSigners, parseSshTime } from '../../../reconciler/trust/allowed-signers.js';
import { parsePublicKey } from '../../../reconciler/trust/ssh-wire.js';
import { removeDir, signerLine, sshKey, tempDir } from '../../support/signed-repo.js';

// Public keys only (from ssh-keygen); no private key is needed to parse allowed_signers.
const ED = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAaEWNgnY0PhKc39fSH2+Z5UN/5NbC61dpQtk6hAeMrQ';
const EC = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBAojs0mtJQbh/NFUWlom+058GX37gEwbisDFMT0QZQOWqgp05rwPWxWarQPqGWgE1FdbOzfMqNdw2iF7EiLzXq4=';
const keyOf = (line: string) => parsePublicKey(Buffer.from(line.split(' ')[1]!, 'base64'));

const parse = suite('parseAllowedSigners');
parse('reads principals, options, key and line numbers; skips comments and blanks', () => {
  const f = parseAllowedSigners([
    '# maintainers',
    '',
    `alice@example.org,alice@home ${ED} alice's laptop`,
    `"bob@example.org" namespaces="git,file",valid-after="20240101",valid-before="20251231235959Z" ${EC}`,
  ].join('\n'), '/etc/dlan/allowed_signers');
  assert.is(f.signers.length, 2);
  const [a, b] = f.signers;
  assert.equal([a!.principals, a!.line, a!.namespaces, a!.key.type], ['alice@example.org,alice@home', 3, undefined, 'ssh-ed25519']);
  assert.equal([b!.principals, b!.line, b!.namespaces, b!.validBefore], ['bob@example.org', 4, 'git,file', Date.UTC(2025, 11, 31, 23, 59, 59) / 1000]);
  assert.is(b!.validAfter, new Date(2024, 0, 1).getTime() / 1000);
});

parse('cert-authority is refused with a clear message naming file and line', () => {
  try {
    parseAllowedSigners(`*@example.org cert-authority ${ED}`, '/etc/dlan/allowed_signers');
    assert.unreachable();
  } catch (e) {
    const err = e as { code: string; kind: string; message: string; data: unknown };
    assert.equal([err.kind, err.code, err.data], ['Stalled', 'BadTrustFile', { file: '/etc/dlan/allowed_signers', line: 1 }]);
    assert.match(err.message, '/etc/dlan/allowed_signers:1: cert-authority lines are not supported');
  }
});

parse('malformed lines are BadTrustFile with the line', () => {
  const cases: Array<[string, RegExp]> = [
    [`a@b ${ED.split(' ')[0]}`, /:1: expected/],
    [`a@b unknown-opt="x" ${ED}`, /:1: unknown option unknown-opt/],
    [`a@b valid-after="2024" ${ED}`, /:1: valid-after="2024" is not/],
    [`a@b ssh-ed25519 ${EC.split(' ')[1]}`, /:1: the key is a ecdsa-sha2-nistp256 key, not ssh-ed25519/],
    [`a@b ssh-ed25519 !!!!`, /:1: cannot read the ssh-ed25519 key/],
  ];
  for (const [line, re] of cases) {
    try {
      parseAllowedSigners(line, 'f');
      assert.unreachable(line);
    } catch (e) {
      assert.is((e as { code: string }).code, 'BadTrustFile', line);
      assert.match((e as Error).message, re);
    }
  }
});
parse('an option given twice is refused as OpenSSH refuses it, naming file and line (never "the last copy wins")', () => {
  const cases = [
    `a@b namespaces="file",namespaces="git" ${ED}`,
    `a@b valid-before="20300101Z",valid-before="20200101Z" ${ED}`,
    `a@b valid-after="20200101Z",VALID-AFTER="20100101Z" ${ED}`,
  ];
  for (const line of cases) {
    try {
      parseAllowedSigners(`# header\n${line}`, '/etc/dlan/allowed_signers');
      assert.unreachable(line);
    } catch (e) {
      const err = e as { code: string; kind: string; message: string; data: unknown };
      assert.equal([err.kind, err.code, err.data], ['Stalled', 'BadTrustFile', { file: '/etc/dlan/allowed_signers', line: 2 }], line);
      assert.match(err.message, /^\/etc\/dlan\/allowed_signers:2: (namespaces|valid-before|valid-after) is given twice/);
    }
  }
});

parse('a window that can never be open, a time 0 and a date not in the calendar are refused', () => {
  const cases: Array<[string, RegExp]> = [
    [`a@b valid-after="20250101Z",valid-before="20240101Z" ${ED}`, /valid-before is not after valid-after/],
    [`a@b valid-after="20250101Z",valid-before="20250101Z" ${ED}`, /valid-before is not after valid-after/],
    [`a@b valid-after="19700101Z" ${ED}`, /valid-after="19700101Z" is not a time after 1970/],
    [`a@b valid-before="20240231Z" ${ED}`, /valid-before="20240231Z" is not a time/],
    [`a@b namespaces ${ED}`, /namespaces needs a value/],
  ];
  for (const [line, re] of cases) {
    try {
      parseAllowedSigners(line, 'f');
      assert.unreachable(line);
    } catch (e) {
      assert.is((e as { code: string }).code, 'BadTrustFile', line);
      assert.match((e as Error).message, re);
    }
  }
});

parse('an RSA key under 2048 bits is refused naming file, line and size; 2048 bits are accepted', async () => {
  const dir = await tempDir('rsa');
  try {
    const [small, enough] = [await sshKey(dir, 'rsa', 'rsa1024', 1024), await sshKey(dir, 'rsa', 'rsa2048', 2048)];
    try {
      parseAllowedSigners(`${signerLine('a@b', enough)}\n${signerLine('old@b', small)}\n`, '/etc/dlan/allowed_signers');
      assert.unreachable();
    } catch (e) {
      const err = e as { code: string; message: string; data: unknown };
      assert.equal([err.code, err.data], ['BadTrustFile', { file: '/etc/dlan/allowed_signers', line: 2 }]);
      assert.match(err.message, '/etc/dlan/allowed_signers:2: the ssh-rsa key has 1024 bits; dlan requires at least 2048');
    }
    assert.is(parseAllowedSigners(signerLine('a@b', enough), 'f').signers[0]!.key.type, 'ssh-rsa');
  } finally { await removeDir(dir); }
});

parse('a security-key (sk-) line trusts nothing and is listed as unsupported, the others still count', () => {
  const sk = 'sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIAaEWNgnY0PhKc39fSH2+Z5UN/5NbC61dpQtk6hAeMrQAAAABHNzaDo=';
  const f = parseAllowedSigners(`a@b ${sk}\nc@d ${ED}`, 'f');
  assert.equal(f.unsupported, [{ line: 1, type: 'sk-ssh-ed25519@openssh.com' }]);
  assert.equal(f.signers.map((s) => s.line), [2]);
});
parse.run();

const time = suite('parseSshTime');
time('years before 100 are not read as 19xx; February 30th is not March 2nd', () => {
  const fifty = new Date(parseSshTime('00500101Z')! * 1000);
  assert.equal([fifty.getUTCFullYear(), fifty.getUTCMonth(), fifty.getUTCDate()], [50, 0, 1]);
  assert.is(parseSshTime('20240230Z'), undefined);
  assert.is(parseSshTime('20240229Z'), Date.UTC(2024, 1, 29) / 1000);
  assert.is(parseSshTime('20240101246000Z'), undefined);
});
time('YYYYMMDD[HHMM[SS]][Z], Z for UTC', () => {
  assert.is(parseSshTime('20240102Z'), Date.UTC(2024, 0, 2) / 1000);
  assert.is(parseSshTime('202401021234Z'), Date.UTC(2024, 0, 2, 12, 34) / 1000);
  assert.is(parseSshTime('20240102123456Z'), Date.UTC(2024, 0, 2, 12, 34, 56) / 1000);
  assert.is(parseSshTime('20240102'), new Date(2024, 0, 2).getTime() / 1000);
  assert.is(parseSshTime('20241302'), undefined);
  assert.is(parseSshTime('2024010'), undefined);
});
time.run();

const patterns = suite('matchPatternList');
patterns('wildcards and negation, as OpenSSH matches them', () => {
  assert.ok(matchPatternList('git', 'git'));
  assert.ok(matchPatternList('git', 'file,git'));
  assert.ok(matchPatternList('git', 'g*'));
  assert.ok(matchPatternList('git', 'g?t'));
  assert.not.ok(matchPatternList('git', 'file'));
  assert.not.ok(matchPatternList('git', '*,!git'));
});
patterns.run();

const find = suite('findSigner');
const file = parseAllowedSigners([
  `alice@example.org ${ED}`,
  `bob@example.org namespaces="file" ${EC}`,
  `bob@example.org namespaces="git",valid-after="20240101Z",valid-before="20250101Z" ${EC}`,
].join('\n'), '/etc/dlan/allowed_signers');
const at = (iso: string) => Date.parse(iso) / 1000;

find('a listed key without options is allowed at any time', () => {
  const m = findSigner(file, keyOf(ED), 'git', at('2030-01-01T00:00:00Z'));
  assert.ok(m.ok && m.signer.line === 1);
});
find('the window is judged against the given time (the router clock), bounds included', () => {
  assert.ok(findSigner(file, keyOf(EC), 'git', at('2024-06-01T00:00:00Z')).ok);
  assert.ok(findSigner(file, keyOf(EC), 'git', at('2025-01-01T00:00:00Z')).ok);
  const late = findSigner(file, keyOf(EC), 'git', at('2025-01-01T00:00:01Z'));
  assert.equal(late.ok ? 'ok' : late.code, 'SignatureExpired');
  if (!late.ok) assert.is(late.reason, "whose validity in /etc/dlan/allowed_signers:3 ended 2025-01-01T00:00:00Z; the router's clock says 2025-01-01T00:00:01Z");
  const early = findSigner(file, keyOf(EC), 'git', at('2023-12-31T23:59:59Z'));
  assert.equal(early.ok ? 'ok' : early.code, 'SignatureNotYetValid');
});
find('a key listed only for another namespace is not a git signer', () => {
  const only = parseAllowedSigners(`bob@example.org namespaces="file" ${EC}`, 'f');
  const m = findSigner(only, keyOf(EC), 'git', 0);
  assert.equal(m.ok ? 'ok' : m.code, 'UnknownSigner');
  if (!m.ok) assert.match(m.reason, 'only for namespaces "file"');
});
find('an unlisted key is UnknownSigner naming the file', () => {
  const m = findSigner(parseAllowedSigners(`a@b ${ED}`, '/etc/dlan/allowed_signers'), keyOf(EC), 'git', 0);
  assert.equal(m.ok ? 'ok' : [m.code, m.reason], ['UnknownSigner', 'which is not in /etc/dlan/allowed_signers']);
});
find.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkCommit, DEFAULT_MAX_AHEAD_SECONDS, MAX_SECONDS, parseIdent } from '../../../reconciler/trust/commit-checks.js';
import { splitCommit } from '../../../reconciler/trust/signed-commit.js';

const T = 'a'.repeat(40);
const P = 'b'.repeat(40);
const OID = 'c0ffee0'.padEnd(40, '0');
const NOW = new Date('2025-06-01T12:00:00Z');
const nowS = NOW.getTime() / 1000;

const commit = (headers: readonly string[]) => splitCommit(OID, Buffer.from(`${headers.join('\n')}\n\nmessage\n`));
const good = (committer = `committer A <a@example.org> ${nowS - 60} +0200`) =>
  [`tree ${T}`, `parent ${P}`, 'author A <a@example.org> 1700000000 -0500', committer];

function refusal(headers: readonly string[], maxAhead?: number): { code: string; kind: string; message: string; data: Record<string, unknown> } {
  try {
    checkCommit(commit(headers), NOW, maxAhead);
  } catch (e) {
    return e as never;
  }
  return assert.unreachable(`accepted: ${headers.join(' | ')}`) as never;
}

const check = suite('checkCommit');
check('a well-formed commit passes and gives its committer', () => {
  assert.equal(checkCommit(commit(good()), NOW), { name: 'A', email: 'a@example.org', seconds: nowS - 60, zone: '+0200' });
  assert.ok(checkCommit(commit([`tree ${T}`, 'author  <> 1 +0000', `committer x <y> ${nowS} -0000`, 'encoding latin1']), NOW));
});

check('committer times that are not times are BadCommitTime naming the commit, never read as 1970', () => {
  const cases: Array<[string, RegExp]> = [
    ['committer A <a@example.org> 0 +0000', /has committer time 0 \(1970-01-01\)/],
    ['committer A <a@example.org> 1700000000', /has committer time 1700000000 without a time zone/],
    ['committer A <a@example.org> abc +0000', /has committer time "abc", which is not a number of seconds/],
    ['committer A <a@example.org> 01700000000 +0000', /has committer time "01700000000" with leading zeros/],
    ['committer A <a@example.org> 1700000000 +99999', /time zone "\+99999", which is not ±hhmm/],
    ['committer A <a@example.org> 1700000000 +0000 extra', /which is not "seconds ±hhmm"/],
    ['committer A <a@example.org>', /which is not "seconds ±hhmm"/],
    [`committer A <a@example.org> ${MAX_SECONDS + 1} +0000`, /beyond the range of dates/],
    ['committer A <a@example.org> 99999999999999999999999 +0000', /beyond the range of dates/],
  ];
  for (const [line, re] of cases) {
    const e = refusal(good(line));
    assert.equal([e.kind, e.code], ['Stalled', 'BadCommitTime'], line);
    assert.match(e.message, /^commit c0ffee0 /);
    assert.match(e.message, re);
    assert.is(e.data.commit, OID);
  }
});

check('a header git fsck refuses is MalformedCommit (missing or repeated lines, wrong order, unreadable idents)', () => {
  const cases: Array<[string[], RegExp]> = [
    [[`parent ${P}`, `tree ${T}`, 'author A <a> 1 +0000', `committer A <a> ${nowS} +0000`], /does not start with a "tree <id>" line/],
    [['tree nothex', 'author A <a> 1 +0000', `committer A <a> ${nowS} +0000`], /does not start with a "tree <id>" line/],
    [[`tree ${T}`, 'parent zzz', 'author A <a> 1 +0000', `committer A <a> ${nowS} +0000`], /parent line without a commit id/],
    [[`tree ${T}`, `committer A <a> ${nowS} +0000`], /has no author line/],
    [[`tree ${T}`, 'author A <a> 1 +0000'], /has no committer line/],
    [[`tree ${T}`, 'author A <a> 1 +0000', 'committer <a> 1 +0000'], /unreadable committer line "committer <a> 1 \+0000"/],
    [[`tree ${T}`, 'author A a@b 1 +0000', `committer A <a> ${nowS} +0000`], /unreadable author line/],
    [[...good(), 'committer B <b> 1 +0000'], /second committer line/],
    [[...good(), `parent ${P}`], /second parent line/],
  ];
  for (const [headers, re] of cases) {
    const e = refusal(headers);
    assert.equal([e.kind, e.code], ['Stalled', 'MalformedCommit'], headers.join(' | '));
    assert.match(e.message, re);
  }
});

check('an author time that is not one is refused too (isomorphic-git would throw on it later)', () => {
  const e = refusal([`tree ${T}`, 'author A <a> 1700000000', `committer A <a> ${nowS} +0000`]);
  assert.equal([e.code, e.message], ['BadCommitTime', 'commit c0ffee0 has author time 1700000000 without a time zone (expected ±hhmm after it)']);
});

check('a committer time ahead of the router clock by more than the skew is CommitInFuture; at the limit it passes', () => {
  assert.ok(checkCommit(commit(good(`committer A <a> ${nowS + DEFAULT_MAX_AHEAD_SECONDS} +0000`)), NOW));
  const e = refusal(good(`committer A <a> ${nowS + DEFAULT_MAX_AHEAD_SECONDS + 1} +0000`));
  assert.equal([e.kind, e.code], ['Stalled', 'CommitInFuture']);
  assert.match(e.message, 'commit c0ffee0 has committer time 2025-06-02T12:00:01Z, 24 hours ahead of this router\'s clock (2025-06-01T12:00:00Z; trust.maxClockSkew allows 24 hours)');
  assert.equal(e.data, { commit: OID, time: nowS + DEFAULT_MAX_AHEAD_SECONDS + 1, now: nowS, maxAheadSeconds: DEFAULT_MAX_AHEAD_SECONDS });
  const year = refusal(good(`committer A <a> ${nowS + 365 * 86400} +0000`));
  assert.match(year.message, '365 days ahead');
  assert.is(refusal(good(`committer A <a> ${nowS + 300} +0000`), 60).code, 'CommitInFuture');
  assert.ok(checkCommit(commit(good(`committer A <a> ${nowS + 300} +0000`)), NOW, 600));
});

check('control characters from the commit are escaped in messages', () => {
  const e = refusal(good('committer A <a> \u001b[2J +0000'));
  assert.match(e.message, '"\\x1b[2J"');
  assert.not.match(e.message, '\u001b');
});
check.run();

const ident = suite('parseIdent');
ident('reads name, e-mail, seconds and zone as git writes them', () => {
  assert.equal(parseIdent('author Jane Q. Doe <jane@example.org> 1700000000 -0130'), { name: 'Jane Q. Doe', email: 'jane@example.org', seconds: 1_700_000_000, zone: '-0130' });
  assert.equal(parseIdent('committer A <a> 0 +0000'), { name: 'A', email: 'a', seconds: 0, zone: '+0000' });
});
ident.run();

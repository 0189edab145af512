/**
 * Every command, given a path that does not exist or is the wrong kind of thing, answers with a
 * sentence and a code, never a raw errno (ENOENT, EISDIR…), a stack trace or Node's own wording.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dlan } from '../support/cli.js';
import { sampleRepo } from '../support/paths.js';

const RAW = /\bE[A-Z]{3,}\b(?<!\bEXAMPLE)|node:internal|\n\s+at |ERR_[A-Z_]+|TypeError|RangeError/;

const errors = suite('CLI errors');
let dir = '';
errors.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dlan-cli-errors-'));
  await writeFile(join(dir, 'file'), 'not a directory\n');
  await mkdir(join(dir, 'adir'));
  await writeFile(join(dir, 'allowed_signers'), 'alice@example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHd1G2LOmLEaXhRlbUNWTKbhE0yIGCTqGJbyxWLo1ZJ4\n');
});
errors.after(async () => { await rm(dir, { recursive: true, force: true }); });

const cases = (): [string, string[]][] => {
  const missing = join(dir, 'missing');
  const underFile = join(dir, 'file', 'x');
  const adir = join(dir, 'adir');
  return [
    ['validate, missing repo', ['validate', missing]],
    ['validate, a file as repo', ['validate', join(dir, 'file')]],
    ['inspect, missing repo', ['inspect', missing, '--router', 'r1']],
    ['render, missing repo', ['render', missing, '--router', 'r1', '--out', join(dir, 'out')]],
    ['render, out under a file', ['render', sampleRepo, '--router', 'r1', '--out', underFile]],
    ['plan, missing repo', ['plan', '--repo', missing, '--router', 'r1']],
    ['plan, missing config', ['plan', '--config', missing]],
    ['apply, missing config', ['apply', '--config', missing]],
    ['apply, a directory as config', ['apply', '--config', adir]],
    ['agent, missing config', ['agent', '--config', missing]],
    ['status, a file as state dir', ['status', '--state-dir', underFile]],
    // (A missing trust file is reconciler/trust's message, which another change words.)
    ['verify, missing repo', ['verify', '--repo', missing, '--allowed-signers', join(dir, 'allowed_signers')]],
    ['init, under a file', ['init', underFile]],
    ['keygen, under a file', ['keygen', '--out', underFile]],
    ['keygen, onto a directory', ['keygen', '--out', adir]],
    ['graph, missing repo', ['graph', missing]],
    ['graph, missing status file', ['graph', sampleRepo, '--status', missing]],
    ['graph, a directory as output', ['graph', sampleRepo, '--out', adir]],
    ['lab up, missing topology', ['lab', 'up', '--topology', missing, '--prefix', 'dlanerr']],
  ];
};

errors('each command names the path and what is wrong with it, with a code, and no errno or stack', async () => {
  for (const [name, args] of cases()) {
    const r = await dlan(args);
    const out = r.stdout + r.stderr;
    assert.ok(r.code === 1 || r.code === 2, `${name}: exit ${r.code}\n${out}`);
    assert.not.match(out, RAW, `${name}:\n${out}`);
    assert.match(r.stderr, /\[[A-Z][A-Za-z]+\]|refused: [A-Z][A-Za-z]+\n/, `${name}: the code is shown\n${out}`);
  }
});
errors('--json carries the same code as the text', async () => {
  const r = await dlan(['graph', join(dir, 'missing'), '--json']);
  const code = /\[([A-Za-z]+)\]/.exec(r.stderr)?.[1];
  assert.is(JSON.parse(r.stdout).error.code, code);
  assert.is(code, 'NotFound');
});
errors.run();

const usage = suite('CLI usage mistakes');
usage('an unknown option gets dlan\'s own message and the nearest option, not parseArgs\' text', async () => {
  const r = await dlan(['validate', '--jsno']);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'dlan validate: unknown option --jsno; did you mean --json? [Usage]');
  assert.not.match(r.stderr, /Unknown option|ERR_PARSE_ARGS|To specify a positional/);
});
usage('an option without its value says what value', async () => {
  const r = await dlan(['render', sampleRepo, '--router']);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'dlan render: --router needs a value (--router NAME) [Usage]');
});
usage('an unknown command suggests the nearest', async () => {
  const r = await dlan(['valdiate']);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'dlan: unknown command valdiate; did you mean validate? [Usage]');
});
usage('an unknown option with control characters is printed escaped', async () => {
  const r = await dlan(['validate', '--x\x1b[2J']);
  assert.not.match(r.stderr, '\x1b');
  assert.match(r.stderr, 'unknown option --x\\x1b[2J');
});
usage.run();

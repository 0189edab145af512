/** The generated completion, sourced into a real bash and asked what it offers. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadCommands } from '../../cli/commands/index.js';
import { positional, renderBashCompletion, valueKind } from '../../packaging/completion.js';

const exec = promisify(execFile);
const commands = await loadCommands();
const script = renderBashCompletion(commands);
const dir = await mkdtemp(join(tmpdir(), 'dlan-complete-'));
await writeFile(join(dir, 'completion.bash'), script);
await mkdir(join(dir, 'net'));
await writeFile(join(dir, 'agent.yaml'), '');

/** COMPREPLY for the words typed so far (the last one is being completed), in `dir`. */
async function complete(...words: string[]): Promise<string[]> {
  const r = await exec('bash', ['--norc', '-c', 'source completion.bash; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _dlan; printf "%s\\n" "${COMPREPLY[@]}"', 'bash', 'dlan', ...words], { cwd: dir });
  return r.stdout.split('\n').filter(Boolean).sort();
}

const completion = suite('bash completion');
completion('bash accepts it and registers _dlan for dlan', async () => {
  const r = await exec('bash', ['--norc', '-c', 'source completion.bash && complete -p dlan'], { cwd: dir });
  assert.is(r.stdout.trim(), 'complete -F _dlan dlan');
});
completion('offers every command of the table after dlan', async () => {
  assert.equal(await complete(''), [...commands.map((c) => c.name), '--help', '--version'].sort());
  assert.equal(await complete('va'), ['validate']);
});
completion("offers each command's own options, and --help", async () => {
  for (const c of commands) {
    const offered = await complete(c.name, '--');
    assert.equal(offered, [...Object.keys(c.options).map((o) => `--${o}`), '--help'].sort(), c.name);
  }
});
completion('completes files for a FILE value, directories for a DIR or REPO, choices for lab', async () => {
  assert.equal(await complete('agent', '--config', 'ag'), ['agent.yaml']);
  assert.equal(await complete('render', '--out', ''), ['net']);
  assert.equal(await complete('validate', ''), ['net']);
  assert.equal(await complete('lab', ''), ['down', 'exec', 'status', 'up']);
  assert.equal(await complete('inspect', '--router', ''), []);
});
completion.after(() => rm(dir, { recursive: true, force: true }));
completion.run();

const kinds = suite('completion kinds');
kinds('a placeholder decides how a value completes', () => {
  assert.is(valueKind('FILE'), 'file');
  assert.is(valueKind('FILE|DIR'), 'file');
  assert.is(valueKind('URL|DIR'), 'file');
  assert.is(valueKind('DIR'), 'dir');
  assert.is(valueKind('NAME'), 'none');
  assert.is(valueKind(undefined), 'none');
});
kinds('a positional is a choice, a directory or nothing', () => {
  assert.equal(positional('up | down | status | exec NODE -- COMMAND...'), { words: ['up', 'down', 'status', 'exec'] });
  assert.is(positional('[REPO]'), 'dir');
  assert.is(positional('DIR'), 'dir');
  assert.is(positional(undefined), 'none');
});
kinds.run();

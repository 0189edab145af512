import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dlan } from '../../support/cli.js';
import { fromRoot, sampleRepo } from '../../support/paths.js';
import { removeDir, run, tempDir, WorkRepo } from '../../support/signed-repo.js';
import { sampleFiles } from '../../support/sample.js';
import { applyScenario, type Scenario } from '../../support/scenarios.js';

interface Ctx { dir: string; repo: WorkRepo; main: string; pr: string; hubs: string; bad: string }
const ctx = {} as Ctx;

/** Makes the work tree hold exactly the sample with `s` applied. */
async function writeScenario(repo: WorkRepo, s: Scenario | undefined): Promise<void> {
  const files = await sampleFiles();
  for (const f of files) await rm(join(repo.dir, f.path), { force: true });
  await repo.write(Object.fromEntries((s ? applyScenario(files, s) : files).map((f) => [f.path, f.text])));
}

const diff = suite('dlan diff');
diff.before(async () => {
  ctx.dir = await tempDir('diff');
  ctx.repo = await WorkRepo.create(join(ctx.dir, 'work'), join(ctx.dir, 'bare.git'));
  await cp(sampleRepo, ctx.repo.dir, { recursive: true });
  ctx.main = await ctx.repo.commit('the sample', {});
  await ctx.repo.git(['checkout', '-q', '-b', 'pr']);
  await writeScenario(ctx.repo, 'r5-leaves');
  ctx.pr = await ctx.repo.commit('r5 leaves', {});
  await writeScenario(ctx.repo, 'hubs-gone');
  ctx.hubs = await ctx.repo.commit('both hubs gone', {});
  await writeScenario(ctx.repo, undefined);
  await ctx.repo.write({ 'routers/r5.yaml': (await readFile(join(sampleRepo, 'routers/r5.yaml'), 'utf8')).replace('id: 5', 'id: 4') });
  ctx.bad = await ctx.repo.commit('r5 takes r4\'s id', {});
});
diff.after(() => removeDir(ctx.dir));

const golden = (name: string) => readFile(fromRoot('test', 'golden', 'diff', name), 'utf8');
const body = (text: string) => text.split('\n').slice(1).join('\n');

diff('BASE..HEAD of two branches: exit 2, the golden text but for the names of the two sides', async () => {
  const r = await dlan(['diff', '--repo', ctx.repo.dir, `main..${ctx.pr.slice(0, 10)}`]);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stdout.split('\n')[0], `dlan diff main (${ctx.main.slice(0, 7)}) → ${ctx.pr.slice(0, 7)}`);
  assert.fixture(body(r.stdout), body(await golden('r5-leaves.txt')));
});
diff('HEAD~2..HEAD~1, two ids and main...pr~1 name the same two commits', async () => {
  const summaries = [];
  for (const range of [['HEAD~3..HEAD~2'], [ctx.main, ctx.pr], ['main...pr~2'], ['pr^^^..pr~2']]) {
    const r = await dlan(['diff', '--json', ...range], { cwd: ctx.repo.dir });
    assert.is(r.code, 2, `${range.join(' ')}: ${r.stderr}`);
    const d = JSON.parse(r.stdout);
    assert.equal([d.base.commit, d.head.commit], [ctx.main, ctx.pr], range.join(' '));
    summaries.push(d.summary);
  }
  assert.equal(summaries[1], summaries[0]);
});
diff('--json is the golden JSON but for the sides; --format markdown is the comment', async () => {
  // The golden files call the head HEAD; here it is named by its id (file diffs carry the names).
  const asHead = (text: string) => text.replaceAll(`\t${ctx.pr}\n`, '\tHEAD\n').replaceAll(`\\t${ctx.pr}\\n`, '\\tHEAD\\n');
  const r = await dlan(['diff', '--repo', ctx.repo.dir, '--json', 'main', ctx.pr]);
  const want = JSON.parse(await golden('r5-leaves.json'));
  const got = JSON.parse(asHead(r.stdout));
  assert.equal({ ...got, base: want.base, head: want.head }, want);
  assert.equal(got.head, { name: ctx.pr, commit: ctx.pr });
  const md = await dlan(['diff', '--repo', ctx.repo.dir, '--format', 'markdown', 'main', ctx.pr]);
  assert.is(md.code, 2);
  assert.fixture(asHead(body(md.stdout)), body(await golden('r5-leaves.md')));
});
diff('no change: exit 0; the same holds for two directories', async () => {
  const r = await dlan(['diff', '--repo', ctx.repo.dir, 'main..main']);
  assert.equal([r.code, body(r.stdout)], [0, 'No changes.\n']);
  const dirs = await dlan(['diff', '--base-dir', sampleRepo, '--head-dir', sampleRepo]);
  assert.is(dirs.code, 0);
});
diff('both hubs gone: r1 loses every other LAN; exit 2, or 3 with --fail-on-reachability-loss', async () => {
  const plainRun = await dlan(['diff', '--repo', ctx.repo.dir, `main..${ctx.hubs}`]);
  assert.is(plainRun.code, 2);
  assert.match(plainRun.stdout, 'r1 ↔ r2 (IPv4+IPv6): unreachable at HEAD');
  const gate = await dlan(['diff', '--repo', ctx.repo.dir, '--fail-on-reachability-loss', `main..${ctx.hubs}`]);
  assert.is(gate.code, 3);
  assert.fixture(body(gate.stdout), body(await golden('hubs-gone.txt')));
  // Adding the hubs back loses nothing.
  assert.is((await dlan(['diff', '--repo', ctx.repo.dir, '--fail-on-reachability-loss', `${ctx.hubs}..main`])).code, 2);
});
diff('an invalid HEAD: exit 1 with its diagnostics; --json says so too', async () => {
  const r = await dlan(['diff', '--repo', ctx.repo.dir, `main..${ctx.bad}`]);
  assert.is(r.code, 1);
  assert.match(r.stderr, `HEAD ${ctx.bad.slice(0, 7)}`);
  assert.match(r.stderr, 'routers/r5.yaml:2:5: id: id 4 is already used by router r4');
  const j = await dlan(['diff', '--repo', ctx.repo.dir, '--json', `main..${ctx.bad}`]);
  assert.is(j.code, 1);
  assert.is(JSON.parse(j.stdout).error.code, 'InvalidTopology');
});
diff('bad revisions and bad usage exit 1 (2 means "changes")', async () => {
  const unknown = await dlan(['diff', '--repo', ctx.repo.dir, 'main..nope']);
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, 'nope: unknown revision');
  assert.is((await dlan(['diff', '--repo', ctx.repo.dir, 'main~9..main'])).code, 1);
  assert.is((await dlan(['diff', '--repo', ctx.repo.dir, '--format', 'yaml', 'main..pr'])).code, 1);
  assert.is((await dlan(['diff', '--base-dir', sampleRepo])).code, 1);
  assert.is((await dlan(['diff', '--repo', ctx.dir, 'main..pr'])).code, 1, 'not a repository');
});
diff('colour only when asked: FORCE_COLOR colours, NO_COLOR wins, a pipe stays plain', async () => {
  const range = `main..${ctx.pr}`;
  assert.match((await dlan(['diff', '--repo', ctx.repo.dir, range], { env: { FORCE_COLOR: '1' } })).stdout, '\x1b[31m');
  assert.not.match((await dlan(['diff', '--repo', ctx.repo.dir, range], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout, '\x1b[');
  assert.not.match((await dlan(['diff', '--repo', ctx.repo.dir, range], { env: { FORCE_COLOR: '' } })).stdout, '\x1b[');
});
diff('reads nothing of this machine\'s network: no daemon config, no /proc/sys/net, /sys/class/net, /run or state dir, no command run', async () => {
  const trace = join(ctx.dir, 'trace');
  await run('strace', ['-f', '-qq', '-e', 'trace=openat,execve', '-o', trace, process.execPath, fromRoot('dist', 'cli', 'dlan.js'), 'diff', '--repo', ctx.repo.dir, `main..${ctx.hubs}`], { cwd: ctx.dir })
    .catch((e: Error) => { if (!/exit code 2|failed/.test(e.message)) throw e; });
  const lines = (await readFile(trace, 'utf8')).split('\n');
  const opened = lines.flatMap((l) => /openat\(.*?"([^"]+)"/.exec(l)?.[1] ?? []).filter((p) => !/ENOENT/.test(p));
  // node itself reads cgroup limits, CPU counts and /proc/sys/vm: those are not this machine's network.
  const machine = opened.filter((p) => /^\/(etc\/(dlan|frr|dnsmasq|nginx|sysctl|nftables|wireguard|network)|proc\/sys\/net|proc\/net|sys\/class\/net|run|var\/lib\/dlan)\b/.test(p));
  assert.ok(opened.some((p) => p.includes(ctx.repo.dir)), 'the trace sees the repository being read');
  assert.equal(machine, []);
  assert.equal(lines.filter((l) => /execve\(/.test(l) && !l.includes(process.execPath)).map((l) => l.slice(0, 120)), []);
});
diff.run();


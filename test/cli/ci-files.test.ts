import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { ciFiles } from '../../cli/ci-files.js';
import { parse, type Command } from '../../cli/command.js';
import { loadCommands } from '../../cli/commands/index.js';
import { dlanInvocations, runActions, runGitlab } from '../support/ci-runner.js';
import { dlan } from '../support/cli.js';
import { sampleRepo } from '../support/paths.js';
import { sampleFiles } from '../support/sample.js';
import { applyScenario, type Scenario } from '../support/scenarios.js';
import { removeDir, tempDir, WorkRepo } from '../support/signed-repo.js';

const files = ciFiles();
const actionsFiles = ['.github/workflows/dlan.yml', '.forgejo/workflows/dlan.yml', '.gitea/workflows/dlan.yml'];

/** A topology repo with two commits: the sample, then the sample with `s` applied (or made invalid). */
async function twoCommits(dir: string, s: Scenario | 'invalid'): Promise<{ work: string; base: string; head: string }> {
  const repo = await WorkRepo.create(join(dir, 'work'), join(dir, 'bare.git'));
  await cp(sampleRepo, repo.dir, { recursive: true });
  const base = await repo.commit('the sample', {});
  if (s === 'invalid') {
    await repo.write({ 'routers/r5.yaml': (await readFile(join(sampleRepo, 'routers/r5.yaml'), 'utf8')).replace('id: 5', 'id: 4') });
  } else {
    const before = await sampleFiles();
    const after = applyScenario(before, s);
    for (const f of before) if (!after.some((a) => a.path === f.path)) await repo.git(['rm', '-q', f.path]);
    await repo.write(Object.fromEntries(after.map((f) => [f.path, f.text])));
  }
  return { work: repo.dir, base, head: await repo.commit('the change', {}) };
}

const context = (c: { base: string; head: string }) => ({
  'github.event.pull_request.base.sha': c.base, 'github.event.pull_request.head.sha': c.head, 'github.event.pull_request.number': '7',
  'github.token': 'gh-token', 'secrets.GITHUB_TOKEN': 'forge-token', 'github.server_url': 'https://forge.example', 'github.repository': 'me/net',
});
const gitlabVars = (c: { base: string; head: string }) => ({
  CI_MERGE_REQUEST_DIFF_BASE_SHA: c.base, CI_COMMIT_SHA: c.head, CI_API_V4_URL: 'https://gitlab.example/api/v4', CI_PROJECT_ID: '42',
  CI_MERGE_REQUEST_IID: '7', DLAN_GITLAB_TOKEN: 'gl-token', CI_PIPELINE_SOURCE: 'merge_request_event',
});

const ci = suite('CI files written by dlan init');

ci('each file is YAML of its forge\'s shape, triggered by pull (merge) requests', () => {
  for (const path of actionsFiles) {
    const wf = parseYaml(files[path]!) as { on: Record<string, unknown>; jobs: Record<string, { steps: unknown[] }> };
    assert.ok('pull_request' in wf.on, path);
    assert.ok(Object.values(wf.jobs)[0]!.steps.length >= 5, path);
  }
  const gl = parseYaml(files['.gitlab-ci.yml']!) as Record<string, { rules: { if: string }[]; script: string[] }>;
  assert.equal(gl.dlan!.rules, [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
  assert.equal(files['.gitea/workflows/dlan.yml'], files['.forgejo/workflows/dlan.yml']);
});

ci('they name only dlan commands and options that exist, and run validate and diff', async () => {
  const commands = new Map<string, Command>((await loadCommands()).map((c) => [c.name, c]));
  for (const [path, text] of Object.entries(files)) {
    const calls = dlanInvocations(text);
    assert.equal(calls.map((c) => c[0]), ['validate', 'diff'], path);
    for (const [name, ...argv] of calls) {
      const cmd = commands.get(name!);
      assert.ok(cmd, `${path}: dlan ${name} exists`);
      assert.not.throws(() => parse(cmd!, argv), `${path}: dlan ${name} ${argv.join(' ')}`);
    }
  }
});

ci('a change: every forge\'s job validates, posts the Markdown diff as a comment, and passes', async () => {
  const dir = await tempDir('ci');
  try {
    const c = await twoCommits(dir, 'r5-leaves');
    const want = (await dlan(['diff', '--format', 'markdown', `${c.base}...${c.head}`], { cwd: c.work })).stdout;
    assert.match(want, 'r4 is now a single point of failure for r1');
    for (const path of actionsFiles) {
      const job = await runActions(files[path]!, { work: c.work, tmp: join(dir, path.split('/')[0]!), context: context(c) });
      assert.is(job.failed, undefined, `${path}: ${job.steps.map((s) => `${s.name}: ${s.code}\n${s.output}`).join('\n')}`);
      assert.equal(job.comments, [want], path);
      assert.ok(job.calls.includes('npm install --global dlan@0.1.0'), path);
    }
    const gh = await runActions(files['.github/workflows/dlan.yml']!, { work: c.work, tmp: join(dir, 'gh2'), context: context(c) });
    assert.ok(gh.calls.includes('gh pr comment 7 --body-file dlan-diff.md --edit-last'), gh.calls.join('\n'));
    const fj = await runActions(files['.forgejo/workflows/dlan.yml']!, { work: c.work, tmp: join(dir, 'fj2'), context: context(c) });
    assert.match(fj.calls.find((l) => l.startsWith('curl'))!, 'Authorization: token forge-token');
    assert.match(fj.calls.find((l) => l.startsWith('curl'))!, 'https://forge.example/api/v1/repos/me/net/issues/7/comments');
    const gl = await runGitlab(files['.gitlab-ci.yml']!, { work: c.work, tmp: join(dir, 'gl'), variables: gitlabVars(c) });
    assert.is(gl.failed, undefined, gl.steps[0]!.output);
    assert.equal(gl.comments, [want]);
    assert.match(gl.calls.find((l) => l.startsWith('curl'))!, 'https://gitlab.example/api/v4/projects/42/merge_requests/7/notes');
  } finally { await removeDir(dir); }
});

ci('lost reachability: the comment is posted, then the job fails; an invalid head fails at validate with no comment', async () => {
  const dir = await tempDir('ci-fail');
  try {
    const lost = await twoCommits(join(dir, 'lost'), 'hubs-gone');
    for (const path of actionsFiles) {
      const job = await runActions(files[path]!, { work: lost.work, tmp: join(dir, 'l', path.split('/')[0]!), context: context(lost) });
      assert.is(job.failed, 'reachability', path);
      assert.is(job.comments.length, 1, path);
      assert.match(job.comments[0]!, 'unreachable at HEAD');
    }
    const gl = await runGitlab(files['.gitlab-ci.yml']!, { work: lost.work, tmp: join(dir, 'l', 'gl'), variables: gitlabVars(lost) });
    assert.is(gl.failed, 'script');
    assert.is(gl.comments.length, 1);

    const bad = await twoCommits(join(dir, 'bad'), 'invalid');
    for (const path of actionsFiles) {
      const job = await runActions(files[path]!, { work: bad.work, tmp: join(dir, 'b', path.split('/')[0]!), context: context(bad) });
      assert.is(job.failed, 'dlan validate', path);
      assert.match(job.steps.at(-1)!.output, 'id 4 is already used by router r4');
      assert.equal(job.comments, [], path);
    }
  } finally { await removeDir(dir); }
});

ci('dlan init writes them; --ci adds them to an existing repo and never overwrites', async () => {
  const dir = await tempDir('ci-init');
  try {
    const fresh = join(dir, 'fresh');
    assert.is((await dlan(['init', fresh])).code, 0);
    for (const path of Object.keys(files)) assert.is(await readFile(join(fresh, path), 'utf8'), files[path], path);
    const existing = join(dir, 'existing');
    await cp(sampleRepo, existing, { recursive: true });
    const r = await dlan(['init', '--ci', '--package', 'git+https://example.org/dlan.git', existing, '--json']);
    assert.is(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).files, Object.keys(files));
    assert.match(await readFile(join(existing, '.gitlab-ci.yml'), 'utf8'), 'DLAN_PACKAGE: "git+https://example.org/dlan.git"');
    const again = await dlan(['init', '--ci', existing]);
    assert.is(again.code, 2);
    assert.match(again.stderr, 'already has .github/workflows/dlan.yml');
  } finally { await removeDir(dir); }
});
ci.run();

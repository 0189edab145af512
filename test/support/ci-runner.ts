/**
 * Runs the steps of a CI file the way its forge would, as far as a test can: GitHub/Forgejo
 * Actions steps with `run:` (bash -e, `env:` with `${{ }}` expressions taken from a context
 * table, `if: steps.X.outputs.Y == 'Z'`, $GITHUB_OUTPUT), and GitLab's `script:` lines in one
 * bash -e. `uses:` steps (checkout, setup-node) are the runner's own and are skipped: the test
 * hands in a checked-out work tree and node. `npm`, `gh` and `curl` are fakes on PATH that
 * record what they were asked (the forge side), `dlan` is the built one.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fromRoot } from './paths.js';

export interface StepResult { readonly name: string; readonly code: number; readonly output: string }
export interface JobResult {
  readonly steps: readonly StepResult[];
  /** The step that failed the job, if one did. */
  readonly failed?: string;
  /** What the fakes recorded: one line per call, `npm install --global …`, `gh pr comment …`, `curl …`. */
  readonly calls: readonly string[];
  /** Bodies posted as comments. */
  readonly comments: readonly string[];
}

/** Fakes for the tools that talk to the outside: they record their arguments and the posted body. */
async function fakes(bin: string, log: string): Promise<void> {
  await mkdir(bin, { recursive: true });
  const sh = (body: string) => `#!/bin/bash\n${body}\n`;
  const files: Record<string, string> = {
    dlan: sh(`exec ${JSON.stringify(process.execPath)} ${JSON.stringify(fromRoot('dist', 'cli', 'dlan.js'))} "$@"`),
    npm: sh(`echo "npm $*" >> ${log}/calls`),
    gh: sh(`echo "gh $*" >> ${log}/calls
while [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cat "$2" > ${log}/comment.$RANDOM; fi; shift; done`),
    curl: sh(`echo "curl $*" >> ${log}/calls
while [ $# -gt 0 ]; do case "$1" in --data) f="\${2#@}"; ${JSON.stringify(process.execPath)} -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).body)' "$f" > ${log}/comment.$RANDOM;; esac; shift; done`),
  };
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(bin, name), text);
    await chmod(join(bin, name), 0o755);
  }
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

const expression = (value: string, context: Readonly<Record<string, string>>) =>
  value.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, k: string) => {
    if (!(k in context)) throw new Error(`the test has no value for \${{ ${k} }}`);
    return context[k]!;
  });

interface Env { readonly bin: string; readonly log: string; readonly base: Record<string, string> }
async function environment(tmp: string): Promise<Env> {
  const bin = join(tmp, 'bin');
  const log = join(tmp, 'log');
  await mkdir(log, { recursive: true });
  await fakes(bin, log);
  return { bin, log, base: { PATH: `${bin}:${process.env.PATH}`, HOME: tmp, NO_COLOR: '1' } };
}

async function collected(log: string): Promise<{ calls: string[]; comments: string[] }> {
  const { readdir } = await import('node:fs/promises');
  const names = await readdir(log);
  const calls = names.includes('calls') ? (await readFile(join(log, 'calls'), 'utf8')).trim().split('\n') : [];
  const comments = await Promise.all(names.filter((n) => n.startsWith('comment.')).map((n) => readFile(join(log, n), 'utf8')));
  return { calls, comments };
}

/** A GitHub or Forgejo/Gitea Actions workflow's one job. */
export async function runActions(yamlText: string, o: { work: string; tmp: string; context: Readonly<Record<string, string>> }): Promise<JobResult> {
  const wf = parse(yamlText) as { env?: Record<string, string>; jobs: Record<string, { steps: { name?: string; id?: string; uses?: string; run?: string; env?: Record<string, string>; if?: string }[] }> };
  const [job] = Object.values(wf.jobs);
  const e = await environment(o.tmp);
  const outputsFile = join(o.tmp, 'github-output');
  const outputs: Record<string, Record<string, string>> = {};
  const steps: StepResult[] = [];
  let failed: string | undefined;
  for (const step of job!.steps) {
    if (step.uses) continue;
    const name = step.name ?? step.run!.split('\n')[0]!;
    if (step.if) {
      const m = /^steps\.(\w+)\.outputs\.(\w+) == '([^']*)'$/.exec(step.if);
      if (!m) throw new Error(`the test cannot evaluate if: ${step.if}`);
      if (outputs[m[1]!]?.[m[2]!] !== m[3]) continue;
    }
    await writeFile(outputsFile, '');
    const env: Record<string, string> = { ...e.base, GITHUB_OUTPUT: outputsFile };
    for (const [k, v] of Object.entries({ ...wf.env, ...step.env })) env[k] = expression(String(v), o.context);
    const r = await bash(step.run!, o.work, env);
    steps.push({ name, ...r });
    if (step.id) outputs[step.id] = Object.fromEntries((await readFile(outputsFile, 'utf8')).split('\n').filter(Boolean).map((l) => l.split('=') as [string, string]));
    if (r.code !== 0) { failed = name; break; }
  }
  return { steps, ...(failed && { failed }), ...(await collected(e.log)) };
}

/** A GitLab CI job: its variables and script lines, in one shell. */
export async function runGitlab(yamlText: string, o: { work: string; tmp: string; variables: Readonly<Record<string, string>> }): Promise<JobResult> {
  const ci = parse(yamlText) as Record<string, { variables?: Record<string, string | number>; script: string[] }>;
  const [job] = Object.values(ci);
  const e = await environment(o.tmp);
  const env: Record<string, string> = { ...e.base, ...o.variables };
  for (const [k, v] of Object.entries(job!.variables ?? {})) env[k] = String(v);
  const r = await bash(job!.script.join('\n'), o.work, env);
  return { steps: [{ name: 'script', ...r }], ...(r.code !== 0 && { failed: 'script' }), ...(await collected(e.log)) };
}

/** Every `dlan …` invocation in a CI file, as argv (quotes removed, redirections and `||` tails cut). */
export function dlanInvocations(yamlText: string): string[][] {
  const out: string[][] = [];
  for (const line of yamlText.split('\n')) {
    const m = /^\s*(?:-\s+)?dlan\s+(.*)$/.exec(line);
    if (!m) continue;
    const words = m[1]!.replace(/\s+(>|\|\|).*$/, '').match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    out.push(words.map((w) => w.replace(/^["']|["']$/g, '')));
  }
  return out;
}

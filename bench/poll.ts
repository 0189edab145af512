/**
 * What polling the topology repo costs a router, on a repo with 1000 commits served over smart
 * HTTP by git http-backend (lab/git-http-server, run in a child process so that its CPU is not
 * counted as the router's):
 *  - a poll when nothing changed: HTTP requests, CPU ms (process.cpuUsage), wall ms;
 *  - fetching one new signed commit, then verifying it (SSH ed25519, tip mode + anti-rollback).
 * The first (full) fetch is shown too. Medians over several runs.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fetchSource } from '../reconciler/source/index.js';
import { loadTrustRoots } from '../reconciler/trust/trust-roots.js';
import { verifyCandidate } from '../reconciler/trust/verify-candidate.js';

const exec = promisify(execFile);
const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const git = async (cwd: string, args: string[], input?: string) => {
  const p = exec('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', ...args], { cwd, env, maxBuffer: 1 << 26 });
  if (input !== undefined) p.child.stdin?.end(input);
  return (await p).stdout.trim();
};

/** A history of `n` commits, each changing one router file, made with git fast-import. */
function fastImportStream(n: number): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const body = `id: ${i % 50}\nnote: change ${i}\n`;
    const msg = `change ${i}`;
    out.push('commit refs/heads/main', `committer Bench <bench@example.org> ${1_700_000_000 + i * 60} +0000`,
      `data ${Buffer.byteLength(msg)}`, msg, `M 100644 inline routers/r${i % 50}.yaml`, `data ${Buffer.byteLength(body)}`, body.slice(0, -1), '');
  }
  return `${out.join('\n')}\n`;
}

interface ServerHandle { url: string; requests(): Promise<number>; reset(): Promise<void>; close(): void }

/** The git server in a child process, driven over stdin/stdout. */
async function startServerProcess(root: string): Promise<ServerHandle> {
  const serverModule = new URL('../lab/git-http-server.js', import.meta.url).href;
  const script = `
    const { startGitHttpServer } = await import(${JSON.stringify(serverModule)});
    const srv = await startGitHttpServer({ root: ${JSON.stringify(root)} });
    console.log(srv.url('topo.git'));
    const rl = (await import('node:readline')).createInterface({ input: process.stdin });
    for await (const line of rl) {
      if (line === 'count') console.log(String(srv.requests));
      if (line === 'reset') { srv.resetCounters(); console.log('ok'); }
    }
    await srv.close();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  const url = await next();
  const ask = async (cmd: string) => { child.stdin.write(`${cmd}\n`); return next(); };
  return { url, requests: async () => Number(await ask('count')), reset: async () => { await ask('reset'); }, close: () => child.stdin.end() };
}

interface Sample { requests: number; cpuMs: number; wallMs: number }

async function measure(srv: ServerHandle, f: () => Promise<unknown>): Promise<Sample> {
  await srv.reset();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { requests: await srv.requests(), cpuMs: (cpu.user + cpu.system) / 1000, wallMs };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const summary = (s: Sample[]) => ({ requests: median(s.map((x) => x.requests)), cpuMs: median(s.map((x) => x.cpuMs)), wallMs: median(s.map((x) => x.wallMs)) });
const row = (name: string, s: Sample) =>
  `${name.padEnd(34)} ${String(s.requests).padStart(8)} ${s.cpuMs.toFixed(1).padStart(8)} ms ${s.wallMs.toFixed(1).padStart(8)} ms`;

export async function main(commits = 1000): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dlan-bench-poll-'));
  let srv: ServerHandle | undefined;
  try {
    const work = join(dir, 'work');
    const bare = join(dir, 'srv', 'topo.git');
    await exec('git', ['init', '-q', '-b', 'main', work], { env });
    await exec('git', ['init', '-q', '--bare', '-b', 'main', bare], { env });
    await git(work, ['fast-import', '--quiet'], fastImportStream(commits));
    await git(work, ['reset', '-q', '--hard', 'main']);
    await git(work, ['push', '-q', bare, 'main']);
    await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'key')], { env });
    const pub = (await readFile(join(dir, 'key.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
    await writeFile(join(dir, 'allowed_signers'), `bench@example.org ${pub}\n`);
    const roots = await loadTrustRoots({ allowedSigners: join(dir, 'allowed_signers') });
    const signedCommit = async (i: number) => {
      await writeFile(join(work, 'network.yaml'), `name: bench-${i}\n`);
      await git(work, ['add', 'network.yaml']);
      await git(work, ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${join(dir, 'key')}`, 'commit', '-q', '-S', '-m', `signed ${i}`]);
      await git(work, ['push', '-q', bare, 'main']);
    };
    srv = await startServerProcess(join(dir, 'srv'));
    const state = join(dir, 'state');
    const s = srv;

    const first = await measure(s, () => fetchSource({ url: s.url }, state));
    const noChange: Sample[] = [];
    for (let i = 0; i < 23; i++) {
      const m = await measure(s, async () => {
        const r = await fetchSource({ url: s.url }, state);
        if (r.changed) throw new Error('the branch moved during the no-change poll');
      });
      if (i >= 3) noChange.push(m);
    }
    const fetchNew: Sample[] = [];
    const verifyNew: Sample[] = [];
    let last = (await fetchSource({ url: s.url }, state)).commit;
    for (let i = 0; i < 12; i++) {
      await signedCommit(i);
      let commit = '';
      const f = await measure(s, async () => { commit = (await fetchSource({ url: s.url }, state)).commit; });
      const v = await measure(s, () => verifyCandidate({ gitdir: join(state, 'repo'), commit, lastApplied: last, roots, now: new Date() }));
      last = commit;
      if (i >= 2) { fetchNew.push(f); verifyNew.push(v); }
    }
    console.log(`repo: ${commits} commits, served by git http-backend; medians`);
    console.log(`${'step'.padEnd(34)} ${'requests'.padStart(8)} ${'CPU'.padStart(11)} ${'wall'.padStart(11)}`);
    console.log(row('first fetch (full history)', first));
    console.log(row('poll, nothing changed', summary(noChange)));
    console.log(row('fetch one new commit', summary(fetchNew)));
    console.log(row('verify it (ssh-ed25519, tip)', summary(verifyNew)));
  } finally {
    srv?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(Number(process.argv[2] ?? 1000));

/**
 * CLI start: CPU (user + system, of the whole `dlan` process) per command, from tsc's output
 * (dist/cli/dlan.js) and from the bundle the Debian package ships (built here into a temp dir,
 * packaging/bundle.ts), with how many of dlan's module files each run opened (`strace -e openat`,
 * when strace is there): what a command loads is what it costs. Goal: `dlan --version` and
 * `dlan status` < 300 ms CPU. `status` reads a state file (no agent runs); node alone (`node -e
 * 0`) is the floor.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { bundle } from '../packaging/bundle.js';
import { writeStateFile, type RouterState } from '../reconciler/report/state-file.js';
import { localHost } from '../reconciler/host.js';
import { fromRoot, sampleRepo } from '../test/support/paths.js';
import { removeDir, tempDir } from '../test/support/signed-repo.js';

const RUNS = Number(process.env.DLAN_BENCH_CLI_RUNS ?? 9);

/** utime + stime of this process's reaped children, ms (clock ticks of 10 ms). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

function medianCpuMs(argv: readonly string[]): number {
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const k0 = childrenCpuMs();
    const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    // A command that failed measured its error path, not its work.
    if (r.status !== 0) throw new Error(`${argv.slice(1).join(' ')}: exit ${r.status ?? r.signal}: ${r.stderr}`);
    xs.push(childrenCpuMs() - k0);
  }
  return xs.sort((a, b) => a - b)[xs.length >> 1]!;
}

/** dlan's own module files a run opened (.js of dist, .mjs chunks of the bundle), or undefined without strace. */
function modulesOpened(argv: readonly string[], under: string): number | undefined {
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat', '-e', 'signal=none', ...argv], { encoding: 'utf8' });
  if (r.error) return undefined;
  const files = new Set([...r.stderr.matchAll(/openat\([^"]*"([^"]+\.m?js)"/g)].map((m) => m[1]!).filter((f) => f.startsWith(under)));
  return files.size;
}

export async function main(): Promise<void> {
  const dir = await tempDir('bench-cli');
  try {
    const out = join(dir, 'bundle');
    await bundle(fromRoot(), out);
    const state: RouterState = {
      version: 1, router: 'r4', applied: { commit: 'a'.repeat(40), at: Math.floor(Date.now() / 1000) - 60 },
      lastAttempt: { commit: 'a'.repeat(40), outcome: 'success', at: Math.floor(Date.now() / 1000) - 5, description: 'applied (no changes); 4/4 peers up' },
    };
    await mkdir(join(dir, 'state'));
    await writeStateFile(localHost(), state, join(dir, 'state'));
    const commands: [string, string[]][] = [
      ['--version', ['--version']],
      ['--help', ['--help']],
      ['status', ['status', '--state-dir', join(dir, 'state'), '--socket', join(dir, 'no-agent.sock')]],
      ['validate', ['validate', sampleRepo]],
      ['render', ['render', '-r', 'r4', sampleRepo, '--out', join(dir, 'render')]],
    ];
    const node = process.execPath;
    console.log(`CPU of one dlan run, median of ${RUNS} (user + system ms); modules: dlan's files it opened. Goal < 300 ms for --version and status.`);
    console.log(`  node -e 0              ${String(medianCpuMs([node, '-e', '0'])).padStart(5)} ms`);
    for (const [name, args] of commands) {
      const fromDist = [node, fromRoot('dist', 'cli', 'dlan.js'), ...args];
      const fromBundle = [node, join(out, 'dlan.mjs'), ...args];
      const d = medianCpuMs(fromDist);
      const b = medianCpuMs(fromBundle);
      const md = modulesOpened(fromDist, fromRoot('dist'));
      const mb = modulesOpened(fromBundle, out);
      const goal = name === '--version' || name === 'status' ? `   goal < 300 ms: ${Math.max(d, b) < 300 ? 'ok' : 'OVER GOAL'}` : '';
      console.log(`  dlan ${name.padEnd(17)} dist ${String(d).padStart(5)} ms (${md ?? '?'} modules)   bundle ${String(b).padStart(5)} ms (${mb ?? '?'} chunks)${goal}`);
    }
  } finally {
    await removeDir(dir);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

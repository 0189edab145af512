/** Runs the built `dlan` executable as a user would, capturing output and exit code. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from './paths.js';

export interface CliResult { code: number; stdout: string; stderr: string }

export function dlan(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fromRoot('dist', 'cli', 'dlan.js'), ...args], {
      cwd: opts.cwd ?? fromRoot(), env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs `f` with a fresh temp directory, removed afterwards whatever happens. */
export async function inTemp(tag: string, f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), `dlr-${tag}-`));
  try {
    await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

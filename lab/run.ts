/** Running a command to completion, its output captured; a non-zero exit is a LabError. */
import { spawn } from 'node:child_process';
import { LabError } from './errors.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string;
  /** Return a non-zero exit instead of throwing. */
  readonly check?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(opts.env && { env: opts.env }), ...(opts.cwd && { cwd: opts.cwd }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', (e) => reject(new LabError('CommandFailed', `${cmd}: ${e.message}`, { cmd, args })));
    child.on('close', (code, signal) => {
      const result = { code: code ?? 128, stdout, stderr };
      if (result.code !== 0 && opts.check !== false) {
        reject(new LabError('CommandFailed', `${[cmd, ...args].join(' ')} exited ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`,
          { cmd, args, code: code ?? signal, stderr: stderr.slice(-2000) }));
      } else resolve(result);
    });
    child.stdin.on('error', () => { /* the command may exit without reading its input; its exit code tells */ });
    child.stdin.end(opts.input ?? '');
  });
}

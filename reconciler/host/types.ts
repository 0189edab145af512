/** The Host interface and the shapes of its calls (see ../host.ts). */
export interface RunOptions {
  /** Written to the command's stdin, then closed. Never logged or put in an error. */
  readonly stdin?: string;
  /** Added to the environment (which always has LC_ALL=C so output is parseable). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the command (SIGKILL) after this long and throw `CommandTimedOut`. Default 60 s. */
  readonly timeoutMs?: number;
  /** Throw `CommandFailed` (with cmd, args, exit code and stderr) when the exit code is not 0. */
  readonly check?: boolean;
}

export interface RunResult {
  /** Exit code; a command killed by a signal has code -1 and `signal` set. */
  readonly code: number;
  readonly signal?: string;
  readonly stdout: string;
  readonly stderr: string;
}

export interface FileStat {
  /** Permission bits, e.g. 0o644. */
  readonly mode: number;
  readonly size: number;
}

export interface Host {
  /** Human description for logs and errors, e.g. `local:/` or `netns:/run/netns/x`. */
  readonly describe: string;
  /** The path a command run by this host sees for a logical path. */
  realPath(path: string): string;
  /** The content, or undefined when the file does not exist (ENOENT only; other errors throw). */
  readFile(path: string): Promise<string | undefined>;
  /** Permission bits and size, or undefined when the file does not exist. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Temp file in the same directory + fsync + rename + fsync of the directory; parents created. */
  writeFileAtomic(path: string, content: string, mode: number): Promise<void>;
  /** True when a file was removed, false when there was none. */
  removeFile(path: string): Promise<boolean>;
  run(cmd: string, args: readonly string[], opts?: RunOptions): Promise<RunResult>;
}

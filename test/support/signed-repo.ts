/**
 * Real git repos with real signatures for the source and trust tests: keys from `ssh-keygen`
 * and `gpg` (a temporary GNUPGHOME), commits made and signed by the `git` CLI, a bare "forge"
 * repo served over smart HTTP by lab/git-http-server. Nothing here is mocked.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** git without the user's or the system's configuration. */
export const gitEnv: NodeJS.ProcessEnv = {
  ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0',
};

export async function run(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): Promise<string> {
  try {
    const p = exec(cmd, args, { cwd: opts.cwd, env: opts.env ?? gitEnv, maxBuffer: 64 << 20, encoding: 'utf8' });
    if (opts.input !== undefined) { p.child.stdin?.end(opts.input); }
    return (await p).stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

/** Raw stdout bytes (for byte-exact comparisons). */
export async function runBytes(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Buffer> {
  const p = await promisify(execFile)(cmd, args, { cwd: opts.cwd, env: opts.env ?? gitEnv, encoding: 'buffer', maxBuffer: 64 << 20 });
  return p.stdout;
}

export const tempDir = (tag: string): Promise<string> => mkdtemp(join(tmpdir(), `dlt-${process.pid}-${tag}-`));

// ---------------------------------------------------------------- keys

export type SshKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface SshKey {
  readonly kind: 'ssh';
  /** Private key file (git's user.signingkey). */
  readonly path: string;
  /** `ssh-ed25519 AAAA… comment`. */
  readonly publicLine: string;
  readonly fingerprint: string;
}

/** A new key made by ssh-keygen; `rsaBits` defaults to 3072 (ssh-keygen's own default). */
export async function sshKey(dir: string, type: SshKeyType, name: string = type, rsaBits = 3072): Promise<SshKey> {
  const path = join(dir, `id_${name}`);
  const bits = type === 'ecdsa' ? ['-b', '256'] : type === 'rsa' ? ['-b', String(rsaBits)] : [];
  await run('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', `${name}@test`, '-f', path]);
  const publicLine = (await readFile(`${path}.pub`, 'utf8')).trim();
  const fingerprint = (await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${path}.pub`])).split(' ')[1]!;
  return { kind: 'ssh', path, publicLine, fingerprint };
}

/** One allowed_signers line: `principal [options] keytype key`. */
export const signerLine = (principal: string, key: SshKey, options = ''): string =>
  `${principal}${options ? ` ${options}` : ''} ${key.publicLine.split(' ').slice(0, 2).join(' ')}`;

export interface GpgKey {
  readonly kind: 'gpg';
  readonly home: string;
  readonly fingerprint: string;
}

export class GpgHome {
  private constructor(readonly home: string) {}

  static async create(dir: string): Promise<GpgHome> {
    const home = join(dir, 'gnupg');
    await mkdir(home, { mode: 0o700 });
    return new GpgHome(home);
  }

  get env(): NodeJS.ProcessEnv {
    return { ...gitEnv, GNUPGHOME: this.home };
  }

  gpg(args: readonly string[], input?: string): Promise<string> {
    return run('gpg', ['--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { env: this.env, ...(input !== undefined && { input }) });
  }

  /** A new ed25519 signing key; `expire` like gpg's (`1y`, `1d`, `never`). */
  async key(uid: string, expire = 'never'): Promise<GpgKey> {
    await this.gpg(['--quick-gen-key', uid, 'ed25519', 'sign', expire]);
    const colons = await this.gpg(['--list-keys', '--with-colons', uid]);
    const fprs = colons.split('\n').filter((l) => l.startsWith('fpr:')).map((l) => l.split(':')[9]!);
    return { kind: 'gpg', home: this.home, fingerprint: fprs[fprs.length - 1]! };
  }

  exportPublic(key: GpgKey): Promise<string> {
    return this.gpg(['--armor', '--export', key.fingerprint]);
  }

  /** Imports the revocation certificate gpg made with the key. */
  async revoke(key: GpgKey): Promise<void> {
    const cert = await readFile(join(this.home, 'openpgp-revocs.d', `${key.fingerprint}.rev`), 'utf8');
    await this.gpg(['--import'], cert.replace(/^:-----BEGIN/m, '-----BEGIN'));
  }

  async close(): Promise<void> {
    await run('gpgconf', ['--kill', 'all'], { env: this.env }).catch(() => undefined);
  }
}

export type SigningKey = SshKey | GpgKey;

// ---------------------------------------------------------------- repos

export interface CommitOptions {
  /** Unset: unsigned. */
  readonly sign?: SigningKey;
  /** Committer and author date, e.g. `2030-01-01T00:00:00Z`. */
  readonly date?: string;
  readonly email?: string;
}

/** A work repository whose `main` is pushed to a bare "forge" repository. */
export class WorkRepo {
  private constructor(readonly dir: string, readonly bare: string) {}

  static async create(dir: string, bare: string): Promise<WorkRepo> {
    await run('git', ['init', '-q', '-b', 'main', dir]);
    await run('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    await run('git', ['remote', 'add', 'origin', bare], { cwd: dir });
    return new WorkRepo(dir, bare);
  }

  git(args: readonly string[], opts: CommitOptions = {}): Promise<string> {
    const env = { ...(opts.sign?.kind === 'gpg' ? { ...gitEnv, GNUPGHOME: opts.sign.home } : gitEnv),
      ...(opts.date && { GIT_COMMITTER_DATE: opts.date, GIT_AUTHOR_DATE: opts.date }) };
    const email = opts.email ?? 'alice@example.org';
    const cfg = ['-c', 'user.name=Alice', '-c', `user.email=${email}`, '-c', 'commit.gpgsign=false'];
    if (opts.sign?.kind === 'ssh') cfg.push('-c', 'gpg.format=ssh', '-c', `user.signingkey=${opts.sign.path}`);
    if (opts.sign?.kind === 'gpg') cfg.push('-c', 'gpg.format=openpgp', '-c', `user.signingkey=${opts.sign.fingerprint}`);
    return run('git', [...cfg, ...args], { cwd: this.dir, env });
  }

  async write(files: Readonly<Record<string, string>>): Promise<void> {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(this.dir, path)), { recursive: true });
      await writeFile(join(this.dir, path), text);
    }
  }

  /** Writes the files, commits them (signed with `opts.sign`), pushes, returns the commit id. */
  async commit(message: string, files: Readonly<Record<string, string>>, opts: CommitOptions = {}): Promise<string> {
    await this.write(files);
    await this.git(['add', '-A']);
    await this.git(['commit', '-q', '--allow-empty', ...(opts.sign ? ['-S'] : []), '-m', message], opts);
    await this.push();
    return this.head();
  }

  async head(ref = 'HEAD'): Promise<string> {
    return (await this.git(['rev-parse', ref])).trim();
  }

  /** Pushes main to the bare repo, forced (a force push is just this after a reset). */
  async push(): Promise<void> {
    await this.git(['push', '-q', '--force', 'origin', 'main']);
  }

  /** Points the forge's main at `oid` (what a force push or a malicious server does). */
  async forceForge(oid: string): Promise<void> {
    await run('git', ['update-ref', 'refs/heads/main', oid], { cwd: this.bare });
  }
}

export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

// ---------------------------------------------------------------- crafted commits

/** An SSH signature as git makes it with gpg.format=ssh: `ssh-keygen -Y sign -n git`, over `payload`. */
export function sshSign(key: SshKey, payload: string, namespace = 'git'): Promise<string> {
  return run('ssh-keygen', ['-q', '-Y', 'sign', '-n', namespace, '-f', key.path], { input: payload });
}

/**
 * Writes a commit object exactly as given, however malformed (`git hash-object --literally`, no
 * fsck), into `gitdir`, signed over its payload by `sign` when given; returns its id. For what
 * a careless tool or an attacker can put in a repo: a committer line without zone, time 0...
 */
export async function writeRawCommit(gitdir: string, headers: readonly string[], message: string, sign?: SshKey): Promise<string> {
  const head = headers.map((h) => `${h}\n`).join('');
  const body = `\n${message}\n`;
  const gpgsig = sign ? `gpgsig ${(await sshSign(sign, head + body)).trimEnd().split('\n').join('\n ')}\n` : '';
  const raw = head + gpgsig + body;
  return (await run('git', ['hash-object', '-t', 'commit', '--literally', '-w', '--stdin'], { cwd: gitdir, input: raw })).trim();
}

/** The empty tree's id, written into `gitdir` (a crafted commit needs a tree that exists). */
export async function emptyTree(gitdir: string): Promise<string> {
  return (await run('git', ['mktree'], { cwd: gitdir, input: '' })).trim();
}

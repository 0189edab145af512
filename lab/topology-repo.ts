/**
 * The lab's own copy of the topology repo: the source files with the routers' real public keys,
 * committed and signed with a lab SSH key that every router trusts (allowed_signers), as a work
 * tree (`topology/`, where tests edit and commit) whose origin is the bare repo the git server
 * serves. The work tree's git config signs every commit with the lab key, so a plain
 * `git commit` there is trusted and `git -c commit.gpgsign=false commit` is not.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LabError } from './errors.js';
import type { LabPaths } from './paths.js';
import { run } from './run.js';

export const labSigner = 'lab@dlan.invalid';

/** routers/<name>.yaml with its publicKey line replaced; the rest of the file (comments too) kept. */
export function withPublicKey(text: string, publicKey: string, file: string): string {
  const re = /^publicKey:[^\S\n]*\S+[^\S\n]*$/m;
  if (!re.test(text)) throw new LabError('InvalidLab', `${file} has no single-line publicKey to replace`, { file });
  return text.replace(re, `publicKey: ${publicKey}`);
}

/** The allowed_signers line trusting `publicKey` (an `ssh-ed25519 AAAA… comment` line) for git. */
export function renderAllowedSigners(publicKey: string): string {
  return `${labSigner} namespaces="git" ${publicKey.trim()}\n`;
}

/** Runs git in the lab's work tree. */
export const git = (paths: LabPaths, args: readonly string[]) => run('git', ['-C', paths.topology, ...args], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });

export async function makeSigningKey(paths: LabPaths): Promise<string> {
  mkdirSync(dirname(paths.signingKey), { recursive: true, mode: 0o700 });
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'dlan-lab', '-f', paths.signingKey]);
  const allowed = renderAllowedSigners(readFileSync(`${paths.signingKey}.pub`, 'utf8'));
  writeFileSync(paths.allowedSigners, allowed);
  return allowed;
}

/** Copies `source` into the lab (without its .git), puts in the public keys, commits signed, makes the bare repo. */
export async function writeTopologyRepo(paths: LabPaths, source: string, publicKeys: Readonly<Record<string, string>>): Promise<string> {
  // The source may be a symlink (to a folder someone works in): copy what it points at, and make
  // sure the copy is a real folder of the lab before anything is written or `git init` runs in it.
  const from = realpathSync(source);
  cpSync(from, paths.topology, { recursive: true, dereference: true, filter: (src) => !src.slice(from.length).split('/').includes('.git') });
  if (lstatSync(paths.topology).isSymbolicLink() || !realpathSync(paths.topology).startsWith(`${realpathSync(paths.dir)}/`)) {
    throw new LabError('InvalidLab', `${paths.topology} is not a folder inside the lab; refusing to write there`, { path: paths.topology });
  }
  for (const [router, key] of Object.entries(publicKeys)) {
    const file = [`routers/${router}.yaml`, `routers/${router}.yml`].find((f) => existsSync(join(paths.topology, f)));
    if (!file) throw new LabError('InvalidLab', `no routers/${router}.yaml in ${source}`, { router });
    const path = join(paths.topology, file);
    writeFileSync(path, withPublicKey(readFileSync(path, 'utf8'), key, file));
  }
  await git(paths, ['init', '-q', '-b', 'main']);
  for (const [k, v] of [['user.name', 'dlan lab'], ['user.email', labSigner], ['gpg.format', 'ssh'],
    ['user.signingkey', paths.signingKey], ['commit.gpgsign', 'true'],
    ['gpg.ssh.allowedSignersFile', paths.allowedSigners]]) await git(paths, ['config', k!, v!]);
  await git(paths, ['add', '-A']);
  await git(paths, ['commit', '-q', '-m', "lab: the topology, with the lab routers' public keys"]);
  rmSync(paths.bareRepo, { recursive: true, force: true });
  mkdirSync(paths.gitRoot, { recursive: true });
  await run('git', ['clone', '-q', '--bare', paths.topology, paths.bareRepo]);
  await git(paths, ['remote', 'add', 'origin', paths.bareRepo]);
  await git(paths, ['fetch', '-q', 'origin']);
  await git(paths, ['branch', '-q', '--set-upstream-to=origin/main', 'main']);
  return (await git(paths, ['rev-parse', 'HEAD'])).stdout.trim();
}

/**
 * `dlan verify`: would a router trust this commit? Verifies the signature of a branch tip (or
 * any commit of a local repo) against trust files, exactly as the agent does, and prints who
 * signed it or why it is refused. A URL is fetched into a temporary directory (never into a
 * router's state directory); a local repository is read in place. Exit 0 trusted, 1 refused.
 */
import * as fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import git from 'isomorphic-git';
import { type DlanError, isDlanError, Stalled } from '../../model/errors.js';
import { fetchSource, redactUrl } from '../../reconciler/source/index.js';
import { localGitdir } from '../../reconciler/source/local-copy.js';
import type { Verification } from '../../reconciler/trust/verify-candidate.js';
import { type Command, flag, jsonOption, printJson, str, UsageError } from '../command.js';
import { EXIT } from '../exit-code.js';

export interface VerifyReport {
  readonly repo: string;
  readonly ref: string;
  readonly commit?: string;
  readonly trusted: boolean;
  readonly verification?: Verification;
  readonly error?: ReturnType<DlanError['toJSON']>;
}

const short = (oid: string): string => oid.slice(0, 7);

export function renderVerifyReport(r: VerifyReport): string {
  const what = `${r.commit ? `commit ${short(r.commit)}` : 'the commit'} (${r.ref} of ${r.repo})`;
  if (!r.trusted || !r.verification) return `${what} is refused: ${r.error?.code ?? 'Error'}\n  ${r.error?.message ?? ''}\n`;
  const v = r.verification;
  const lines = [`${what} is trusted`];
  for (const { commit, signer } of v.verified) {
    const who = signer.identities.join(', ') || signer.fingerprint;
    lines.push(`  ${short(commit)} signed by ${who} (${signer.format} ${signer.fingerprint}${signer.forge ? ', forge key' : ''}), trusted by ${signer.trustedBy}`);
  }
  if (v.base) lines.push(`  ${v.relation === 'same' ? 'is' : v.relation === 'descendant' ? 'descends from' : 'rolls back from'} ${short(v.base.commit)} (${v.base.kind})`);
  return `${lines.join('\n')}\n`;
}

async function resolveLocal(gitdir: string, ref: string): Promise<string> {
  try {
    return await git.resolveRef({ fs, gitdir, ref });
  } catch (e) {
    if (/^[0-9a-f]{4,40}$/.test(ref)) return git.expandOid({ fs, gitdir, oid: ref });
    throw new Stalled('RefNotFound', `${ref} is neither a ref nor a commit of ${gitdir}`, { ref, gitdir }, { cause: e });
  }
}

export const verify: Command = {
  name: 'verify',
  summary: 'Check whether a router would trust a commit: who signed it, or why it is refused. Exit 0 trusted, 1 refused.',
  details: [
    'REPO (--repo) is an http(s) URL, fetched into a temporary directory, or a local repository (default: the current directory).',
    'With --since, the commit must also be or descend from that commit (anti-rollback), and --chain verifies every',
    'first-parent commit in between, as the agent does with trust.verify: chain.',
  ].join('\n'),
  options: {
    repo: { type: 'string', value: 'URL|DIR', description: 'The topology repo.' },
    ref: { type: 'string', value: 'REF', description: 'Branch (URL or DIR) or commit (DIR). Default: main for a URL, HEAD for a directory.' },
    'allowed-signers': { type: 'string', value: 'FILE', description: "git's allowed_signers file for SSH signatures." },
    'openpgp-keys': { type: 'string', value: 'FILE|DIR', description: 'Armored OpenPGP public keys (a file, or a directory of *.asc).' },
    'forge-signer': { type: 'string', multiple: true, value: 'ID', description: 'Trust this forge key (fingerprint, principal or e-mail). Repeatable.' },
    since: { type: 'string', value: 'COMMIT', description: 'Treat COMMIT as the last applied one (anti-rollback).' },
    chain: { type: 'boolean', description: 'Verify every first-parent commit since --since.' },
    'token-file': { type: 'string', value: 'FILE', description: 'Token for a private http(s) repo (HTTP basic auth password).' },
    json: jsonOption,
  },
  async run(args, io) {
    const repoArg = str(args, 'repo') ?? '.';
    const isUrl = /^https?:\/\//i.test(repoArg);
    const repo = isUrl ? repoArg : resolve(io.cwd, repoArg);
    const ref = str(args, 'ref') ?? (isUrl ? 'main' : 'HEAD');
    const allowedSigners = str(args, 'allowed-signers');
    const openpgpKeys = str(args, 'openpgp-keys');
    if (!allowedSigners && !openpgpKeys) throw new UsageError('give --allowed-signers and/or --openpgp-keys: the keys you trust');
    if (flag(args, 'chain') && !str(args, 'since')) throw new UsageError('--chain needs --since');
    const forgeSigners = (args.values['forge-signer'] as string[] | undefined) ?? [];
    const tokenFile = str(args, 'token-file');

    let report: VerifyReport;
    let temp: string | undefined;
    let commit: string | undefined;
    // Loaded here, not at start-up: openpgp is large and other commands do not need it.
    const { loadTrustRoots } = await import('../../reconciler/trust/trust-roots.js');
    const { verifyCandidate } = await import('../../reconciler/trust/verify-candidate.js');
    try {
      const roots = await loadTrustRoots({
        ...(allowedSigners && { allowedSigners: resolve(io.cwd, allowedSigners) }),
        ...(openpgpKeys && { openpgpKeys: resolve(io.cwd, openpgpKeys) }),
      });
      let gitdir: string;
      if (isUrl) {
        temp = await mkdtemp(join(tmpdir(), 'dlan-verify-'));
        const fetched = await fetchSource({ url: repo, branch: ref, ...(tokenFile && { auth: { tokenFile: resolve(io.cwd, tokenFile) } }) }, temp);
        gitdir = fetched.gitdir;
        commit = fetched.commit;
      } else {
        gitdir = await localGitdir(repo);
        commit = await resolveLocal(gitdir, ref);
      }
      const since = str(args, 'since');
      const lastApplied = since && !isUrl ? await resolveLocal(gitdir, since) : since;
      const verification = await verifyCandidate({
        gitdir, commit, roots, now: new Date(),
        ...(lastApplied && { lastApplied }),
        policy: { mode: flag(args, 'chain') ? 'chain' : 'tip', forgeSigners },
      });
      report = { repo: redactUrl(repo), ref, commit, trusted: true, verification };
    } catch (e) {
      if (!isDlanError(e)) throw e;
      report = { repo: redactUrl(repo), ref, ...(commit && { commit }), trusted: false, error: e.toJSON() };
    } finally {
      if (temp) await rm(temp, { recursive: true, force: true });
    }
    if (flag(args, 'json')) printJson(io, report);
    else (report.trusted ? io.stdout : io.stderr)(renderVerifyReport(report));
    // A verdict, like validate's: 1 for "not trusted", whatever the reason (the report says which).
    return report.trusted ? EXIT.ok : EXIT.stalled;
  },
};

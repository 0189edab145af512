/**
 * git's allowed-signers file (`gpg.ssh.allowedSignersFile`), which is OpenSSH's format
 * (ssh-keygen(1), "ALLOWED SIGNERS"): one key per line,
 *
 *   principals [options] keytype base64-key [comment]
 *
 * principals: a comma-separated pattern list (`*`, `?`, `!negation`), e.g. `alice@example.org`.
 * options: comma-separated, `namespaces="git,file"`, `valid-after="20240101"`,
 * `valid-before="20251231Z"` (YYYYMMDD[HHMM[SS]], `Z` for UTC, otherwise local time, as
 * ssh-keygen reads it). As in OpenSSH (sshsig.c, sshsigopt_parse), an option given twice, a time
 * that is not one (or is 0) and a `valid-before` not after `valid-after` make the line invalid.
 * `cert-authority` is refused with a clear message: dlan does not verify SSH certificates, list
 * the signers' own keys instead. An RSA key under 2048 bits is refused (ssh-wire.ts says why).
 * Any invalid line makes the whole file a `BadTrustFile` error naming file and line: a router
 * never runs on half of its trust file. A line with a key type dlan cannot verify (security
 * keys, `sk-…`) trusts nothing and is reported in `unsupported`. Pure.
 */
import { Stalled } from '../../model/errors.js';
import { printable } from '../printable.js';
import { parsePublicKey, type SshPublicKey, UnsupportedKey, WeakKey } from './ssh-wire.js';

export interface AllowedSigner {
  readonly principals: string;
  /** Pattern list; absent means every namespace. */
  readonly namespaces?: string;
  /** Unix seconds. */
  readonly validAfter?: number;
  readonly validBefore?: number;
  readonly key: SshPublicKey;
  readonly line: number;
}

export interface AllowedSignersFile {
  readonly file: string;
  readonly signers: readonly AllowedSigner[];
  /** Lines with a key type dlan cannot verify (e.g. `sk-ssh-ed25519@openssh.com`): they trust nothing. */
  readonly unsupported: readonly { readonly line: number; readonly type: string }[];
}

export function parseAllowedSigners(text: string, file: string): AllowedSignersFile {
  const signers: AllowedSigner[] = [];
  const unsupported: { line: number; type: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const bad = (why: string) => new Stalled('BadTrustFile', `${file}:${i + 1}: ${why}`, { file, line: i + 1 });
    const tokens = tokenize(line);
    if (tokens.length < 3) throw bad('expected "principals [options] keytype key"');
    let at = 1;
    let opts: Options = {};
    if (!isKeyType(tokens[1]!)) {
      opts = parseOptions(tokens[1]!, bad);
      at = 2;
    }
    const [type, b64] = [tokens[at], tokens[at + 1]];
    if (!type || !b64) throw bad('missing key');
    let key: SshPublicKey;
    try {
      key = parsePublicKey(Buffer.from(b64, 'base64'));
    } catch (e) {
      if (e instanceof UnsupportedKey && e.type === type) {
        unsupported.push({ line: i + 1, type });
        return;
      }
      if (e instanceof WeakKey) throw bad(e.message);
      throw bad(`cannot read the ${printable(type)} key: ${(e as Error).message}`);
    }
    if (key.type !== type) throw bad(`the key is a ${key.type} key, not ${printable(type)}`);
    signers.push({ principals: unquote(tokens[0]!), ...opts, key, line: i + 1 });
  });
  return { file, signers, unsupported };
}

type Options = Partial<Pick<AllowedSigner, 'namespaces' | 'validAfter' | 'validBefore'>>;

const isKeyType = (t: string): boolean => /^(ssh-|ecdsa-|sk-)/.test(t);

function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (cur !== '') out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out;
}

const unquote = (s: string): string => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);

function parseOptions(field: string, bad: (why: string) => Stalled): Options {
  const opts: { namespaces?: string; validAfter?: number; validBefore?: number } = {};
  const seen = new Set<string>();
  for (const opt of splitOutsideQuotes(field)) {
    const eq = opt.indexOf('=');
    const name = (eq < 0 ? opt : opt.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? undefined : unquote(opt.slice(eq + 1));
    if (name === 'cert-authority') {
      throw bad('cert-authority lines are not supported: dlan does not verify SSH certificates; list each signer\'s own key');
    }
    if (!['namespaces', 'valid-after', 'valid-before'].includes(name)) throw bad(`unknown option ${printable(name)}`);
    if (value === undefined) throw bad(`${name} needs a value, e.g. ${name === 'namespaces' ? 'namespaces="git"' : `${name}="20250101Z"`}`);
    // OpenSSH refuses the line ("multiple clauses"); reading the last copy would silently widen a key's rights.
    if (seen.has(name)) throw bad(`${name} is given twice: a line may state each option once`);
    seen.add(name);
    if (name === 'namespaces') opts.namespaces = value;
    else {
      const t = parseSshTime(value);
      if (t === undefined || t <= 0) throw bad(`${name}="${printable(value)}" is not a time after 1970 in YYYYMMDD[HHMM[SS]][Z]`);
      if (name === 'valid-after') opts.validAfter = t;
      else opts.validBefore = t;
    }
  }
  if (opts.validAfter !== undefined && opts.validBefore !== undefined && opts.validBefore <= opts.validAfter) {
    throw bad('valid-before is not after valid-after: the key would never be valid');
  }
  return opts;
}

function splitOutsideQuotes(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out.filter((o) => o !== '');
}

/**
 * ssh-keygen's absolute time: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, `Z` suffix for UTC, local
 * time otherwise. Unix seconds, or undefined for text that is not a date of the calendar
 * (20240231 is refused, not read as March 2nd).
 */
export function parseSshTime(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z?)$/i.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  // setFullYear, not the Date constructor: that one reads years 0-99 as 1900-1999.
  const date = new Date(0);
  if (m[7]) {
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi, s, 0);
    if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  } else {
    date.setFullYear(y, mo - 1, d);
    date.setHours(h, mi, s, 0);
    if (date.getMonth() !== mo - 1 || date.getDate() !== d) return undefined;
  }
  return Math.floor(date.getTime() / 1000);
}

/** OpenSSH's match_pattern_list: any positive match and no negated match. */
export function matchPatternList(value: string, list: string): boolean {
  let matched = false;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (globMatch(value.toLowerCase(), pattern.toLowerCase())) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function globMatch(s: string, p: string): boolean {
  const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(s);
}

export type SignerMatch =
  | { readonly ok: true; readonly signer: AllowedSigner }
  | { readonly ok: false; readonly code: 'UnknownSigner' | 'SignatureExpired' | 'SignatureNotYetValid'; readonly reason: string };

/**
 * The line that allows `key` to sign in `namespace` at time `at` (unix seconds): the router's
 * clock, as `ssh-keygen -Y verify` judges by default, never the commit's own date, which the
 * signer wrote. When the key is listed but no line fits, says why.
 */
export function findSigner(file: AllowedSignersFile, key: SshPublicKey, namespace: string, at: number): SignerMatch {
  const lines = file.signers.filter((s) => s.key.blob.equals(key.blob));
  if (lines.length === 0) return { ok: false, code: 'UnknownSigner', reason: `which is not in ${file.file}` };
  const inNamespace = lines.filter((s) => s.namespaces === undefined || matchPatternList(namespace, s.namespaces));
  if (inNamespace.length === 0) {
    return { ok: false, code: 'UnknownSigner', reason: `which ${file.file}:${lines[0]!.line} allows only for namespaces "${lines[0]!.namespaces}", not "${namespace}"` };
  }
  const valid = inNamespace.find((s) => (s.validAfter === undefined || at >= s.validAfter) && (s.validBefore === undefined || at <= s.validBefore));
  if (valid) return { ok: true, signer: valid };
  const s = inNamespace[0]!;
  const when = `the router's clock says ${isoSeconds(at)}`;
  if (s.validBefore !== undefined && at > s.validBefore) {
    return { ok: false, code: 'SignatureExpired', reason: `whose validity in ${file.file}:${s.line} ended ${isoSeconds(s.validBefore)}; ${when}` };
  }
  return { ok: false, code: 'SignatureNotYetValid', reason: `whose validity in ${file.file}:${s.line} starts ${isoSeconds(s.validAfter ?? 0)}; ${when}` };
}

const isoSeconds = (t: number): string => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

/**
 * A commit object's raw bytes split into what was signed and the signature, the way git does it
 * (commit.c, parse_buffer_signed_by_header): in the header block, the `gpgsig` header and its
 * continuation lines (starting with a space) are the signature; every other `gpgsig*` header
 * (e.g. `gpgsig-sha256`) and its continuations are dropped too; everything else, byte for byte,
 * is the payload. Works on bytes, so a message in another encoding is kept exactly. Pure.
 *
 * isomorphic-git's `readCommit().payload` is not usable here: it only knows the PGP armour and
 * returns a wrong payload for SSH-signed commits. Nor is its header parser: it throws a bare
 * TypeError on an ident line without a time zone. The header lines are kept as text for
 * `checkCommit` (commit-checks.ts), which judges them the way `git fsck` does.
 */
export interface SignedCommit {
  readonly oid: string;
  readonly payload: Uint8Array;
  /** The armoured signature, or undefined for an unsigned commit. */
  readonly signature?: string;
  /** Read by position, as git does: the `parent` lines right after `tree`. */
  readonly parents: readonly string[];
  /** The payload's header lines in order, without their newline and without continuation lines. */
  readonly headers: readonly string[];
}

const NL = 0x0a;
const SPACE = 0x20;
const decoder = new TextDecoder('utf-8');

function startsWith(raw: Uint8Array, at: number, prefix: string): boolean {
  for (let i = 0; i < prefix.length; i++) if (raw[at + i] !== prefix.charCodeAt(i)) return false;
  return true;
}

export function splitCommit(oid: string, raw: Uint8Array): SignedCommit {
  const kept: Uint8Array[] = [];
  const headers: string[] = [];
  let signature: string | undefined;
  let inSignature = false;
  let otherSignature = false;
  let pos = 0;
  while (pos < raw.length) {
    const nl = raw.indexOf(NL, pos);
    let next = nl < 0 ? raw.length : nl + 1;
    const line = raw.subarray(pos, next);
    let sig: Uint8Array | undefined;
    if (inSignature && line[0] === SPACE) sig = line.subarray(1);
    else if (startsWith(raw, pos, 'gpgsig ')) {
      sig = line.subarray('gpgsig '.length);
      otherSignature = false;
    } else if (startsWith(raw, pos, 'gpgsig')) otherSignature = true;
    else if (otherSignature && line[0] !== SPACE) otherSignature = false;

    if (sig) {
      signature = (signature ?? '') + decoder.decode(sig);
      inSignature = true;
    } else {
      if (line[0] === NL) next = raw.length; // the blank line: the rest is the message
      if (!otherSignature) kept.push(raw.subarray(pos, next));
      if (line[0] !== NL && line[0] !== SPACE && !otherSignature) headers.push(decoder.decode(line).replace(/\n$/, ''));
      inSignature = false;
    }
    pos = next;
  }
  const payload = new Uint8Array(kept.reduce((n, k) => n + k.length, 0));
  let at = 0;
  for (const k of kept) { payload.set(k, at); at += k.length; }
  return { oid, payload, ...(signature !== undefined && { signature }), parents: parentsOf(headers), headers };
}

/** git's reading (commit.c parse_commit_buffer): `tree` first, then the run of `parent` lines. */
function parentsOf(headers: readonly string[]): string[] {
  const parents: string[] = [];
  if (!headers[0]?.startsWith('tree ')) return parents;
  for (const h of headers.slice(1)) {
    if (!h.startsWith('parent ')) break;
    parents.push(h.slice('parent '.length));
  }
  return parents;
}

/**
 * SSH remotes are refused with a suggestion. dlan fetches with isomorphic-git, whose only remote
 * helpers are http and https (GitRemoteManager.getRemoteHelperFor: any other transport, `ssh://`
 * and git's scp-like `user@host:path` included, is UnknownTransportError). Deploy keys over SSH
 * would need a second git implementation (or the git binary and an ssh client on every router);
 * forges give read-only HTTPS credentials instead: a GitHub fine-grained token with Contents:
 * read on the one repo, a Gitea/Forgejo access token with read:repository, a GitLab deploy token
 * with read_repository. Pure.
 */

/** `ssh://[user@]host[:port]/path`, `git+ssh://…`, `ssh+git://…`. */
const SSH_SCHEME = /^(?:ssh|git\+ssh|ssh\+git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.*)$/i;
/** git's "scp-like syntax" `[user@]host:path` (no scheme, no slash before the colon). */
const SCP_LIKE = /^(?:[^/@:\s]+@)?([^/@:\s]+):(?!\/\/)(.+)$/;

/** The HTTPS form of an SSH remote (same host and path), or undefined when `url` is not SSH. */
export function httpsFormOfSsh(url: string): string | undefined {
  const m = SSH_SCHEME.exec(url) ?? (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? null : SCP_LIKE.exec(url));
  if (!m) return undefined;
  const path = m[2]!.replace(/^\/+/, '').replace(/^~[^/]*\//, '');
  return `https://${m[1]}/${path}`;
}

export function sshNotSupportedMessage(url: string, https: string): string {
  return `${url} is an SSH URL, and dlan fetches over HTTPS only (isomorphic-git has no SSH transport). `
    + `Use ${https} with tokenFile: a file holding a read-only token (GitHub: a fine-grained token with Contents: read on this repo; `
    + 'Gitea/Forgejo: an access token with read:repository; GitLab: a deploy token with read_repository, and its name as username). See docs/guide.md.';
}

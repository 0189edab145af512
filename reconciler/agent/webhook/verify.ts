/**
 * Is this webhook POST from the forge? Pure: headers, raw body and the shared secret in, a
 * verdict out. The forges' own documentation defines the checks:
 * - GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`;
 * - Gitea and Forgejo: `X-Gitea-Signature` / `X-Forgejo-Signature`: `<hex HMAC-SHA256(secret, body)>`;
 * - GitLab: `X-Gitlab-Token: <secret>` (a shared token, no HMAC).
 * Comparisons are constant-time (timingSafeEqual on digests of equal length), so the time to
 * refuse says nothing about how much of a guess was right. A push carries no content dlan
 * trusts: it only makes the agent fetch now; the commit is still verified by its signature.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type Forge = 'github' | 'gitea' | 'gitlab';

export type Verdict =
  | { readonly ok: true; readonly forge: Forge; readonly event: string }
  | { readonly ok: false; readonly reason: 'NoSignature' | 'BadSignature' | 'NotAPush' };

type Headers = Readonly<Record<string, string | undefined>>;

/** Constant-time equality of two strings of any length (compares their SHA-256 digests). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

const hmacHex = (secret: string, body: Uint8Array) => createHmac('sha256', secret).update(body).digest('hex');

/** `headers` with lower-case names, as node's http gives them. */
export function verifyWebhook(headers: Headers, body: Uint8Array, secret: string): Verdict {
  const github = headers['x-hub-signature-256'];
  const gitea = headers['x-gitea-signature'] ?? headers['x-forgejo-signature'];
  const gitlab = headers['x-gitlab-token'];
  let forge: Forge;
  let ok: boolean;
  if (github !== undefined) {
    forge = 'github';
    ok = safeEqual(github.trim().toLowerCase(), `sha256=${hmacHex(secret, body)}`);
  } else if (gitea !== undefined) {
    forge = 'gitea';
    ok = safeEqual(gitea.trim().toLowerCase(), hmacHex(secret, body));
  } else if (gitlab !== undefined) {
    forge = 'gitlab';
    ok = safeEqual(gitlab, secret);
  } else return { ok: false, reason: 'NoSignature' };
  if (!ok) return { ok: false, reason: 'BadSignature' };
  const event = headers['x-github-event'] ?? headers['x-gitea-event'] ?? headers['x-forgejo-event'] ?? headers['x-gitlab-event'] ?? '';
  // GitHub/Gitea say `push`, GitLab `Push Hook`; a ping (GitHub's first delivery) is not a push.
  if (!/^push( hook)?$/i.test(event)) return { ok: false, reason: 'NotAPush' };
  return { ok: true, forge, event };
}

import { createHmac } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { safeEqual, verifyWebhook } from '../../../../reconciler/agent/webhook/verify.js';
import { rateLimiter, take } from '../../../../reconciler/agent/webhook/rate-limit.js';

const secret = 'a-long-shared-secret';
const body = Buffer.from('{"ref":"refs/heads/main"}');
const hex = (s: string, b: Uint8Array) => createHmac('sha256', s).update(b).digest('hex');

const v = suite('verifyWebhook');
v('GitHub: a good sha256 HMAC on a push passes; a ping or a bad HMAC does not', () => {
  assert.equal(verifyWebhook({ 'x-hub-signature-256': `sha256=${hex(secret, body)}`, 'x-github-event': 'push' }, body, secret), { ok: true, forge: 'github', event: 'push' });
  assert.equal(verifyWebhook({ 'x-hub-signature-256': `sha256=${hex(secret, body)}`, 'x-github-event': 'ping' }, body, secret), { ok: false, reason: 'NotAPush' });
  assert.equal(verifyWebhook({ 'x-hub-signature-256': `sha256=${hex('other', body)}`, 'x-github-event': 'push' }, body, secret), { ok: false, reason: 'BadSignature' });
  assert.equal(verifyWebhook({ 'x-hub-signature-256': `sha256=${hex(secret, Buffer.from('{}'))}`, 'x-github-event': 'push' }, body, secret), { ok: false, reason: 'BadSignature' }, 'body changed');
});
v('Gitea and Forgejo: bare hex HMAC', () => {
  assert.ok(verifyWebhook({ 'x-gitea-signature': hex(secret, body), 'x-gitea-event': 'push' }, body, secret).ok);
  assert.ok(verifyWebhook({ 'x-forgejo-signature': hex(secret, body), 'x-forgejo-event': 'push' }, body, secret).ok);
  assert.equal(verifyWebhook({ 'x-gitea-signature': hex(`${secret}x`, body), 'x-gitea-event': 'push' }, body, secret), { ok: false, reason: 'BadSignature' });
});
v('GitLab: the shared token, Push Hook', () => {
  assert.ok(verifyWebhook({ 'x-gitlab-token': secret, 'x-gitlab-event': 'Push Hook' }, body, secret).ok);
  assert.equal(verifyWebhook({ 'x-gitlab-token': `${secret}x`, 'x-gitlab-event': 'Push Hook' }, body, secret), { ok: false, reason: 'BadSignature' });
});
v('no signature header at all is refused', () => {
  assert.equal(verifyWebhook({ 'x-github-event': 'push' }, body, secret), { ok: false, reason: 'NoSignature' });
});
v('safeEqual compares whole strings of any length', () => {
  assert.ok(safeEqual('abc', 'abc'));
  assert.not.ok(safeEqual('abc', 'abcd'));
  assert.not.ok(safeEqual('', 'a'));
});
v.run();

const rl = suite('rate limit');
rl('burst, then one per interval', () => {
  const limit = { burst: 2, everyMs: 1000 };
  let b = take(limit, undefined, 0);
  assert.ok(b.allowed);
  b = take(limit, b.bucket, 0);
  assert.ok(b.allowed);
  assert.not.ok(take(limit, b.bucket, 10).allowed);
  assert.ok(take(limit, b.bucket, 1000).allowed);
});
rl('per key, bounded', () => {
  const allow = rateLimiter({ burst: 1, everyMs: 60_000 }, 2);
  assert.ok(allow('a', 0));
  assert.not.ok(allow('a', 1));
  assert.ok(allow('b', 1));
  assert.ok(allow('c', 1));
  assert.ok(allow('a', 2), 'a was forgotten (oldest of three with room for two): full again');
});
rl.run();

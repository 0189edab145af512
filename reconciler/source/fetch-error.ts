/**
 * Turns what isomorphic-git and node throw while talking to the git server into `Transient`
 * errors that say what failed: which step, the URL without credentials, the HTTP status or the
 * socket error. Anything else is not a network problem and is passed through untouched.
 */
import { Transient } from '../errors.js';
import { redactUrl } from './auth.js';

const SOCKET_ERRORS = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'EPIPE', 'ECONNABORTED', 'EPROTO', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'UND_ERR_SOCKET',
]);

export type FetchStep = 'list refs' | 'fetch';

export function toTransient(e: unknown, step: FetchStep, url: string): unknown {
  const err = e as { code?: string; message?: string; data?: { statusCode?: number; statusMessage?: string } };
  const where = redactUrl(url);
  if (err?.code === 'HttpError') {
    const status = err.data?.statusCode;
    const hint = status === 401 || status === 403 ? ' (check repo.tokenFile and repo.username)' : '';
    return new Transient('SourceHttpError', `${step} ${where}: HTTP ${status} ${err.data?.statusMessage ?? ''}`.trimEnd() + hint,
      { url: where, step, status }, { cause: e });
  }
  if (err?.code === 'SmartHttpError' || err?.code === 'UnknownTransportError' || err?.code === 'ParseError') {
    return new Transient('SourceProtocolError', `${step} ${where}: the server did not answer as a git smart-HTTP server (${err.code})`,
      { url: where, step }, { cause: e });
  }
  if (err?.code && SOCKET_ERRORS.has(err.code)) {
    return new Transient('SourceUnreachable', `${step} ${where}: ${err.code}`, { url: where, step, errno: err.code }, { cause: e });
  }
  return e;
}

/**
 * Turns what isomorphic-git and node throw while talking to the git server into `Transient`
 * errors that say what failed: which step, the URL without credentials, the HTTP status, the
 * socket error, the byte limit, or what was wrong with the server's answer. Anything else (a
 * local file system error) is not a network problem and is passed through untouched.
 *
 * Every error isomorphic-git raises while reading an answer (a garbage ref advertisement is an
 * `EmptyServerResponseError`, a garbage pack an `InternalError`, a ref list without HEAD a
 * `NotFoundError`) means the server, or something in between, did not speak git: a
 * `SourceProtocolError` with isomorphic-git's own words, escaped, in the message.
 */
import { Transient } from '../../model/errors.js';
import { printable } from '../printable.js';
import { redactUrl } from './auth.js';
import { TooLarge } from './http-client.js';
import { formatBytes } from './size.js';

const SOCKET_ERRORS = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'EPIPE', 'ECONNABORTED', 'EPROTO', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'UND_ERR_SOCKET',
]);

/** isomorphic-git's error codes for an answer it cannot use. */
const PROTOCOL_ERRORS = new Set([
  'SmartHttpError', 'UnknownTransportError', 'ParseError', 'EmptyServerResponseError', 'InternalError', 'NotFoundError',
  'RemoteCapabilityError', 'InvalidOidError', 'ObjectTypeError', 'AmbiguousError', 'MissingNameError', 'UnsafeFilepathError',
]);

export type FetchStep = 'list refs' | 'fetch';

export function toTransient(e: unknown, step: FetchStep, url: string): unknown {
  const err = e as { code?: string; message?: string; data?: { statusCode?: number; statusMessage?: string; message?: string } };
  const where = redactUrl(url);
  if (e instanceof TooLarge) {
    return new Transient('SourceTooLarge', `${step} ${where}: the server sent more than ${formatBytes(e.limit)} (repo.maxFetchSize) before `
      + 'anything could be verified; the fetch was stopped and nothing was kept. A topology repo is far smaller: check the repo '
      + 'for a big file, or raise repo.maxFetchSize', { url: where, step, limit: e.limit, received: e.received });
  }
  if (err?.code === 'HttpError') {
    const status = err.data?.statusCode;
    const hint = status === 401 || status === 403 ? ' (check repo.tokenFile and repo.username)' : '';
    return new Transient('SourceHttpError', `${step} ${where}: HTTP ${status} ${printable(err.data?.statusMessage ?? '')}`.trimEnd() + hint,
      { url: where, step, status }, { cause: e });
  }
  if (err?.code && PROTOCOL_ERRORS.has(err.code)) {
    const detail = printable(String(err.code === 'InternalError' ? err.data?.message ?? err.message : err.message), 160);
    return new Transient('SourceProtocolError', `${step} ${where}: the server did not answer as a git smart-HTTP server (${err.code}: ${detail})`,
      { url: where, step, cause: err.code }, { cause: e });
  }
  if (err?.code === 'RequestTimedOut') {
    return new Transient('SourceUnreachable', `${step} ${where}: ${err.message}`, { url: where, step, errno: 'ETIMEDOUT' }, { cause: e });
  }
  if (err?.code && SOCKET_ERRORS.has(err.code)) {
    return new Transient('SourceUnreachable', `${step} ${where}: ${err.code}`, { url: where, step, errno: err.code }, { cause: e });
  }
  return e;
}

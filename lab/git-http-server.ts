/**
 * A smart-HTTP git server: git's own `git http-backend` (a CGI program, see
 * git-http-backend(1)) behind node:http, on loopback by default. Tests use it to serve topology
 * repos the way a forge would; the lab serves the topology repo to its routers with it; the
 * benchmark reads its request counter.
 *
 * Every repository under `root` is exported (GIT_HTTP_EXPORT_ALL). Pushing (receive-pack) is off
 * unless `receivePack` is set. With `auth`, every request needs HTTP basic auth with exactly
 * those credentials (401 otherwise, as forges answer), and the user name is passed on as
 * REMOTE_USER.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServerOptions {
  /** Directory holding the repositories (GIT_PROJECT_ROOT); `url('x.git')` serves `<root>/x.git`. */
  readonly root: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly auth?: { readonly username: string; readonly password: string };
  /** Allow `git push` over this server. Default false. */
  readonly receivePack?: boolean;
  /** The git executable. Default `git` from PATH. */
  readonly git?: string;
}

export interface RequestRecord {
  readonly method: string;
  /** Path and query, e.g. `/topo.git/info/refs?service=git-upload-pack`. */
  readonly path: string;
  readonly status: number;
}

export interface GitHttpServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port/<repo>`. */
  url(repo: string): string;
  /** HTTP requests received since start (or the last `resetCounters`), answered or not. */
  readonly requests: number;
  /** The last 1000 requests, oldest first, recorded once answered. */
  readonly log: readonly RequestRecord[];
  resetCounters(): void;
  close(): Promise<void>;
}

const LOG_LIMIT = 1000;

export async function startGitHttpServer(opts: GitHttpServerOptions): Promise<GitHttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const children = new Set<ChildProcess>();
  let requests = 0;
  const log: RequestRecord[] = [];
  const record = (r: RequestRecord) => {
    log.push(r);
    if (log.length > LOG_LIMIT) log.shift();
  };

  const server = createServer((req, res) => {
    requests += 1;
    res.on('finish', () => record({ method: req.method ?? '', path: req.url ?? '', status: res.statusCode }));
    const user = authorize(req, opts.auth);
    if (user === false) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }
    serveCgi(req, res, { ...opts, user, children });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    host,
    port,
    url: (repo) => `http://${urlHost}:${port}/${repo.replace(/^\/+/, '')}`,
    get requests() { return requests; },
    get log() { return log; },
    resetCounters() { requests = 0; log.length = 0; },
    close: () => new Promise<void>((resolve) => {
      for (const c of children) c.kill('SIGKILL');
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** The user name when allowed (undefined without auth), false when the request must get a 401. */
function authorize(req: IncomingMessage, auth: GitHttpServerOptions['auth']): string | undefined | false {
  if (!auth) return undefined;
  const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const [user, pass] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  return user === auth.username && pass === auth.password ? user : false;
}

interface CgiContext extends GitHttpServerOptions {
  readonly user: string | undefined;
  readonly children: Set<ChildProcess>;
}

/** Runs one request through `git http-backend` and relays its CGI answer. */
function serveCgi(req: IncomingMessage, res: ServerResponse, ctx: CgiContext): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const pathInfo = decodeURIComponent(url.pathname);
  if (pathInfo.split('/').includes('..')) {
    res.writeHead(400).end('bad path\n');
    return;
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: ctx.root,
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: pathInfo,
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    // Pushing is decided here, not by REMOTE_USER (http-backend enables it for any user).
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: ctx.receivePack ? 'true' : 'false',
  };
  if (process.env.HOME) env.HOME = process.env.HOME;
  if (ctx.user !== undefined) env.REMOTE_USER = ctx.user;
  if (req.headers['content-type']) env.CONTENT_TYPE = req.headers['content-type'];
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  const proto = req.headers['git-protocol'];
  if (typeof proto === 'string') env.GIT_PROTOCOL = proto;

  const child = spawn(ctx.git ?? 'git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  ctx.children.add(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  child.stdin.on('error', () => { /* the CGI may exit before reading the whole body; its answer says why */ });
  req.pipe(child.stdin);

  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const split = findHeaderEnd(head);
    if (!split) return;
    const { status, headers } = parseCgiHeaders(head.subarray(0, split.at).toString('latin1'));
    res.writeHead(status, headers);
    headersSent = true;
    const body = head.subarray(split.at + split.length);
    if (body.length > 0) res.write(body);
  });
  child.on('error', (e) => {
    ctx.children.delete(child);
    if (!headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`cannot run git http-backend: ${e.message}\n`);
    else res.destroy(e);
  });
  child.on('close', (code) => {
    ctx.children.delete(child);
    if (!headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`git http-backend exited with ${code}: ${stderr}\n`);
      return;
    }
    res.end();
  });
  res.on('close', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
}

function findHeaderEnd(buf: Buffer): { at: number; length: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return undefined;
}

/** CGI response headers (RFC 3875 §6.3): `Status: 404 Not Found` sets the status, the rest pass. */
export function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}

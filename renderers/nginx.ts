/**
 * nginx (1.22, stream module; nginx.org/en/docs/stream/): the port forwards exposed on this
 * router. A full, standalone `/etc/dlan/nginx.conf`:
 * - it loads the stream module by absolute path (Debian's `modules-enabled` uses a relative one,
 *   which breaks as soon as nginx runs with `-p`), has its own pid file under the run dir and
 *   logs errors to stderr (journal or the process supervisor), so it runs the same under the
 *   process service manager (`nginx -c /etc/dlan/nginx.conf -g 'daemon off;'`) and under systemd
 *   (nginx.service with `-c /etc/dlan/nginx.conf`), without Debian's default site on port 80;
 * - one upstream per forward, every backend in it (round robin; a backend that fails a
 *   connection is skipped for `fail_timeout`: passive checks only, nginx OSS has no active ones);
 * - TCP forwards keep half-closed connections open (`proxy_half_close on`, nginx ≥ 1.21.4): by
 *   default nginx ends the whole session when the client shuts down its sending side, so a
 *   client that sends its request and then half-closes (`printf … | nc host port`) lost the
 *   answer it would get from the backend directly (seen in the lab).
 * - TCP forwards send the PROXY protocol header when asked. UDP forwards never do: nginx 1.22
 *   prepends a text header to the first datagram of a session only, which breaks DNS,
 *   WireGuard or game backends; the topology check refuses it (ProxyProtocolOnUdp) and this
 *   renderer would not write it anyway. UDP listeners use `reuseport` so datagrams of one
 *   client stay with one worker.
 * Routers that expose nothing get no nginx config and no nginx service.
 */
import { defaultRenderOptions, type RenderOptions } from './options.js';
import type { Rendered } from './rendered.js';
import type { ForwardSlice, RouterSlice } from '../model/slice.js';
import { banner, lines, type Part } from './text.js';

export const NGINX_CONFIG_PATH = '/etc/dlan/nginx.conf';
export const NGINX_STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';

/** How long nginx waits to connect to a backend before trying the next one. */
const CONNECT_TIMEOUT = '5s';
/** Idle time after which a session is closed: long for TCP (ssh, websockets), short for UDP. */
const IDLE_TIMEOUT = { tcp: '1h', udp: '60s' } as const;
const MAX_FAILS = 1;
const FAIL_TIMEOUT = '10s';

const hostPort = (address: string, port: number): string => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
export const upstreamName = (f: ForwardSlice): string => `${f.service}_${f.protocol}_${f.port}`;

function forward(f: ForwardSlice): Part {
  const udp = f.protocol === 'udp';
  const listen = udp ? ' udp reuseport' : '';
  return [
    '',
    `    # ${f.service}: ${f.protocol} ${f.port} -> ${f.backends.map((b) => b.name).join(', ')} port ${f.to}`,
    `    upstream ${upstreamName(f)} {`,
    f.backends.map((b) => `        server ${hostPort(b.address, f.to)} max_fails=${MAX_FAILS} fail_timeout=${FAIL_TIMEOUT};`),
    '    }',
    '    server {',
    `        listen ${f.port}${listen};`,
    `        listen [::]:${f.port}${listen};`,
    `        proxy_pass ${upstreamName(f)};`,
    !udp && f.proxyProtocol && '        proxy_protocol on;',
    !udp && '        proxy_half_close on;',
    `        proxy_connect_timeout ${CONNECT_TIMEOUT};`,
    `        proxy_timeout ${IDLE_TIMEOUT[f.protocol]};`,
    '    }',
  ];
}

export function nginxConfig(s: RouterSlice, opts: RenderOptions = defaultRenderOptions): string {
  return lines(
    banner('#', 'nginx (stream) configuration', s.router.name),
    `load_module ${NGINX_STREAM_MODULE};`,
    'worker_processes auto;',
    `pid ${opts.runDir}/nginx.pid;`,
    'error_log stderr warn;',
    '',
    'events {',
    '    worker_connections 1024;',
    '}',
    '',
    'stream {',
    '    proxy_next_upstream on;',
    s.forwards.map(forward),
    '}',
  );
}

export function renderNginx(s: RouterSlice, opts: RenderOptions = defaultRenderOptions): Rendered {
  if (s.forwards.length === 0) return {};
  return {
    files: [{ path: NGINX_CONFIG_PATH, content: nginxConfig(s, opts), mode: 0o644, service: 'nginx' }],
    services: [{ name: 'nginx', onChange: 'reload', daemon: true }],
  };
}

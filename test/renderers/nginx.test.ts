import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NGINX_CONFIG_PATH, nginxConfig, renderNginx } from '../../renderers/nginx.js';
import type { RouterSlice } from '../../model/slice.js';
import { hubs } from '../support/topo.js';
import { fileOf, renderedSample } from '../support/rendered.js';

const nginx = suite('renderNginx');
const sample = await renderedSample();

/** The `server { }` block that listens on `listen`. */
const server = (text: string, listen: string): string => {
  const i = text.indexOf(`        listen ${listen}`);
  assert.ok(i >= 0, `no listener ${listen}`);
  return text.slice(text.lastIndexOf('    server {', i), text.indexOf('    }', i));
};

nginx('routers that expose nothing get no nginx file and no nginx service', () => {
  for (const r of ['r1', 'r2', 'r3']) {
    const d = sample.get(r)!;
    assert.not.ok(d.files.some((f) => f.service === 'nginx'), r);
    assert.not.ok(d.services.some((s) => s.name === 'nginx'), r);
  }
  assert.equal(sample.get('r4')!.services.find((s) => s.name === 'nginx'), { name: 'nginx', onChange: 'reload', daemon: true });
});
nginx('a standalone config: stream module by absolute path, own pid under the run dir, errors to stderr', () => {
  const text = fileOf(sample.get('r4')!, NGINX_CONFIG_PATH);
  assert.match(text, '\nload_module /usr/lib/nginx/modules/ngx_stream_module.so;\n');
  assert.match(text, '\npid /run/dlan/nginx.pid;\n');
  assert.match(text, '\nerror_log stderr warn;\n');
  assert.not.match(text, /\bhttp\s*\{/);
});
nginx('TCP forwards keep half-closed connections (a client that shuts down its side after the request gets the answer); UDP has no such thing', () => {
  const text = fileOf(sample.get('r4')!, NGINX_CONFIG_PATH);
  for (const port of ['80;', '443;']) assert.match(server(text, port), 'proxy_half_close on;');
  assert.not.match(server(text, '27015 udp'), 'proxy_half_close');
});
nginx('UDP forward next to TCP forwards with PROXY protocol: reuseport on UDP, proxy_protocol on TCP only', () => {
  const text = fileOf(sample.get('r4')!, NGINX_CONFIG_PATH);
  const udp = server(text, '27015 udp');
  assert.match(udp, 'listen 27015 udp reuseport;');
  assert.match(udp, 'listen [::]:27015 udp reuseport;');
  assert.not.match(udp, 'proxy_protocol');
  for (const port of ['80;', '443;']) assert.match(server(text, port), 'proxy_protocol on;');
  // ssh on r5 did not ask for it, web next to it did.
  assert.not.match(server(fileOf(sample.get('r5')!, NGINX_CONFIG_PATH), '2222;'), 'proxy_protocol');
  assert.match(server(fileOf(sample.get('r5')!, NGINX_CONFIG_PATH), '80;'), 'proxy_protocol on;');
});
nginx('PROXY protocol asked on UDP is never written, even if the topology check were bypassed', () => {
  const s = hubs().service('game', { backends: ['10.9.0.1'], forwards: [{ port: 27015, protocol: 'udp' }], exposeOn: ['h1'] }).slice('h1');
  const forged: RouterSlice = { ...s, forwards: s.forwards.map((f) => ({ ...f, proxyProtocol: true })) };
  assert.not.match(nginxConfig(forged), 'proxy_protocol');
});
nginx('a service with three backends: one upstream with all three, passive failure checks, IPv6 in brackets', () => {
  const s = hubs().service('web', { backends: ['10.9.0.1', '10.9.0.2', 'fd00:9::3'], forwards: [{ port: 443, to: 8443 }], exposeOn: ['h1'] }).slice('h1');
  const text = nginxConfig(s);
  assert.match(text, [
    '    upstream web_tcp_443 {',
    '        server 10.9.0.1:8443 max_fails=1 fail_timeout=10s;',
    '        server 10.9.0.2:8443 max_fails=1 fail_timeout=10s;',
    '        server [fd00:9::3]:8443 max_fails=1 fail_timeout=10s;',
    '    }'].join('\n'));
  assert.match(server(text, '443;'), 'proxy_pass web_tcp_443;');
  assert.match(server(text, '443;'), 'proxy_connect_timeout 5s;');
});
nginx('host names of backends become their static addresses', () => {
  assert.match(fileOf(sample.get('r5')!, NGINX_CONFIG_PATH), '        server 10.2.0.10:22 max_fails=1 fail_timeout=10s;\n        server 10.3.0.10:22 max_fails=1 fail_timeout=10s;\n');
});
nginx('the pid directory is a render option', () => {
  const s = hubs().service('x', { backends: ['10.9.0.1'], forwards: [{ port: 1 }], exposeOn: ['h1'] }).slice('h1');
  assert.match(renderNginx(s, { privateKeyFile: '', runDir: '/run/lab/h1', frrLogFile: '', dhcpLeaseFile: '' }).files![0]!.content, 'pid /run/lab/h1/nginx.pid;');
});
nginx.run();

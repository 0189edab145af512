/**
 * A TCP backend for port-forward tests that speaks the PROXY protocol v1 (haproxy.org's
 * proxy-protocol.txt, §2.1: one line `PROXY TCP4|TCP6 SRC DST SPORT DPORT\r\n` before the data,
 * at most 107 bytes). For each connection it answers one line and closes:
 *   `<name> proxied <src> <sport> -> <dst> <dport> via <peer>`  (a PROXY header came first)
 *   `<name> direct <peer>`                                       (no header)
 * Run as a program inside a lab node: `node proxy-echo.js NAME PORT...` (listens on [::], IPv4
 * too); prints `listening` once every port is bound.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** The source of a connection as a PROXY v1 header states it, or undefined when `line` is not one. Pure. */
export function parseProxyV1(line: string): { src: string; dst: string; sport: number; dport: number } | undefined {
  const m = /^PROXY (TCP4|TCP6) (\S+) (\S+) (\d+) (\d+)$/.exec(line);
  return m ? { src: m[2]!, dst: m[3]!, sport: Number(m[4]), dport: Number(m[5]) } : undefined;
}

const plain = (a: string | undefined): string => (a ?? '').replace(/^::ffff:/, '');

function answer(name: string, s: Socket): void {
  let buf = '';
  const reply = (text: string) => { s.end(`${text}\n`); };
  s.setEncoding('latin1');
  s.setTimeout(5000, () => s.destroy());
  s.on('error', () => s.destroy());
  s.on('data', (d: string) => {
    buf += d;
    const eol = buf.indexOf('\r\n');
    if (eol < 0 && buf.length < 108) return;
    s.removeAllListeners('data');
    const h = eol >= 0 ? parseProxyV1(buf.slice(0, eol)) : undefined;
    reply(h ? `${name} proxied ${h.src} ${h.sport} -> ${h.dst} ${h.dport} via ${plain(s.remoteAddress)}` : `${name} direct ${plain(s.remoteAddress)}`);
  });
}

export async function listen(name: string, ports: readonly number[]): Promise<Server[]> {
  return Promise.all(ports.map((port) => new Promise<Server>((resolve, reject) => {
    const server = createServer((s) => answer(name, s));
    server.once('error', reject);
    server.listen({ port, host: '::', ipv6Only: false }, () => resolve(server));
  })));
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [name = 'backend', ...ports] = process.argv.slice(2);
  await listen(name, ports.map(Number));
  process.stdout.write('listening\n');
}

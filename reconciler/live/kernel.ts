/**
 * The kernel facts a tick reads, from one shell instead of four commands: `ip -j -d addr show`,
 * `wg show IF dump`, whether `table inet dlan` exists (`nft list tables inet`: names only, not the
 * whole ruleset printed), and IPv4 forwarding (/proc/sys/net/ipv4/ip_forward, what `sysctl -n`
 * prints). Forking dlan costs more the bigger its heap is (the page tables are copied: a few ms
 * of CPU per command for a resident agent; bench/reconcile.ts), so a no-op tick forks once here.
 *
 * Each command's exit code follows it after a marker line; `ip` and `wg` failing throws as their
 * own `check: true` run would (CommandFailed naming the command). `wg` is asked only for an
 * interface `ip` lists, as readWireguard does. The shell runs through the Host, so in a
 * namespace host it sees that namespace's links, tables and /proc/sys.
 */
import type { Host } from '../host.js';
import { commandFailed } from '../host/errors.js';
import { parseIpAddrDetails, type ParsedLinks } from './parse-ip.js';

export interface KernelFacts {
  readonly links: ParsedLinks;
  /** `wg show IF dump` of the asked interface, when `ip` lists it. Has the private key in it: parse, never keep. */
  readonly wgDump?: string;
  readonly nftTable: boolean;
  readonly forwarding: boolean;
}

const MARK = '@@dlan-probe';

/**
 * $1 = the WireGuard interface or ''. Each exit code is taken before the `echo` that ends its
 * output. One line, so a trace of commands shows it as one.
 */
const SCRIPT = [
  'ip -j -d addr show', `c=$?; echo; echo "${MARK} $c"`,
  '[ -z "$1" ] || wg show "$1" dump', `c=$?; echo; echo "${MARK} $c"`,
  'nft list tables inet 2>/dev/null', `c=$?; echo; echo "${MARK} $c"`,
  'cat /proc/sys/net/ipv4/ip_forward', `c=$?; echo; echo "${MARK} $c"`,
].join('; ');

export async function readKernel(host: Host, wireguard: string | undefined): Promise<KernelFacts> {
  const r = await host.run('sh', ['-c', SCRIPT, 'dlan-probe', wireguard ?? '']);
  // [ip out, ip code, wg out, wg code, nft out, nft code, forwarding out, forwarding code, '']
  const parts = r.stdout.split(new RegExp(`\\n?${MARK} (\\d+)\\n`));
  if (parts.length < 9) throw commandFailed(host.describe, 'sh', ['-c', '<kernel probe>'], r.code, r.signal, r.stderr || r.stdout.slice(-500));
  const [ipOut, ipCode, wgOut, wgCode, nftOut, nftCode, fwdOut] = parts as [string, string, string, string, string, string, string];
  if (ipCode !== '0') throw commandFailed(host.describe, 'ip', ['-j', '-d', 'addr', 'show'], Number(ipCode), undefined, r.stderr);
  const links = parseIpAddrDetails(ipOut);
  const wgLink = wireguard !== undefined && wireguard !== '' && links.links.some((l) => l.ifname === wireguard);
  if (wgLink && wgCode !== '0') throw commandFailed(host.describe, 'wg', ['show', wireguard, 'dump'], Number(wgCode), undefined, r.stderr);
  return {
    links, ...(wgLink && { wgDump: wgOut }),
    nftTable: nftCode === '0' && /^table inet dlan$/m.test(nftOut), forwarding: fwdOut.trim() === '1',
  };
}
